//! Settings → Check setup (`check_setup`) on the real path, against the simulators: one line
//! per check in the desktop's words with the code the window picks its button by, skipped
//! checks after a failure, and the login item from the OS side (the recorder).

mod support;

use std::sync::Arc;

use app_service::AppService;
use serde_json::{json, Value};
use support::call;

const IDS: [&str; 9] = [
    "keychain",
    "whoop_token",
    "whoop_offline",
    "whoop_workouts",
    "notion_token",
    "notion_database",
    "mapping",
    "clock",
    "login_item",
];

async fn check_setup(service: &Arc<AppService>) -> Vec<Value> {
    let answer = call(service, "check_setup", json!({})).await.unwrap();
    let checks = answer.as_array().unwrap().clone();
    let ids: Vec<&str> = checks.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, IDS, "{answer}");
    for c in &checks {
        let message = c["message"].as_str().unwrap();
        assert!(!c["title"].as_str().unwrap().is_empty(), "{c}");
        for bad in ["whoop-notion", "`", "{", "HTTP", "invalid_grant", "\""] {
            assert!(!message.contains(bad), "{c}");
        }
    }
    checks
}

fn status<'a>(checks: &'a [Value], id: &str) -> (&'a str, &'a Value, &'a str) {
    let c = checks.iter().find(|c| c["id"] == id).unwrap();
    (
        c["status"].as_str().unwrap(),
        &c["code"],
        c["message"].as_str().unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_setup_says_what_is_wrong_in_the_desktops_words() {
    let support::RealPath {
        world,
        recorder,
        service,
        ..
    } = support::RealPath::start().await;

    // Nothing connected: WHOOP and Notion fail with the codes of their Connect buttons, what
    // depends on them is skipped, and launch at login (off) is a warning.
    let checks = check_setup(&service).await;
    assert_eq!(status(&checks, "keychain").0, "pass");
    assert_eq!(
        status(&checks, "whoop_token"),
        (
            "fail",
            &json!("whoop_not_connected"),
            "WHOOP isn't connected yet."
        )
    );
    assert_eq!(status(&checks, "whoop_offline").0, "skip");
    assert_eq!(
        status(&checks, "notion_token"),
        (
            "fail",
            &json!("notion_not_connected"),
            "Notion isn't connected yet."
        )
    );
    for id in ["notion_database", "mapping", "clock"] {
        let (s, code, message) = status(&checks, id);
        assert_eq!((s, code), ("skip", &Value::Null), "{id}");
        assert_eq!(message, "Not checked: fix the problem above first.");
    }
    assert_eq!(status(&checks, "login_item").0, "warn");
    assert_eq!(status(&checks, "login_item").1, &Value::Null);

    // Everything connected, launch at login on: every line passes.
    support::connect_whoop(&service, &recorder, 1).await;
    support::connect_notion(&service, &world.database_id).await;
    *recorder.launch_at_login.lock().unwrap() = true;
    let refreshes = world.whoop.stats().token_refreshes;
    let checks = check_setup(&service).await;
    for c in &checks {
        assert_eq!(c["status"], "pass", "{c}");
        assert_eq!(c["code"], Value::Null, "{c}");
    }
    assert_eq!(
        status(&checks, "login_item").2,
        "The app starts when you log in."
    );
    assert_eq!(world.whoop.stats().token_refreshes, refreshes);

    // The database is no longer shared: that line fails with the code of the sharing help,
    // the mapping is skipped, the rest still pass.
    world.notion.set_shared(&world.database_id, false);
    let checks = check_setup(&service).await;
    assert_eq!(
        status(&checks, "notion_database"),
        (
            "fail",
            &json!("notion_not_found"),
            "Notion can't see your database. Share it with your connection."
        )
    );
    assert_eq!(status(&checks, "mapping").0, "skip");
    for id in [
        "keychain",
        "whoop_token",
        "whoop_offline",
        "notion_token",
        "clock",
    ] {
        assert_eq!(status(&checks, id).0, "pass", "{id}");
    }
    world.notion.set_shared(&world.database_id, true);

    // A mapped column deleted: the mapping fails with the code of "Open mapping".
    world
        .notion
        .remove_property(&world.data_source_id, "Recovery");
    let checks = check_setup(&service).await;
    assert_eq!(
        status(&checks, "mapping"),
        (
            "fail",
            &json!("mapping_broken"),
            "A mapped Notion column changed. Check the mapping."
        )
    );
}
