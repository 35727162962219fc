//! The window's IPC on Tauri's mock runtime: what the UI invokes reaches a host over a real
//! window link, and the host's answers and errors come back as the UI expects them.

use std::sync::Arc;

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};
use window_link::{Handler, Host, HostAddress, Reply, Unreachable};

fn invoke(
    webview: &WebviewWindow<MockRuntime>,
    cmd: &str,
    body: InvokeBody,
) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body,
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

/// A host that answers like the real one does for two commands.
struct FakeHost;

#[async_trait::async_trait]
impl Handler for FakeHost {
    async fn call(&self, cmd: String, args: Value) -> Reply {
        match cmd.as_str() {
            "history" => Reply::Ok(json!([{"id": 1, "limit": args["limit"]}])),
            "export_history" => Reply::Ok(json!({"path": args["path"]})),
            _ => Reply::Err(json!({"code": "invalid_input", "message": format!("no {cmd}")})),
        }
    }
}

fn app() -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = mock_builder()
        .manage(crate::save_dialog::Chosen::default())
        .invoke_handler(crate::forward::handle)
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    (app, webview)
}

#[test]
fn without_a_host_every_command_says_why() {
    let (app, webview) = app();
    app.manage(crate::forward::HostUnavailable(
        Unreachable::NotStarted(
            "could not start the tray host /opt/x/whoop-notion-tray: not found".into(),
        )
        .message(),
    ));
    let err = invoke(&webview, "overview", InvokeBody::Json(json!({}))).unwrap_err();
    assert_eq!(err["code"], "internal");
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("could not start the tray host"),
        "{message}"
    );
    assert!(
        message.contains("start WHOOP → Notion Sync again"),
        "{message}"
    );
}

#[test]
fn a_newer_host_that_does_not_serve_this_window_is_explained_for_every_command() {
    let (app, webview) = app();
    app.manage(crate::forward::HostUnavailable(
        Unreachable::TooNew {
            host: "2.0.0".into(),
            ours: "1.0.0".into(),
        }
        .message(),
    ));
    for cmd in ["overview", "sync_now", "history"] {
        let err = invoke(&webview, cmd, InvokeBody::Json(json!({}))).unwrap_err();
        assert_eq!(err["code"], "internal");
        let message = err["message"].as_str().unwrap();
        assert!(
            message.contains("A newer version of the background app (2.0.0)"),
            "{message}"
        );
        assert!(message.contains("Quit in its tray menu"), "{message}");
    }
}

/// A window linked to [`FakeHost`].
fn linked() -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let (app, webview) = app();
    let link = tauri::async_runtime::block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = HostAddress::new(listener.local_addr().unwrap());
        tokio::spawn(window_link::serve(
            listener,
            address.token.clone(),
            Arc::new(FakeHost),
            Host::default(),
        ));
        window_link::connect(&address).await.unwrap().0
    });
    app.manage(link);
    (app, webview)
}

#[test]
fn an_export_reaches_the_host_only_with_the_file_the_dialog_just_chose() {
    let (app, webview) = linked();
    let export = |path: &str| {
        invoke(
            &webview,
            "export_history",
            InvokeBody::Json(json!({"path": path, "format": "csv", "workouts": false})),
        )
    };
    let refused = export("/home/ana/notes.txt").unwrap_err();
    assert_eq!(refused["code"], "invalid_input");
    assert_eq!(refused["message"], "Choose where to save the export first.");

    let chosen = app.state::<crate::save_dialog::Chosen>();
    chosen.remember("/home/ana/whoop.csv".into());
    assert!(export("/home/ana/notes.txt").is_err(), "another file");
    chosen.remember("/home/ana/whoop.csv".into());
    assert_eq!(
        export("/home/ana/whoop.csv").unwrap(),
        json!({"path": "/home/ana/whoop.csv"})
    );
    assert!(export("/home/ana/whoop.csv").is_err(), "once per choice");
}

#[test]
fn the_dialog_proposes_a_plain_name_with_the_formats_extension() {
    use crate::save_dialog::file_name;
    assert_eq!(
        file_name("whoop-2026-12-07.csv", "csv"),
        "whoop-2026-12-07.csv"
    );
    assert_eq!(
        file_name("whoop-2026-12-07", "json"),
        "whoop-2026-12-07.json"
    );
    assert_eq!(file_name("WHOOP.CSV", "csv"), "WHOOP.CSV");
    assert_eq!(file_name("../../etc/passwd", "csv"), "passwd.csv");
    assert_eq!(file_name("C:\\x\\a.json", "json"), "a.json");
    assert_eq!(file_name(" ", "csv"), "whoop.csv");
    assert_eq!(file_name(".hidden", "csv"), "hidden.csv");
}

#[test]
fn commands_go_to_the_host_and_come_back_as_the_ui_expects() {
    let (app, webview) = app();
    // Before the link is up, a call fails with a code instead of hanging.
    let err = invoke(&webview, "history", InvokeBody::Json(json!({"limit": 3}))).unwrap_err();
    assert_eq!(err["code"], "internal");

    let link = tauri::async_runtime::block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = HostAddress::new(listener.local_addr().unwrap());
        tokio::spawn(window_link::serve(
            listener,
            address.token.clone(),
            Arc::new(FakeHost),
            Host::default(),
        ));
        window_link::connect(&address).await.unwrap().0
    });
    app.manage(link);

    let runs = invoke(&webview, "history", InvokeBody::Json(json!({"limit": 3}))).unwrap();
    assert_eq!(runs, json!([{"id": 1, "limit": 3}]));
    let err = invoke(&webview, "sync_now", InvokeBody::Json(json!({}))).unwrap_err();
    assert_eq!(
        err,
        json!({"code": "invalid_input", "message": "no sync_now"})
    );
    let err = invoke(&webview, "history", InvokeBody::Raw(vec![1, 2, 3])).unwrap_err();
    assert_eq!(err["code"], "invalid_input");
}
