//! History → Export… through the window's commands: the file the save dialog chose gets the
//! history's days (or workouts) as CSV or JSON, every number as the history holds it, read
//! locally; nothing synced yet is a refusal in the desktop's words, with no file made.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};
use support::{call, connect_notion, connect_whoop, RealPath};
use sync_engine::config::ConfigDir;
use sync_history::History;

/// The history's latest values per day, as the app wrote them: `{day: {metric: value}}`.
fn history_values() -> BTreeMap<String, Value> {
    let profile = ConfigDir::new(std::env::var_os("WHOOP_NOTION_CONFIG_DIR").unwrap());
    let history = History::open(&profile.history_file()).unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap();
    let last = chrono::NaiveDate::from_ymd_opt(2100, 1, 1).unwrap();
    history
        .day_values(first, last)
        .unwrap()
        .into_iter()
        .map(|(day, values)| {
            let raw: serde_json::Map<String, Value> = values
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v["value"].clone()))
                .collect();
            (day.to_string(), Value::Object(raw))
        })
        .collect()
}

/// A CSV of simple cells (no cell of these needs quotes) as header and rows.
fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(text.ends_with("\r\n"), "CRLF line ends: {text:?}");
    let mut lines = text.split_terminator("\r\n");
    let cells = |line: &str| line.split(',').map(str::to_string).collect::<Vec<_>>();
    let header = cells(lines.next().expect("a header row"));
    (header, lines.map(cells).collect())
}

/// A cell and the history's value are the same: numbers as numbers, text as text.
fn same(cell: &str, value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => cell.is_empty(),
        Some(Value::Number(n)) => cell.parse::<f64>().ok() == n.as_f64(),
        Some(Value::String(s)) => cell == s,
        Some(_) => false,
    }
}

/// What is in `dir` besides the files named: a temp file left behind would show here.
fn others(dir: &Path, named: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !named.contains(&n.as_str()))
        .collect()
}

async fn export(
    service: &RealPath,
    path: &Path,
    format: &str,
    workouts: bool,
) -> Result<Value, Value> {
    call(
        &service.service,
        "export_history",
        json!({"path": path, "format": format, "workouts": workouts}),
    )
    .await
}

/// One test: the profile lives in env vars, which are global to the process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_writes_the_historys_days_and_workouts_to_the_chosen_file() {
    let app = RealPath::start().await;
    let out = tempfile::tempdir().unwrap();
    let csv_path = out.path().join("whoop.csv");

    // Nothing synced yet: the code and the desktop's sentence, and no file.
    let err = export(&app, &csv_path, "csv", false).await.unwrap_err();
    assert_eq!(err["code"], "nothing_to_export", "{err}");
    assert_eq!(
        err["message"],
        app_core::wording::sentence(sync_engine::ErrorCode::NothingToExport)
    );
    assert!(others(out.path(), &[]).is_empty());
    // Only a file the dialog chose: a relative path or a folder is refused.
    for bad in [Path::new("whoop.csv"), out.path()] {
        let err = export(&app, bad, "csv", false).await.unwrap_err();
        assert_eq!(err["code"], "invalid_input", "{err}");
    }

    connect_whoop(&app.service, &app.recorder, 1).await;
    connect_notion(&app.service, &app.world.database_id).await;
    let page = app.world.notion.add_page("Health", true);
    let workouts = call(
        &app.service,
        "workouts_create_database",
        json!({"parent": page, "energy": "kcal"}),
    )
    .await
    .unwrap();
    let workouts_ds = workouts["dataSourceId"].as_str().unwrap().to_string();
    call(&app.service, "backfill", json!({"days": 14}))
        .await
        .unwrap();
    let truth = history_values();
    assert!(truth.len() >= 10, "{truth:?}");

    // A file already there is replaced whole: the save dialog asked the user first.
    std::fs::write(&csv_path, "the user's old file\n").unwrap();
    app.world.whoop.reset_stats();
    app.world.notion.reset_stats();
    let saved = export(&app, &csv_path, "csv", false).await.unwrap();
    assert_eq!(saved["rows"], truth.len(), "{saved}");
    assert_eq!(saved["fileName"], "whoop.csv");
    assert_eq!(saved["path"], csv_path.to_str().unwrap());
    assert_eq!(saved["first"], *truth.keys().next().unwrap());
    assert_eq!(saved["last"], *truth.keys().last().unwrap());
    let (header, rows) = parse_csv(&std::fs::read_to_string(&csv_path).unwrap());
    assert_eq!(header[0], "date");
    assert_eq!(rows.len(), truth.len());
    let mut numbers = 0;
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
        let values = &truth[&row[0]];
        for (column, cell) in header.iter().zip(row).skip(1) {
            assert!(
                same(cell, values.get(column)),
                "{} {column}: {cell} in the CSV, {:?} in the history",
                row[0],
                values.get(column)
            );
            numbers += usize::from(!cell.is_empty());
        }
        for key in values.as_object().unwrap().keys() {
            assert!(header.contains(key), "{key} is left out");
        }
    }
    assert!(numbers >= 10 * 8, "{numbers} values");
    assert_eq!(
        app.world.whoop.stats().requests_total,
        0,
        "no request to WHOOP"
    );
    assert_eq!(
        app.world.notion.stats().requests_total,
        0,
        "no request to Notion"
    );
    assert_eq!(others(out.path(), &["whoop.csv"]), Vec::<String>::new());

    // JSON: the same days and values.
    let json_path = out.path().join("whoop.json");
    let saved = export(&app, &json_path, "json", false).await.unwrap();
    assert_eq!(saved["rows"], truth.len());
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let days = written["days"].as_array().unwrap();
    assert_eq!(days.len(), truth.len());
    for day in days {
        let values = &truth[day["date"].as_str().unwrap()];
        for (key, value) in values.as_object().unwrap() {
            assert_eq!(&day[key], value, "{} {key}", day["date"]);
        }
    }

    // Workouts: one row per workout page the sync wrote.
    let pages = app.world.notion.pages(&workouts_ds);
    assert!(!pages.is_empty());
    let workouts_path = out.path().join("workouts.csv");
    let saved = export(&app, &workouts_path, "csv", true).await.unwrap();
    assert_eq!(saved["rows"], pages.len(), "{saved}");
    let (header, rows) = parse_csv(&std::fs::read_to_string(&workouts_path).unwrap());
    assert_eq!(rows.len(), pages.len());
    assert!(header.iter().any(|h| h == "strain"), "{header:?}");
    assert!(header.iter().any(|h| h == "sport"), "{header:?}");
}
