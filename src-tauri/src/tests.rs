//! The shell's commands through Tauri's IPC on the mock runtime: what the window would invoke,
//! against a real engine in demo mode (simulators on loopback) and an isolated profile.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};
use tauri_plugin_autostart::MacosLauncher;

use crate::state::AppState;

fn invoke(webview: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

/// One test, in steps: the profile lives in env vars, which are global to the process.
#[test]
fn the_window_commands_drive_the_engine() {
    let home = tempfile::tempdir().unwrap();
    for (key, dir) in [
        ("HOME", ""),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ] {
        std::env::set_var(key, home.path().join(dir));
    }
    std::env::set_var("WHOOP_NOTION_CONFIG_DIR", home.path().join("profile"));
    std::env::set_var("WHOOP_NOTION_SECRETS", "file");

    let app = mock_builder()
        .plugin(tauri_plugin_autostart::init(
            MacosLauncher::LaunchAgent,
            Some(vec![crate::HIDDEN_FLAG]),
        ))
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(crate::commands::handler())
        .build(mock_context(noop_assets()))
        .unwrap();
    app.manage(AppState::new(app.handle()).unwrap());
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();

    // Nothing connected: demo mode is offered, the tray doesn't claim anything.
    let overview = invoke(&webview, "overview", json!({})).unwrap();
    assert_eq!(overview["mode"], "real");
    assert_eq!(overview["demoAvailable"], true);
    assert_eq!(overview["whoop"]["state"], "not_connected");
    assert_eq!(overview["tray"]["state"], "idle");
    assert_eq!(
        overview["defaultRedirectUri"],
        "http://127.0.0.1:8765/callback"
    );

    // Errors arrive as {code, message}.
    let err = invoke(&webview, "sync_now", json!({})).unwrap_err();
    assert_eq!(err["code"], "whoop_not_connected");
    assert!(err["message"].as_str().unwrap().contains("whoop connect"));
    let err = invoke(&webview, "open_url", json!({"url": "file:///etc/passwd"})).unwrap_err();
    assert_eq!(err["code"], "invalid_input");

    // Demo mode: the simulators are connected like real accounts.
    let overview = invoke(&webview, "start_demo", json!({})).unwrap();
    assert_eq!(overview["mode"], "demo");
    assert_eq!(overview["whoop"]["state"], "connected");
    assert_eq!(overview["whoop"]["userName"], "John Smith");
    assert_eq!(overview["notion"]["database"], "Daily Tracking");

    let mapping = invoke(
        &webview,
        "mapping_set",
        json!({"key": "sleep_time", "property": "Sleep", "unit": "text"}),
    )
    .unwrap();
    let row = mapping["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "sleep_time")
        .unwrap()
        .clone();
    assert_eq!(row["property"]["name"], "Sleep");
    let err = invoke(
        &webview,
        "mapping_set",
        json!({"key": "bedtime", "property": "Workout"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    let preview = invoke(&webview, "mapping_preview", json!({})).unwrap();
    let cell = preview["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "sleep_time")
        .unwrap()
        .clone();
    assert!(cell["value"].as_str().unwrap().contains('h'), "{cell}");

    // The scheduler's start-up catch-up may already have created the pages; either way the
    // new text column is now written.
    let report = invoke(&webview, "sync_now", json!({})).unwrap();
    let written = report["created"].as_u64().unwrap() + report["updated"].as_u64().unwrap();
    assert!(written >= 4, "{report}");
    let runs = invoke(&webview, "history", json!({"limit": 5})).unwrap();
    let run = &runs.as_array().unwrap()[0];
    assert_eq!(run["trigger"], "manual");
    let days = invoke(&webview, "history_days", json!({"runId": run["id"]})).unwrap();
    assert_eq!(days.as_array().unwrap().len(), 7);
    let overview = invoke(&webview, "overview", json!({})).unwrap();
    assert!(!overview["recentDays"].as_array().unwrap().is_empty());
    assert_ne!(overview["tray"]["state"], "idle");

    // Pausing shows in the tray state; resuming clears it.
    let overview = invoke(&webview, "pause", json!({"until": "hour"})).unwrap();
    assert_eq!(overview["tray"]["state"], "paused");
    assert!(overview["pausedUntil"].is_string());
    let overview = invoke(&webview, "pause", json!({"until": "resume"})).unwrap();
    assert!(overview["pausedUntil"].is_null());
    let err = invoke(&webview, "pause", json!({"until": "forever"})).unwrap_err();
    assert_eq!(err["code"], "invalid_input");

    // Settings are validated before anything is saved.
    let mut settings = overview["settings"].clone();
    settings["morningStart"] = json!("13:00");
    let err = invoke(&webview, "settings_set", json!({"settings": settings})).unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("end after"),
        "{err}"
    );
    settings["morningStart"] = json!("06:30");
    settings["pollMinutes"] = json!(15);
    let overview = invoke(&webview, "settings_set", json!({"settings": settings})).unwrap();
    assert_eq!(overview["settings"]["morningStart"], "06:30");
    assert_eq!(overview["settings"]["pollMinutes"], 15);

    let err = invoke(&webview, "backfill", json!({"days": 0})).unwrap_err();
    assert_eq!(err["code"], "invalid_input");

    // Leaving demo mode returns to the (still empty) real profile.
    let overview = invoke(&webview, "stop_demo", json!({})).unwrap();
    assert_eq!(overview["mode"], "real");
    assert_eq!(overview["whoop"]["state"], "not_connected");
}
