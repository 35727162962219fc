//! The one window. This process exists for it: closing it ends the process (and with it the
//! web view's memory), while the tray host keeps running.

use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

pub const MAIN: &str = "main";

/// Shows the window, building it the first time. Requests come from several threads (setup,
/// the host's "show-window", a second launch); they all run on the main thread, one after the
/// other, so two can't both find no window and build two.
pub fn show<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    if let Err(e) = app.run_on_main_thread(move || show_now(&handle)) {
        log::error!("could not show the window: {e}");
    }
}

fn show_now<R: Runtime>(app: &AppHandle<R>) {
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
