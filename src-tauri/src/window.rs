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
        // The window shows the app's own pages only: a link the UI didn't mean to follow
        // stays put, and nothing opens a second web view (links go to the browser, checked,
        // through the host).
        .on_navigation(is_own_page)
        .on_new_window(|_, _| tauri::webview::NewWindowResponse::Deny)
        .build();
    match built {
        Ok(window) => {
            let _ = window.set_focus();
        }
        Err(e) => log::error!("could not open the window: {e}"),
    }
}

/// The app's bundled pages: `tauri://localhost` (Linux, macOS) or `http(s)://tauri.localhost`
/// (Windows).
fn is_own_page(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_own_page;

    #[test]
    fn only_the_apps_own_pages_are_shown() {
        for own in [
            "tauri://localhost/index.html",
            "http://tauri.localhost/#settings",
        ] {
            assert!(is_own_page(&own.parse().unwrap()), "{own}");
        }
        for other in [
            "https://www.notion.so/",
            "http://localhost:1420/",
            "file:///etc/passwd",
            "tauri://evil.example/",
            "http://tauri.localhost.evil.example/",
        ] {
            assert!(!is_own_page(&other.parse().unwrap()), "{other}");
        }
    }
}
