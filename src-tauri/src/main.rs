//! `whoop-notion-sync`: the app as the user starts it. It shows the window, a thin Tauri web
//! view over the tray host (`whoop-notion-tray`), which it starts when it isn't running yet.
//! Closing the window ends this process; the host keeps syncing in the tray. Started with
//! `--hidden` (the login item), it hands straight over to the host.

// No console window on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod app_link;
mod forward;
mod host;
mod logging;
mod save_dialog;
#[cfg(test)]
mod tests;
mod window;

use tauri::{Emitter, Manager};

/// Passed by the login item: start in the tray, without a window.
pub const HIDDEN_FLAG: &str = window_link::programs::HIDDEN;

fn main() {
    if std::env::args().any(|a| a == HIDDEN_FLAG) {
        let error = host::become_host();
        eprintln!("error: could not start the tray host: {error}");
        std::process::exit(1);
    }
    let profile = match profile_dir::config_dir(None) {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let app = tauri::Builder::default()
        // First: a second launch only brings the open window forward (and hands over the
        // app's link it was started with, to the deep-link plugin).
        .plugin(tauri_plugin_single_instance::init(|app, args, _cwd| {
            // A launch that only carries the app's link doesn't raise the window: the host
            // does, when a sign-in was waiting for it (any web page can open such a link).
            if !args.iter().any(|a| a.starts_with(app_link::SCHEME)) {
                window::show(app)
            }
        }))
        .plugin(tauri_plugin_deep_link::init())
        .plugin(logging::plugin())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        // History → Export…'s save dialog, shown from Rust (save_dialog.rs): the web view
        // gets no dialog permission of its own.
        .plugin(tauri_plugin_dialog::init())
        .manage(save_dialog::Chosen::default())
        .setup(move |app| {
            match tauri::async_runtime::block_on(host::connect(&profile)) {
                Ok((link, events)) => {
                    match link.host() {
                        Some(host) => log::info!(
                            "window {} connected to the tray host ({host})",
                            window_link::VERSION
                        ),
                        None => log::info!(
                            "window {} connected to a tray host from before versioned hellos",
                            window_link::VERSION
                        ),
                    }
                    app.manage(link);
                    relay(app.handle().clone(), events);
                }
                // The window still opens, and every command says why nothing works.
                Err(problem) => {
                    log::error!("{problem:?}");
                    app.manage(forward::HostUnavailable(problem.message()));
                }
            }
            // Started by the OS only to hand over the app's link (any web page can open one),
            // the window appears only if a sign-in was waiting for it: the host says so with
            // "show-window". Without a host, it shows why nothing works.
            let by_link = app_link::forward_to_host(app.handle());
            if !by_link || app.try_state::<window_link::Link>().is_none() {
                window::show(app.handle());
            }
            Ok(())
        })
        .invoke_handler(forward::handle)
        .build(tauri::generate_context!("../tauri.conf.json"))
        .unwrap_or_else(|e| {
            eprintln!("error: the window could not start: {e}");
            std::process::exit(1);
        });
    // Closing the window ends this process (Tauri's default once no window is left).
    app.run(|_app, _event| {});
}

/// The host's events go to the UI; "show-window" brings the window forward. When the host
/// quits (its tray menu) or dies, the window goes too: it can't do anything alone.
fn relay<R: tauri::Runtime>(app: tauri::AppHandle<R>, mut events: window_link::LinkEvents) {
    tauri::async_runtime::spawn(async move {
        while let Some(event) = events.next().await {
            if event.name == "show-window" {
                window::show(&app);
            } else {
                let _ = app.emit(&event.name, event.payload);
            }
        }
        log::info!("the tray host is gone; closing the window");
        app.exit(0);
    });
}
