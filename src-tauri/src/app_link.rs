//! The app's own link (`whoop-notion-sync://oauth/callback?code=…`): WHOOP's sign-in can
//! redirect to it when the dashboard refuses `http://` addresses. The browser hands it to the
//! OS, which starts this program with the link (or, through the single-instance plugin, hands
//! it to the window already open). The sign-in waits in the tray host, which holds its state
//! and PKCE verifier, so every link goes there to finish.

use serde_json::json;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_deep_link::DeepLinkExt;
use window_link::Link;

/// The app's link scheme, as a launch argument starts.
pub const SCHEME: &str = "whoop-notion-sync:";

/// Forwards the link this window was started with, and every one handed over later. Whether
/// this launch carried one.
pub fn forward_to_host<R: Runtime>(app: &AppHandle<R>) -> bool {
    register_for_unpackaged_builds(app);
    let mut by_link = false;
    if let Ok(Some(urls)) = app.deep_link().get_current() {
        by_link = !urls.is_empty();
        send(app, urls.iter().map(|u| u.to_string()).collect());
    }
    let handle = app.clone();
    app.deep_link().on_open_url(move |event| {
        send(
            &handle,
            event.urls().iter().map(|u| u.to_string()).collect(),
        );
    });
    by_link
}

fn send<R: Runtime>(app: &AppHandle<R>, urls: Vec<String>) {
    let Some(link) = app.try_state::<Link>().map(|l| l.inner().clone()) else {
        log::warn!("an app link arrived, but the tray host isn't connected");
        return;
    };
    for url in urls {
        let (link, app) = (link.clone(), app.clone());
        tauri::async_runtime::spawn(async move {
            // The host tells every window how it ended (whoop-connected / connect-failed).
            if let window_link::Reply::Err(error) =
                link.call("app_link", json!({ "url": url })).await
            {
                log::info!("app link: {error}");
                // Started only for this link, which no sign-in was waiting for: nothing to
                // show, so this launch ends without a window.
                if app.get_webview_window(crate::window::MAIN).is_none() {
                    app.exit(0);
                }
            }
        });
    }
}

/// Installed packages register the link in their desktop entry. A build run from elsewhere (a
/// checkout, an AppImage) registers itself for the current user instead, so the link works
/// there too.
fn register_for_unpackaged_builds<R: Runtime>(app: &AppHandle<R>) {
    #[cfg(target_os = "linux")]
    {
        let installed = std::env::current_exe()
            .map(|exe| exe.starts_with("/usr/"))
            .unwrap_or(true);
        if !installed {
            if let Err(e) = app.deep_link().register_all() {
                log::warn!("could not register the app's link: {e}");
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}
