//! The window's commands, by name with JSON arguments as they arrive over the window link,
//! against a real engine in demo mode (simulators on loopback) and an isolated profile. The OS
//! side is a recorder, so what the app would show or open is checked too.

mod support;

use std::sync::Arc;
use std::time::Duration;

use app_service::{AppService, Desktop};
use serde_json::{json, Value};
use support::{call, with_key, Recorder, Shared};

/// One test, in steps: the profile lives in env vars, which are global to the process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_commands_drive_the_engine() {
    let home = tempfile::tempdir().unwrap();
    support::isolate(home.path());

    let recorder = Arc::new(Recorder::default());
    let service = AppService::new(
        home.path().join("app-data"),
        home.path().join("logs"),
        recorder.clone(),
        Arc::new(Shared(recorder.clone())),
    )
    .unwrap();
    service.start();

    // Nothing connected: demo mode is offered, the tray doesn't claim anything.
    let overview = call(&service, "overview", json!({})).await.unwrap();
    assert_eq!(overview["mode"], "real");
    assert_eq!(overview["demoAvailable"], true);
    assert_eq!(overview["whoop"]["state"], "not_connected");
    assert_eq!(overview["tray"]["state"], "idle");
    assert_eq!(
        overview["defaultRedirectUri"],
        "http://127.0.0.1:8765/callback"
    );

    // Errors arrive as {code, message}; bad arguments and unknown commands say what to do.
    let err = call(&service, "sync_now", Value::Null).await.unwrap_err();
    assert_eq!(err["code"], "whoop_not_connected");
    assert_eq!(err["message"], "WHOOP isn't connected yet.");
    let err = call(&service, "open_url", json!({"url": "file:///etc/passwd"}))
        .await
        .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    let err = call(&service, "history", json!({"limit": "ten"}))
        .await
        .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .starts_with("history: bad arguments"));
    let err = call(&service, "format_disk", json!({})).await.unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    // Only Notion's and WHOOP's pages over https reach the system's opener.
    for bad in [
        "smb://evil.example/share",
        "/usr/bin/xterm",
        "http://www.notion.so/p",
        "https://notion.so.evil.example/p",
        "https://user@www.notion.so/p",
    ] {
        let err = call(&service, "open_url", json!({ "url": bad }))
            .await
            .unwrap_err();
        assert_eq!(err["code"], "invalid_input", "{bad}");
    }
    assert!(recorder.opened.lock().unwrap().is_empty());
    call(
        &service,
        "open_url",
        json!({"url": "https://www.notion.so/profile/integrations"}),
    )
    .await
    .unwrap();
    assert_eq!(
        recorder
            .opened
            .lock()
            .unwrap()
            .drain(..)
            .collect::<Vec<_>>(),
        ["https://www.notion.so/profile/integrations"]
    );

    // Demo mode: the simulators are connected like real accounts.
    let overview = call(&service, "start_demo", json!({})).await.unwrap();
    assert_eq!(overview["mode"], "demo");
    assert_eq!(overview["whoop"]["state"], "connected");
    assert_eq!(overview["whoop"]["userName"], "John Smith");
    assert_eq!(overview["notion"]["database"], "Daily Tracking");
    // Workouts are on in the demo: their database, mapped and linked to the days.
    let workouts = call(&service, "workouts_show", json!({})).await.unwrap();
    assert_eq!(workouts["title"], "Workouts", "{workouts}");
    assert_eq!(workouts["problems"], json!([]), "{workouts}");
    assert_eq!(workouts["canAddDayLink"], false, "{workouts}");

    let mapping = call(
        &service,
        "mapping_set",
        json!({"key": "sleep_time", "property": "Sleep", "unit": "text"}),
    )
    .await
    .unwrap();
    let row = with_key(&mapping["rows"], "sleep_time");
    assert_eq!(row["property"]["name"], "Sleep");
    let err = call(
        &service,
        "mapping_set",
        json!({"key": "bedtime", "property": "Workout"}),
    )
    .await
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    let preview = call(&service, "mapping_preview", json!({})).await.unwrap();
    let cell = with_key(&preview["cells"], "sleep_time");
    assert!(cell["value"].as_str().unwrap().contains('h'), "{cell}");

    // The scheduler's start-up catch-up may already have created the pages; either way the
    // new text column is now written.
    let report = call(&service, "sync_now", json!({})).await.unwrap();
    let written = report["created"].as_u64().unwrap() + report["updated"].as_u64().unwrap();
    assert!(written >= 4, "{report}");
    let runs = call(&service, "history", json!({"limit": 5}))
        .await
        .unwrap();
    let run = &runs.as_array().unwrap()[0];
    assert_eq!(run["trigger"], "manual");
    assert!(run["workouts"].is_object(), "{run}");
    let days = call(&service, "history_days", json!({"runId": run["id"]}))
        .await
        .unwrap();
    assert_eq!(days.as_array().unwrap().len(), 7);
    let overview = call(&service, "overview", json!({})).await.unwrap();
    assert!(!overview["recentDays"].as_array().unwrap().is_empty());
    assert_ne!(overview["tray"]["state"], "idle");
    // Today's numbers were written: one morning notification, with the numbers.
    let notifications = recorder.notifications.lock().unwrap().clone();
    assert_eq!(notifications.len(), 1, "{notifications:?}");
    assert!(notifications[0].1.contains("Recovery"), "{notifications:?}");
    // Its memory (last night's numbers) and the demo profile are the owner's only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            |p: std::path::PathBuf| std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        let data = home.path().join("app-data");
        assert_eq!(mode(data.clone()), 0o700);
        assert_eq!(mode(data.join("morning.json")), 0o600);
        assert_eq!(mode(data.join("demo")), 0o700);
        assert_eq!(mode(data.join("demo").join("config.json")), 0o600);
        assert_eq!(mode(data.join("demo").join("history.sqlite3")), 0o600);
    }
    // Every window and the tray heard about the sync (syncing, then done).
    let published = recorder.published.lock().unwrap().clone();
    assert!(published.iter().any(|o| o.syncing));
    assert!(!published.last().unwrap().syncing);

    // A backfill reports its progress as events.
    let report = call(&service, "backfill", json!({"days": 10}))
        .await
        .unwrap();
    assert!(report["days"].as_array().unwrap().len() >= 10, "{report}");
    let events = recorder.events.lock().unwrap().clone();
    let progress: Vec<_> = events
        .iter()
        .filter(|(name, _)| name == "backfill-progress")
        .collect();
    assert!(!progress.is_empty());
    assert_eq!(
        progress.last().unwrap().1["done"],
        progress.last().unwrap().1["total"]
    );

    // Pausing shows in the tray state; resuming clears it.
    let overview = call(&service, "pause", json!({"until": "hour"}))
        .await
        .unwrap();
    assert_eq!(overview["tray"]["state"], "paused");
    assert!(overview["pausedUntil"].is_string());
    let overview = call(&service, "pause", json!({"until": "resume"}))
        .await
        .unwrap();
    assert!(overview["pausedUntil"].is_null());
    let err = call(&service, "pause", json!({"until": "forever"}))
        .await
        .unwrap_err();
    assert_eq!(err["code"], "invalid_input");

    // Settings are validated before anything is saved; launch at login goes to the OS.
    let mut settings = overview["settings"].clone();
    settings["morningStart"] = json!("13:00");
    let err = call(&service, "settings_set", json!({"settings": settings}))
        .await
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("end after"),
        "{err}"
    );
    settings["morningStart"] = json!("06:30");
    settings["pollMinutes"] = json!(15);
    settings["launchAtLogin"] = json!(true);
    let overview = call(&service, "settings_set", json!({"settings": settings}))
        .await
        .unwrap();
    assert_eq!(overview["settings"]["morningStart"], "06:30");
    assert_eq!(overview["settings"]["pollMinutes"], 15);
    assert_eq!(overview["settings"]["launchAtLogin"], true);
    assert!(recorder.launch_at_login());

    let err = call(&service, "backfill", json!({"days": 0}))
        .await
        .unwrap_err();
    assert_eq!(err["code"], "invalid_input");

    // The tray's menu actions go through the same service.
    service
        .menu_action(app_core::menu::MenuAction::ToggleLaunchAtLogin)
        .await;
    assert!(!recorder.launch_at_login());

    // Not offered on this desktop: `null`, and nothing asked of it.
    let overview = call(&service, "overview", json!({})).await.unwrap();
    assert_eq!(overview["settings"]["restartIfStopped"], Value::Null);
    // Where the desktop offers a service that starts the app again if it stops (a systemd
    // user service): on with start at login, in place of the login item; `null` from the
    // window leaves it; start at login off turns both off.
    *recorder.restart_offered.lock().unwrap() = true;
    recorder.login_changes.lock().unwrap().clear();
    let overview = call(&service, "overview", json!({})).await.unwrap();
    let mut settings = overview["settings"].clone();
    assert_eq!(settings["restartIfStopped"], false);
    settings["launchAtLogin"] = json!(true);
    settings["restartIfStopped"] = json!(true);
    let overview = call(
        &service,
        "settings_set",
        json!({"settings": settings.clone()}),
    )
    .await
    .unwrap();
    assert_eq!(overview["settings"]["restartIfStopped"], true);
    assert_eq!(overview["settings"]["launchAtLogin"], true);
    settings["restartIfStopped"] = Value::Null;
    call(
        &service,
        "settings_set",
        json!({"settings": settings.clone()}),
    )
    .await
    .unwrap();
    assert_eq!(recorder.restart_if_stopped(), Some(true));
    settings["launchAtLogin"] = json!(false);
    settings["restartIfStopped"] = json!(true);
    let overview = call(
        &service,
        "settings_set",
        json!({"settings": settings.clone()}),
    )
    .await
    .unwrap();
    assert_eq!(overview["settings"]["restartIfStopped"], false);
    assert_eq!(overview["settings"]["launchAtLogin"], false);
    // Back on without the service: the login item alone.
    settings["launchAtLogin"] = json!(true);
    settings["restartIfStopped"] = json!(false);
    call(&service, "settings_set", json!({"settings": settings}))
        .await
        .unwrap();
    assert_eq!(
        *recorder.login_changes.lock().unwrap(),
        [
            "restart if stopped true",
            "launch at login false",
            "launch at login true"
        ]
    );
    assert!(recorder.launch_at_login());
    assert_eq!(recorder.restart_if_stopped(), Some(false));
    service
        .menu_action(app_core::menu::MenuAction::PauseTomorrow)
        .await;
    let overview = call(&service, "overview", json!({})).await.unwrap();
    assert_eq!(overview["tray"]["state"], "paused");
    call(&service, "open_logs", json!({})).await.unwrap();
    assert!(recorder.opened.lock().unwrap()[0].ends_with("logs"));

    // Leaving demo mode returns to the (still empty) real profile.
    let overview = call(&service, "stop_demo", json!({})).await.unwrap();
    assert_eq!(overview["mode"], "real");
    assert_eq!(overview["whoop"]["state"], "not_connected");

    // A sign-in started again (the browser tab closed unanswered) replaces the one waiting
    // on the same loopback port at once, instead of failing until that one gives up.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    for _ in 0..3 {
        let started = call(
            &service,
            "whoop_connect",
            json!({
                "clientId": "my-client",
                "clientSecret": "my-secret",
                "redirectUri": format!("http://127.0.0.1:{port}/callback"),
            }),
        )
        .await
        .unwrap();
        assert_eq!(started["listens"], true);
    }
    tokio::time::timeout(Duration::from_secs(5), service.shut_down())
        .await
        .unwrap();
}

/// Whatever a local process sends over the window link as a command (any process
/// can connect, so anything may come): a name that isn't a command, or a command's arguments of the wrong type, is
/// `invalid_input` saying which; nothing panics. Parsing only: nothing is run.
#[test]
fn any_command_name_and_arguments_parse_or_are_invalid_input() {
    use app_service::Command;
    use proptest::prelude::*;
    let json = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        Just(json!([])),
        Just(json!({"days": "many"})),
        Just(json!({"limit": -1})),
        prop::collection::btree_map("[a-zA-Z]{1,10}", any::<i64>().prop_map(Value::from), 0..3)
            .prop_map(|m| Value::Object(m.into_iter().collect())),
    ];
    let name = prop_oneof![
        prop::sample::select(Command::NAMES.to_vec()).prop_map(String::from),
        ".{0,20}",
    ];
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: 256,
        failure_persistence: None,
        ..Default::default()
    });
    runner
        .run(&(name, json), |(name, args)| {
            match Command::parse(&name, args.clone()) {
                Ok(command) => {
                    prop_assert_eq!(command.name(), name.as_str());
                }
                Err(e) => {
                    prop_assert_eq!(e.code, sync_engine::ErrorCode::InvalidInput);
                    if Command::NAMES.contains(&name.as_str()) {
                        prop_assert!(e.message.contains("bad arguments"), "{}", e.message);
                    } else {
                        prop_assert!(e.message.contains("is not a command"), "{}", e.message);
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}
