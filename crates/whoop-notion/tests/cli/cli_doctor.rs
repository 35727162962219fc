//! `whoop-notion doctor`: one line per check with what to do, exit status 1 when one fails,
//! and `--json` with the typed results — the real binary against the simulators.

use crate::support;

use serde_json::Value;
use support::*;

const CHECKS: [&str; 8] = [
    "keychain",
    "whoop_token",
    "whoop_offline",
    "whoop_workouts",
    "notion_token",
    "notion_database",
    "mapping",
    "clock",
];

fn lines(out: &std::process::Output) -> Vec<String> {
    stdout(out).lines().map(String::from).collect()
}

async fn doctor_json(cli: &Cli) -> (bool, Value) {
    let out = cli.run(&["--json", "doctor"]).await;
    let body: Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&out)));
    let ids: Vec<&str> = body["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, CHECKS, "{body}");
    assert_eq!(body["ok"], out.status.success(), "{body}");
    (out.status.success(), body)
}

fn check<'a>(body: &'a Value, id: &str) -> &'a Value {
    body["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_says_what_is_wrong_one_line_per_check() {
    let cli = Cli::start().await;

    // Nothing connected: WHOOP and Notion fail with their commands, the rest are skipped.
    let out = cli.run(&["doctor"]).await;
    assert!(!out.status.success());
    let shown = lines(&out);
    assert_eq!(shown.len(), CHECKS.len(), "{shown:#?}");
    assert!(shown[0].starts_with("✓ Keychain: "), "{shown:#?}");
    assert!(
        shown[1].starts_with(
            "✗ WHOOP sign-in: WHOOP is not connected — run `whoop-notion whoop connect`"
        ),
        "{shown:#?}"
    );
    assert!(
        shown[2].starts_with("– WHOOP offline access: skipped"),
        "{shown:#?}"
    );
    assert!(
        shown[3].starts_with("– WHOOP workouts: skipped"),
        "{shown:#?}"
    );
    assert!(
        shown[4].contains("run `whoop-notion notion connect --token-stdin`"),
        "{shown:#?}"
    );
    assert!(
        stderr(&out).contains("2 of 8 checks failed."),
        "{}",
        stderr(&out)
    );
    // The settings weren't created by looking.
    assert!(!cli.config_dir().join("config.json").exists());

    // Everything connected: all pass, exit 0.
    cli.connect_all().await;
    let refreshes = cli.whoop.stats().token_refreshes;
    let out = cli.run(&["doctor"]).await;
    let shown = lines(&out);
    assert!(out.status.success(), "{shown:#?}\n{}", stderr(&out));
    assert_eq!(shown.len(), CHECKS.len(), "{shown:#?}");
    for line in &shown {
        assert!(line.starts_with("✓ "), "{shown:#?}");
    }
    assert!(shown[1].contains("John Smith"), "{shown:#?}");
    assert!(shown[5].contains("\"Daily Tracking\""), "{shown:#?}");
    assert!(
        shown[7].starts_with("✓ Clock: this computer's clock"),
        "{shown:#?}"
    );
    let (ok, body) = doctor_json(&cli).await;
    assert!(ok, "{body}");
    for c in body["checks"].as_array().unwrap() {
        assert_eq!(c["status"], "pass", "{body}");
        assert_eq!(c["code"], Value::Null, "{body}");
    }
    assert_eq!(
        cli.whoop.stats().token_refreshes,
        refreshes,
        "no needless refresh"
    );

    // The database is no longer shared: that line fails with the sharing steps, the mapping
    // is skipped, exit status 1; --json says the same with the code.
    cli.notion.set_shared(&cli.db.database_id, false);
    let out = cli.run(&["doctor"]).await;
    assert!(!out.status.success());
    let shown = lines(&out);
    assert_eq!(shown.len(), CHECKS.len(), "{shown:#?}");
    assert!(shown[5].starts_with("✗ Notion database: "), "{shown:#?}");
    assert!(shown[5].contains("••• → Connections"), "{shown:#?}");
    assert!(shown[6].starts_with("– Mapping: skipped"), "{shown:#?}");
    assert!(stderr(&out).contains("1 of 8 checks failed."));
    let (ok, body) = doctor_json(&cli).await;
    assert!(!ok);
    let db = check(&body, "notion_database");
    assert_eq!(db["status"], "fail");
    assert_eq!(db["code"], "notion_not_found");
    assert!(!db["detail"].as_str().unwrap().contains("whoop-notion"));
    assert_eq!(check(&body, "mapping")["status"], "skip");
    cli.notion.set_shared(&cli.db.database_id, true);

    // A mapped column deleted in Notion.
    cli.notion
        .remove_property(&cli.db.data_source_ids[0], "Recovery");
    let out = cli.run(&["doctor"]).await;
    assert!(!out.status.success());
    let shown = lines(&out);
    assert!(shown[6].starts_with("✗ Mapping: "), "{shown:#?}");
    assert!(shown[6].contains("\"Recovery\""), "{shown:#?}");
    assert!(
        shown[6].contains("`whoop-notion mapping show`"),
        "{shown:#?}"
    );
}
