//! `mapping show` and `mapping set` warn about a column whose number format shows the metric
//! wrong (a duration in a percent column reads 908%), and still write it.

use crate::support;

use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_duration_in_a_percent_column_is_warned_about() {
    let cli = Cli::start().await;
    cli.connect_all().await;
    let shown = cli.run_ok(&["mapping", "show"]).await;
    assert!(
        !shown.contains("~ "),
        "no warning while every column fits: {shown}"
    );

    // "Sleep Efficiency" is a percent column in the Daily Tracking database.
    let set = cli
        .run_ok(&["mapping", "set", "sleep_time=Sleep Efficiency"])
        .await;
    let warning = set
        .lines()
        .find(|line| line.starts_with("~ sleep_time: "))
        .unwrap_or_else(|| panic!("no warning: {set}"));
    assert!(warning.contains("\"Sleep Efficiency\""), "{warning}");
    assert!(warning.contains("908%"), "{warning}");

    let json = cli.json(&["mapping", "show"]).await;
    assert_eq!(json["warnings"][0]["key"], "sleep_time", "{json}");
    assert_eq!(
        json["problems"],
        serde_json::json!([]),
        "a warning, not a problem"
    );
    // It still syncs.
    cli.run_ok(&["sync"]).await;
}
