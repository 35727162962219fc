//! `whoop-notion workouts …` and `export --workouts`, end to end through the real binary: a
//! Workouts database created beside the days, one page per workout linked to its day, the
//! sync's workouts line, and the history's workouts exported as the pages hold them.

use crate::support;

use std::collections::BTreeMap;

use serde_json::Value;
use support::*;

/// The first CSV line's cells and the rest, for cells without quotes or commas (the test's
/// sports have none).
fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut lines = text.split_terminator("\r\n");
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
        .map(|line| {
            header
                .iter()
                .cloned()
                .zip(line.split(',').map(String::from))
                .collect()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workouts_get_pages_linked_to_their_days_and_export_as_written() {
    let cli = Cli::start().await;
    cli.connect_all().await;

    let off = cli.run_ok(&["workouts", "show"]).await;
    assert!(off.contains("Workouts are off"), "{off}");
    // The generated daily database is at the workspace's top level: no page beside it.
    let nowhere = cli.run(&["workouts", "create-database"]).await;
    assert!(!nowhere.status.success());
    assert!(
        stderr(&nowhere).contains("--parent PAGE"),
        "{}",
        stderr(&nowhere)
    );

    let home = cli.notion.add_page("Health", true);
    let created = cli
        .json(&[
            "workouts",
            "create-database",
            "--parent",
            &home,
            "--energy",
            "kj",
        ])
        .await;
    assert_eq!(created["title"], "Workouts", "{created}");
    assert_eq!(created["problems"], serde_json::json!([]), "{created}");
    let ds = created["data_source_id"].as_str().unwrap().to_string();
    let mapped: Vec<&str> = created["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["property"].is_null())
        .map(|r| r["field"].as_str().unwrap())
        .collect();
    assert!(mapped.contains(&"energy_kj") && !mapped.contains(&"energy_kcal"));
    assert!(mapped.contains(&"day") && mapped.contains(&"whoop_id"));
    let preview = cli.run_ok(&["workouts", "preview"]).await;
    assert!(preview.contains("The newest workout, \""), "{preview}");
    assert!(
        preview.contains("Energy (kJ)") && preview.contains("→ "),
        "{preview}"
    );
    assert!(cli.notion.pages(&ds).is_empty(), "a preview writes nothing");

    // Two weeks: the generated world has workouts on most days whatever today is.
    let (first, last) = (cli.days_ago(13), cli.days_ago(0));
    let report = cli.sync_range(first, last).await;
    let workouts = &report["workouts"];
    let created_count = workouts["created"].as_u64().unwrap();
    assert!(created_count >= 2, "{report}");
    let pages = cli.notion.pages(&ds);
    assert_eq!(pages.len() as u64, created_count);
    let linked = pages
        .iter()
        .filter(|p| {
            p["properties"]["Day"]["relation"]
                .as_array()
                .is_some_and(|links| links.len() == 1)
        })
        .count();
    assert_eq!(
        linked as u64,
        created_count - workouts["unlinked"].as_u64().unwrap()
    );

    // Plain output: the workouts line.
    let text = cli
        .run_ok(&[
            "sync",
            "--since",
            &first.to_string(),
            "--until",
            &last.to_string(),
        ])
        .await;
    // Every page is unchanged (a workout that ended in the seconds between the runs is new).
    let line = text
        .lines()
        .find(|l| l.starts_with("Workouts: "))
        .unwrap_or_else(|| panic!("{text}"));
    let numbers: Vec<u64> = line
        .split([' ', ','])
        .filter_map(|w| w.parse().ok())
        .collect();
    let (created, updated, unchanged) = (numbers[0], numbers[1], numbers[2]);
    assert_eq!(updated, 0, "{line}");
    assert_eq!(unchanged, created_count, "{line}");
    assert_eq!(cli.notion.pages(&ds).len() as u64, created_count + created);

    // The export holds every page's workout with the numbers on the page.
    let csv = cli
        .run_ok(&["export", "--workouts", "--since", &first.to_string()])
        .await;
    let rows = csv_rows(&csv);
    let pages = cli.notion.pages(&ds);
    assert_eq!(rows.len(), pages.len(), "{csv}");
    for page in &pages {
        let id: String = page["properties"]["WHOOP ID"]["rich_text"][0]["plain_text"]
            .as_str()
            .unwrap()
            .to_string();
        let row = rows.iter().find(|r| r["whoop_id"] == id).expect("exported");
        let strain = &page["properties"]["Strain"]["number"];
        match strain {
            Value::Number(n) => assert_eq!(row["strain"].parse::<f64>().ok(), n.as_f64()),
            _ => assert_eq!(row["strain"], "", "{row:?}"),
        }
        let start = page["properties"]["Start"]["date"]["start"]
            .as_str()
            .unwrap();
        assert_eq!(&row["date"], &start[..10], "the workout's own day");
    }
    let json = cli
        .json(&[
            "export",
            "--workouts",
            "--format",
            "json",
            "--since",
            "first",
        ])
        .await;
    assert_eq!(json["workouts"].as_array().unwrap().len(), pages.len());

    // Off: the database and its pages stay; the next sync has no workouts line.
    let off = cli.run_ok(&["workouts", "off"]).await;
    assert!(off.contains("stay in Notion"), "{off}");
    assert_eq!(cli.notion.pages(&ds).len(), pages.len());
    let report = cli.sync_range(first, last).await;
    assert!(report.get("workouts").is_none(), "{report}");
}
