//! A user's whole journey through the CLI contract, against the simulators.

use crate::support;

use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_map_sync_and_read_history() {
    let cli = Cli::start().await;
    let said = cli.connect_whoop().await;
    assert!(said.contains("Connected to WHOOP as John Smith"), "{said}");
    cli.connect_notion().await;

    let sources = cli.json(&["notion", "databases"]).await;
    let listed = sources["data_sources"].as_array().unwrap();
    assert!(
        listed
            .iter()
            .any(|s| s["id"] == cli.db.data_source_ids[0].as_str()),
        "{sources}"
    );

    let url = format!(
        "https://www.notion.so/Daily-Tracking-{}",
        cli.db.database_id.replace('-', "")
    );
    let used = cli.run_ok(&["notion", "use", &url]).await;
    assert!(used.contains("Daily Tracking"), "{used}");

    let mapping = cli.json(&["mapping", "show"]).await;
    assert_eq!(mapping["day"]["name"], "Date");
    let set = cli
        .json(&["mapping", "set", "sleep_time=Sleep:text", "hrv=HRV"])
        .await;
    let row = set["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "sleep_time")
        .unwrap()
        .clone();
    assert_eq!(row["property"]["name"], "Sleep");
    assert_eq!(row["property"]["unit"], "text");

    let (first, last) = (cli.days_ago(12), cli.days_ago(2));
    let report = cli.sync_range(first, last).await;
    let scored = cli.scored(first, last);
    assert_eq!(
        report["created"].as_u64().unwrap() as usize,
        scored.len(),
        "{report}"
    );
    assert_eq!(report["days"].as_array().unwrap().len(), 11);
    for key in ["created", "updated", "unchanged", "waiting", "skipped"] {
        assert!(report[key].is_u64(), "{key} missing: {report}");
    }
    assert!(report["requests"]["whoop"].as_u64().unwrap() >= 2);
    assert!(report["requests"]["notion"].as_u64().unwrap() >= 1);
    for night in &scored {
        let day = report["days"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["day"] == night.day.to_string().as_str())
            .unwrap();
        assert_eq!(day["action"], "created");
        assert!(day["page_id"].is_string());
        let pages = cli.pages_on(night.day);
        assert_eq!(pages.len(), 1);
        let minutes = (night.sleep_time_milli.unwrap() as f64 / 60_000.0).round() as i64;
        let text: String = pages[0]["properties"]["Sleep"]["rich_text"][0]["plain_text"]
            .as_str()
            .unwrap()
            .to_string();
        let expected = if minutes >= 60 {
            format!("{}h {:02}m", minutes / 60, minutes % 60)
        } else {
            format!("{minutes}m")
        };
        assert_eq!(text, expected, "{}", night.day);
    }
    for day in report["days"].as_array().unwrap() {
        if day["action"] == "skipped" || day["action"] == "waiting" {
            assert!(day["reason"].is_string(), "a skipped day says why: {day}");
        }
    }

    let again = cli.sync_range(first, last).await;
    assert_eq!(again["created"], 0);
    assert_eq!(again["updated"], 0);
    assert_eq!(again["unchanged"].as_u64().unwrap() as usize, scored.len());

    let human = cli
        .run_ok(&["sync", "--day", &scored[0].day.to_string()])
        .await;
    assert!(
        human.contains("unchanged") && human.contains("Recovery"),
        "{human}"
    );

    let history = cli.json(&["history", "--limit", "3"]).await;
    let runs = history["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 3, "newest first, three runs so far");
    assert_eq!(
        runs[2]["counts"]["created"].as_u64().unwrap() as usize,
        scored.len()
    );
    assert_eq!(
        runs[1]["counts"]["unchanged"].as_u64().unwrap() as usize,
        scored.len()
    );

    let status = cli.json(&["status"]).await;
    assert_eq!(status["whoop"]["state"], "connected");
    assert_eq!(status["whoop"]["user_name"], "John Smith");
    assert_eq!(status["notion"]["state"], "connected");
    assert_eq!(status["notion"]["database"], "Daily Tracking");

    // No secret in the settings or the history (the opt-in secrets file is the only place
    // allowed to hold them, when the keychain isn't used).
    let tree = read_tree(&cli.config_dir()).replace(
        &std::fs::read_to_string(cli.config_dir().join("secrets.json")).unwrap_or_default(),
        "",
    );
    for secret in [CLIENT_SECRET, NOTION_TOKEN] {
        assert!(
            !tree.contains(secret),
            "{secret} leaked into the config dir"
        );
    }
    if !real_keychain() {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(cli.config_dir().join("secrets.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let out = cli.run_ok(&["whoop", "disconnect"]).await;
    assert!(out.contains("disconnected"), "{out}");
    let status = cli.json(&["status"]).await;
    assert_eq!(status["whoop"]["state"], "not_connected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_live_in_the_real_keychain() {
    if !real_keychain() {
        eprintln!("skipped: run under scripts/with-keychain.sh to test the OS keychain");
        return;
    }
    let cli = Cli::start().await;
    cli.connect_all().await;
    let config: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(cli.config_dir().join("config.json")).unwrap(),
    )
    .unwrap();
    let profile = config["profile_id"].as_str().unwrap();
    let lookup = std::process::Command::new("secret-tool")
        .args([
            "lookup",
            "service",
            "whoop-notion-sync",
            "username",
            &format!("{profile}/notion.token"),
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&lookup.stdout).trim(), NOTION_TOKEN);
    assert!(!cli.config_dir().join("secrets.json").exists());
    let report = cli
        .json(&["sync", "--day", &cli.days_ago(3).to_string()])
        .await;
    assert_eq!(report["days"].as_array().unwrap().len(), 1);
}
