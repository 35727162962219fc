//! The tray app: a thin Tauri shell over the engine. Everything it decides lives in
//! `app-core` and `sync-engine`; this crate wires them to the tray, the window, notifications
//! and launch-at-login.

// No console window on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod menu_ids;
mod notify;
mod scheduler;
mod session;
mod state;
mod sync_runner;
#[cfg(test)]
mod tests;
mod tray;
mod wake;
mod window;

use tauri::{Manager, RunEvent};
use tauri_plugin_autostart::MacosLauncher;

use crate::state::AppState;

/// Passed by the login item, so a launch at login starts in the tray without a window.
pub const HIDDEN_FLAG: &str = "--hidden";

fn main() {
    let start_hidden = std::env::args().any(|a| a == HIDDEN_FLAG);
    let app = tauri::Builder::default()
        // First: a second launch only brings the running app's window forward.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            window::show(app)
        }))
        .plugin(
            tauri_plugin_log::Builder::new()
                .level(log::LevelFilter::Info)
                .target(tauri_plugin_log::Target::new(
                    tauri_plugin_log::TargetKind::LogDir { file_name: None },
                ))
                .build(),
        )
        .plugin(tauri_plugin_autostart::init(
            MacosLauncher::LaunchAgent,
            Some(vec![HIDDEN_FLAG]),
        ))
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(move |app| {
            let state = AppState::new(app.handle())?;
            app.manage(state);
            tray::create(app.handle())?;
            scheduler::restart(app.handle());
            wake::watch(app.handle());
            if !start_hidden {
                window::show(app.handle());
            }
            Ok(())
        })
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!("../tauri.conf.json"))
        .expect("the app starts");
    app.run(|_app, event| {
        // Closing the window keeps the app in the tray; only Quit (an explicit exit code) ends it.
        if let RunEvent::ExitRequested {
            code: None, api, ..
        } = event
        {
            api.prevent_exit();
        }
    });
}
