//! A new user's first run on the real path (not demo mode): the app is pointed at the WHOOP and
//! Notion simulators the way it would be at the real services, the "browser" follows the
//! sign-in like a user who clicks Allow, and the tray, the window's overview and the
//! notifications are checked at every step: a setup that succeeds never raises an alarm.
//! Then WHOOP revokes the grant: the app says so once, in the desktop's words, and a reconnect
//! clears it at once.

mod support;

use std::time::Duration;

use app_core::overview::Overview;
use app_core::tray::TrayState;
use demo_mode::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_NOTION_TOKEN};
use serde_json::json;
use support::{call, connect_whoop, wait_for_event, Recorder};

const PROBLEM_TITLE: &str = "WHOOP → Notion Sync needs you";

/// What the user has seen so far, checked after each step: no attention state in any overview
/// the tray or a window was given, no problem notification.
fn assert_no_alarm(recorder: &Recorder, step: &str) {
    let published = recorder.published.lock().unwrap().clone();
    for overview in &published {
        assert_ne!(
            overview.tray.state,
            TrayState::Attention,
            "{step}: the tray said {:?}",
            overview.tray.tooltip
        );
        assert!(overview.tray.attention.is_none(), "{step}");
    }
    let problems: Vec<_> = recorder
        .notifications
        .lock()
        .unwrap()
        .iter()
        .filter(|(title, _)| title == PROBLEM_TITLE)
        .cloned()
        .collect();
    assert!(problems.is_empty(), "{step}: {problems:?}");
}

/// The profile's files a sign-in writes (settings and the file secret store), by path.
fn profile_files() -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let root = std::path::PathBuf::from(std::env::var_os("WHOOP_NOTION_CONFIG_DIR").unwrap());
    let mut files = std::collections::BTreeMap::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            // Locks and the history change with the schedule's own checks, not with a link.
            if name.contains("lock") || name.starts_with("history") {
                continue;
            }
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                files.insert(path, bytes);
            }
        }
    }
    files
}

/// Any program can open a `whoop-notion-sync://` link, so anything may arrive as one: links
/// that aren't the waiting sign-in's answer are refused with `invalid_input`, write nothing
/// (the stored tokens and settings stay as they were), tell the window no "sign-in failed",
/// and leave the sign-in waiting for `real`.
fn forged_app_links_change_nothing(
    service: &std::sync::Arc<app_service::AppService>,
    recorder: &support::Recorder,
    real: &str,
) {
    use proptest::prelude::*;
    let state = url_state(real);
    let query = |pairs: Vec<(String, String)>| {
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    };
    let wrong_state = "[A-Za-z0-9_-]{0,43}".prop_filter("not the real state", {
        let state = state.clone();
        move |s| *s != state
    });
    let links = prop_oneof![
        ".{0,96}",
        // Ours, answering some other sign-in, or none.
        (proptest::option::of(wrong_state), "[A-Za-z0-9._~-]{0,32}").prop_map(|(s, code)| {
            let mut pairs = vec![("code".to_string(), code)];
            pairs.extend(s.map(|s| ("state".to_string(), s)));
            format!("{}?{}", sync_engine::APP_LINK_REDIRECT_URI, query(pairs))
        }),
        // With the real state, but not our link, or the state twice.
        ("[a-z/]{1,8}", "[A-Za-z0-9]{1,16}").prop_map({
            let state = state.clone();
            move |(tail, code)| {
                format!(
                    "{}{tail}?code={code}&state={state}",
                    sync_engine::APP_LINK_REDIRECT_URI
                )
            }
        }),
        "[A-Za-z0-9]{1,16}".prop_map({
            let state = state.clone();
            move |code| {
                format!(
                    "{}?code={code}&state={state}&state={state}",
                    sync_engine::APP_LINK_REDIRECT_URI
                )
            }
        }),
    ];
    let before = profile_files();
    let count = |name: &str| {
        recorder
            .events
            .lock()
            .unwrap()
            .iter()
            .filter(|(n, _)| n == name)
            .count()
    };
    let failed_before = count("connect-failed");
    let raised_before = count("show-window");
    let rt = tokio::runtime::Handle::current();
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: 64,
        failure_persistence: None,
        ..Default::default()
    });
    tokio::task::block_in_place(|| {
        runner
            .run(&links, |link| {
                let err = rt
                    .block_on(call(service, "app_link", json!({ "url": link })))
                    .unwrap_err();
                prop_assert_eq!(&err["code"], "invalid_input");
                prop_assert!(err["message"].as_str().is_some_and(|m| !m.is_empty()));
                prop_assert!(profile_files() == before, "{link} changed the profile");
                Ok(())
            })
            .unwrap();
    });
    assert_eq!(
        count("connect-failed"),
        failed_before,
        "a forged link told the window the sign-in failed"
    );
    assert_eq!(
        count("show-window"),
        raised_before,
        "a forged link raised the window"
    );
}

/// The `state` parameter of a link.
fn url_state(link: &str) -> String {
    let query = link.split_once('?').unwrap().1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("state="))
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_run_on_the_real_path_raises_no_false_alarm() {
    let support::RealPath {
        world,
        recorder,
        service,
        ..
    } = support::RealPath::start().await;
    // The start-up catch-up runs with nothing connected, as on every first launch.
    service.start();
    let err = call(&service, "sync_now", json!({})).await.unwrap_err();
    assert_eq!(err["code"], "whoop_not_connected");
    assert_no_alarm(&recorder, "before setup");

    connect_whoop(&service, &recorder, 1).await;
    let overview = call(&service, "overview", json!({})).await.unwrap();
    assert_eq!(overview["whoop"]["state"], "connected");
    assert_no_alarm(&recorder, "WHOOP connected");

    let me = call(
        &service,
        "notion_connect",
        json!({"token": DEMO_NOTION_TOKEN}),
    )
    .await
    .unwrap();
    assert!(me["workspace"].is_string(), "{me}");
    assert_no_alarm(&recorder, "Notion connected");
    let databases = call(&service, "notion_databases", json!({})).await.unwrap();
    assert!(
        databases.to_string().contains(&world.database_id),
        "{databases}"
    );
    let overview = call(
        &service,
        "notion_use",
        json!({"idOrUrl": world.database_id}),
    )
    .await
    .unwrap();
    // Everything is connected: the tray waits for the first sync, it doesn't ask for help.
    assert_eq!(overview["notion"]["database"], "Daily Tracking");
    assert_eq!(overview["tray"]["state"], "idle", "{}", overview["tray"]);
    assert!(overview["tray"]["attention"].is_null());
    let mapping = call(&service, "mapping_get", json!({})).await.unwrap();
    assert!(
        mapping["problems"].as_array().unwrap().is_empty(),
        "{mapping}"
    );
    assert_no_alarm(&recorder, "database chosen");

    let report = call(&service, "sync_now", json!({})).await.unwrap();
    assert!(report["created"].as_u64().unwrap() >= 6, "{report}");
    let overview = call(&service, "overview", json!({})).await.unwrap();
    assert!(
        ["synced", "waiting"].contains(&overview["tray"]["state"].as_str().unwrap()),
        "{}",
        overview["tray"]
    );
    assert_no_alarm(&recorder, "first sync");
    assert_eq!(
        world.notion.pages(&world.data_source_id).len() as u64,
        report["created"].as_u64().unwrap()
    );

    // WHOOP revokes the grant: the next refresh gets invalid_grant.
    world.whoop.revoke_grant();
    world.whoop.expire_access_tokens();
    let err = call(&service, "sync_now", json!({})).await.unwrap_err();
    assert_eq!(err["code"], "whoop_reconnect");
    let sentence = "WHOOP signed you out. Reconnect to keep syncing.";
    assert_eq!(err["message"], sentence);
    let overview = call(&service, "overview", json!({})).await.unwrap();
    assert_eq!(overview["tray"]["state"], "attention");
    assert_eq!(overview["tray"]["tooltip"], sentence);
    assert_eq!(overview["tray"]["attention"]["code"], "whoop_reconnect");
    assert_eq!(overview["tray"]["attention"]["message"], sentence);
    let problems = || -> Vec<(String, String)> {
        recorder
            .notifications
            .lock()
            .unwrap()
            .iter()
            .filter(|(title, _)| title == PROBLEM_TITLE)
            .cloned()
            .collect()
    };
    assert_eq!(problems(), vec![(PROBLEM_TITLE.into(), sentence.into())]);
    // Told once, not on every retry.
    let _ = call(&service, "sync_now", json!({})).await.unwrap_err();
    assert_eq!(problems().len(), 1);

    // Reconnecting clears it at once, before any sync.
    let before = recorder.published.lock().unwrap().len();
    connect_whoop(&service, &recorder, 2).await;
    let overview = call(&service, "overview", json!({})).await.unwrap();
    assert_ne!(
        overview["tray"]["state"], "attention",
        "{}",
        overview["tray"]
    );
    assert!(overview["tray"]["attention"].is_null());
    let after: Vec<Overview> = recorder.published.lock().unwrap()[before..].to_vec();
    assert!(after
        .iter()
        .skip_while(|o| o.whoop.state != sync_engine::Connection::Connected)
        .all(|o| o.tray.state != TrayState::Attention));
    let report = call(&service, "sync_now", json!({})).await.unwrap();
    assert_eq!(
        report["whoopRefreshes"].as_u64().unwrap_or(0),
        0,
        "{report}"
    );
    assert_eq!(problems().len(), 1);

    // The app's own link, for dashboards that refuse http://: the browser hands the redirect
    // to the OS, which passes it (through a window) to the app.
    let started = call(
        &service,
        "whoop_connect",
        json!({"clientId": DEMO_CLIENT_ID, "clientSecret": DEMO_CLIENT_SECRET,
               "redirectUri": sync_engine::APP_LINK_REDIRECT_URI}),
    )
    .await
    .unwrap();
    assert_eq!(started["listens"], false);
    assert_eq!(started["appLink"], true);
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = no_redirect
        .get(started["authorizeUrl"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let link = answer.headers()["location"].to_str().unwrap().to_string();
    assert!(
        link.starts_with("whoop-notion-sync://oauth/callback?code="),
        "{link}"
    );
    let err = call(
        &service,
        "app_link",
        json!({"url": "https://evil.example/?code=x"}),
    )
    .await
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    forged_app_links_change_nothing(&service, &recorder, &link);
    let done = call(&service, "app_link", json!({"url": link}))
        .await
        .unwrap();
    assert_eq!(done["name"], "John Smith");
    wait_for_event(&recorder, "whoop-connected", 3).await;
    // The same link again: nothing is waiting for it any more.
    let err = call(&service, "app_link", json!({"url": link}))
        .await
        .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    assert!(
        err["message"].as_str().unwrap().contains("press Connect"),
        "{err}"
    );
    assert_eq!(problems().len(), 1);

    tokio::time::timeout(Duration::from_secs(5), service.shut_down())
        .await
        .unwrap();
    world.stop();
}
