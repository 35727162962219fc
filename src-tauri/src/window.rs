//! The one window. This process exists for it: closing it ends the process (and with it the
//! web view's memory), while the tray host keeps running.

use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

pub const MAIN: &str = "main";

pub fn show<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        return;
    }
    let built = WebviewWindowBuilder::new(app, MAIN, WebviewUrl::App("index.html".into()))
        .title("WHOOP → Notion Sync")
        .inner_size(760.0, 560.0)
        .min_inner_size(560.0, 420.0)
        .build();
    match built {
        Ok(window) => {
            let _ = window.set_focus();
        }
        Err(e) => log::error!("could not open the window: {e}"),
    }
}
