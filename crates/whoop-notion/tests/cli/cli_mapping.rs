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

/// Weight and height take their unit after the property, as skin temperature takes °F.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weight_and_height_take_a_unit_suffix() {
    let cli = Cli::start().await;
    cli.connect_all().await;
    let set = cli
        .run_ok(&[
            "mapping",
            "set",
            "body_weight=Calories:lb",
            "body_height=Notes:in",
        ])
        .await;
    assert!(
        set.contains("body_weight          → Calories [lb]"),
        "{set}"
    );
    assert!(set.contains("body_height          → Notes [in]"), "{set}");
    let json = cli.json(&["mapping", "show"]).await;
    let rows = json["rows"].as_array().unwrap();
    let row = |key: &str| rows.iter().find(|r| r["key"] == key).unwrap().clone();
    assert_eq!(row("body_weight")["property"]["weight"], "pounds", "{json}");
    assert_eq!(row("body_weight")["weight"], true);
    assert_eq!(row("body_height")["property"]["height"], "inches", "{json}");
    // Without a unit: kg, as WHOOP gives it.
    let set = cli
        .run_ok(&["mapping", "set", "body_weight=Calories"])
        .await;
    assert!(set.contains("body_weight          → Calories\n"), "{set}");

    let wrong = cli
        .run(&["mapping", "set", "body_weight=Calories:in"])
        .await;
    assert!(!wrong.status.success());
    assert!(
        stderr(&wrong).contains("use kg or lb"),
        "{}",
        stderr(&wrong)
    );
}
