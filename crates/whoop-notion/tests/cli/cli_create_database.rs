//! `notion pages` and `notion create-database`: end to end through the real binary.

use crate::support;

use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_a_database_under_a_page_and_sync_into_it() {
    let cli = Cli::start().await;
    cli.connect_whoop().await;
    cli.connect_notion().await;
    let home = cli.notion.add_page("Health", true);
    cli.notion.add_page("Private", false);

    let pages = cli.json(&["notion", "pages"]).await;
    let listed = pages["pages"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{pages}");
    assert_eq!(listed[0]["id"], home.as_str());
    assert_eq!(listed[0]["title"], "Health");
    let text = cli.run_ok(&["notion", "pages"]).await;
    assert!(text.contains(&home) && text.contains("Health"), "{text}");

    // By URL, with a chosen title and metrics, as JSON.
    let url = listed[0]["url"].as_str().unwrap().to_string();
    let created = cli
        .json(&[
            "notion",
            "create-database",
            "--parent",
            &url,
            "--title",
            "Sleep log",
            "--metrics",
            "recovery_score,sleep_time,hrv",
        ])
        .await;
    let target = &created["chosen"]["target"];
    assert_eq!(target["database_title"], "Sleep log", "{created}");
    assert_eq!(created["problems"], serde_json::json!([]));
    let mapping = &created["chosen"]["mapping"];
    assert_eq!(mapping["day"]["name"], "Date");
    assert_eq!(mapping["metrics"]["recovery_score"]["name"], "Recovery");
    assert_eq!(mapping["metrics"]["sleep_time"]["unit"], "hours");
    assert_eq!(mapping["metrics"].as_object().unwrap().len(), 3);
    let ds = target["data_source_id"].as_str().unwrap().to_string();

    // Mapped with no problems; the sync fills it.
    let show = cli.json(&["mapping", "show"]).await;
    assert_eq!(show["database"], "Sleep log");
    assert_eq!(show["problems"], serde_json::json!([]), "{show}");
    let (first, last) = (cli.days_ago(4), cli.days_ago(1));
    let report = cli.sync_range(first, last).await;
    let scored = cli.scored(first, last);
    assert_eq!(report["created"].as_u64().unwrap() as usize, scored.len());
    let rows = cli.notion.pages(&ds);
    assert_eq!(rows.len(), scored.len());
    for night in &scored {
        let key = night.day.to_string();
        let row = rows
            .iter()
            .find(|p| p["properties"]["Date"]["date"]["start"] == key.as_str())
            .unwrap();
        let recovery = night.recovery_score.unwrap().round() / 100.0;
        assert_eq!(
            row["properties"]["Recovery"]["number"].as_f64(),
            Some(recovery)
        );
    }

    // Plain output with the default title.
    let text = cli
        .run_ok(&["notion", "create-database", "--parent", &home])
        .await;
    assert!(text.contains("Created \"Daily Tracking\""), "{text}");
    assert!(text.contains("recovery_score"), "{text}");
    let status = cli.json(&["status"]).await;
    assert_eq!(status["notion"]["database"], "Daily Tracking");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_database_errors_say_what_to_do() {
    let cli = Cli::start().await;
    cli.connect_notion().await;
    let private = cli.notion.add_page("Private", false);
    let out = cli
        .run(&["notion", "create-database", "--parent", &private])
        .await;
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.trim_end().ends_with("(notion_not_found)"), "{err}");

    let home = cli.notion.add_page("Health", true);
    cli.notion.set_insert_content(false);
    let out = cli
        .run(&["--json", "notion", "create-database", "--parent", &home])
        .await;
    assert!(!out.status.success());
    let body: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(body["error"]["code"], "notion_no_permission");
    let err = stderr(&out);
    assert!(err.contains("Insert content"), "{err}");
    assert!(err.contains("notion.so/profile/integrations"), "{err}");

    let out = cli
        .run(&[
            "notion",
            "create-database",
            "--parent",
            &home,
            "--metrics",
            "vo2max",
        ])
        .await;
    assert!(stderr(&out).trim_end().ends_with("(invalid_input)"));
}
