//! `whoop-notion export`: every metric the history holds, mapped or not, one row per day, as
//! CSV or JSON, read locally. The CSV round-trips: every cell reads back as the history's value.

use crate::support;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::Value;
use support::*;
use sync_history::History;

/// The history's latest values per day, as the app wrote them: `{day: {metric: value}}`.
fn history_values(cli: &Cli, first: NaiveDate, last: NaiveDate) -> BTreeMap<String, Value> {
    let history = History::open(&cli.config_dir().join("history.sqlite3")).unwrap();
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

/// A CSV of simple cells (what export writes: no cell needs quotes) as header and rows.
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_writes_every_metric_the_history_holds_and_round_trips() {
    let cli = Cli::start().await;

    // Nothing synced yet: a clear refusal, not an empty file.
    let empty = cli.run(&["export"]).await;
    assert!(!empty.status.success());
    let said = stderr(&empty);
    assert!(said.contains("the history holds no synced days"), "{said}");
    assert!(said.contains("whoop-notion sync --since first"), "{said}");
    assert!(stdout(&empty).is_empty(), "{}", stdout(&empty));

    let unconnected = cli.run(&["export", "--from-whoop"]).await;
    assert!(
        stderr(&unconnected).contains("(whoop_not_connected)"),
        "{}",
        stderr(&unconnected)
    );

    cli.connect_all().await;
    // HRV isn't mapped: it is still exported, since the history holds it.
    cli.run_ok(&["mapping", "unset", "hrv"]).await;
    let (first, last) = (cli.days_ago(13), cli.days_ago(0));
    cli.sync_range(first, last).await;
    let truth = history_values(&cli, first, last);
    assert!(truth.len() >= 10, "{truth:?}");

    cli.whoop.reset_stats();
    cli.notion.reset_stats();
    let csv = cli.run_ok(&["export", "--format", "csv"]).await;
    let (header, rows) = parse_csv(&csv);
    assert_eq!(header[0], "date");
    for key in [
        "recovery_score",
        "hrv",
        "sleep_time",
        "sleep_efficiency",
        "bedtime",
    ] {
        assert!(header.iter().any(|h| h == key), "{key} in {header:?}");
    }
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
    assert_eq!(cli.whoop.stats().requests_total, 0, "no request to WHOOP");
    assert_eq!(cli.notion.stats().requests_total, 0, "no request to Notion");

    // JSON into a file: the same days and values; an existing file is kept unless --force.
    let file = cli.config_dir().parent().unwrap().join("whoop.json");
    let path = file.to_str().unwrap();
    let wrote = cli
        .json(&["export", "--format", "json", "--output", path])
        .await;
    assert_eq!(wrote["days"], truth.len());
    let json: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let days = json["days"].as_array().unwrap();
    assert_eq!(days.len(), truth.len());
    for day in days {
        let values = &truth[day["date"].as_str().unwrap()];
        for (key, value) in values.as_object().unwrap() {
            assert_eq!(&day[key], value, "{key} on {}", day["date"]);
        }
    }
    let before = std::fs::read(&file).unwrap();
    let again = cli.run(&["export", "--output", path]).await;
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already exists; choose another name, or add --force"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file is unchanged"
    );
    let replaced = cli.run_ok(&["export", "--output", path, "--force"]).await;
    assert!(
        replaced.starts_with(&format!("Wrote {} days", truth.len())),
        "{replaced}"
    );
    assert!(std::fs::read_to_string(&file).unwrap().starts_with("date,"));

    // From WHOOP, for the same days, with no request to Notion.
    cli.notion.reset_stats();
    let (since, until) = (first.to_string(), last.to_string());
    let range = ["--since", since.as_str(), "--until", until.as_str()];
    let from_history = cli.run_ok(&[&["export"][..], &range].concat()).await;
    let from_whoop = cli
        .run_ok(&[&["export", "--from-whoop"][..], &range].concat())
        .await;
    // WHOOP gives the same cells for every column the history has, and more: the workout
    // metrics, which the sync didn't read since none is mapped.
    let (history_header, history_rows) = parse_csv(&from_history);
    let (whoop_header, whoop_rows) = parse_csv(&from_whoop);
    assert_eq!(whoop_rows.len(), history_rows.len());
    assert!(
        whoop_header.iter().any(|h| h == "workout_count"),
        "{whoop_header:?}"
    );
    for (h, w) in history_rows.iter().zip(&whoop_rows) {
        for (column, cell) in history_header.iter().zip(h) {
            let at = whoop_header.iter().position(|c| c == column).unwrap();
            assert_eq!(&w[at], cell, "{} {column}", h[0]);
        }
    }
    assert!(cli.whoop.stats().requests_total > 0);
    assert_eq!(cli.notion.stats().requests_total, 0, "no request to Notion");

    // A range: only its days.
    let since = cli.days_ago(5).to_string();
    let until = cli.days_ago(3).to_string();
    let part = cli
        .run_ok(&["export", "--since", &since, "--until", &until])
        .await;
    let (_, rows) = parse_csv(&part);
    assert!(!rows.is_empty() && rows.len() <= 3, "{part}");
    assert!(
        rows.iter().all(|r| r[0] >= since && r[0] <= until),
        "{part}"
    );
    let backwards = cli
        .run(&["export", "--since", &until, "--until", &since])
        .await;
    assert!(
        stderr(&backwards).contains("is after --until"),
        "{}",
        stderr(&backwards)
    );
}
