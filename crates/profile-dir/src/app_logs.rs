//! Where the desktop app's two programs write their logs: the folder Tauri's path resolver
//! gives the window for the app's identifier. The tray host and the window write there, and
//! "Open logs", the window's "Copy diagnostics" and the CLI's `diagnostics` read it, so they
//! all ask here.

use std::path::PathBuf;

/// `identifier` in tauri.conf.json (the tray host's tests check they agree).
pub const APP_IDENTIFIER: &str = "app.whoopnotionsync.desktop";

fn home() -> PathBuf {
    dirs::home_dir().unwrap_or_else(std::env::temp_dir)
}

/// `~/Library/Logs/<id>` on macOS, `<local data dir>/<id>/logs` elsewhere (Tauri's
/// `app_log_dir`).
pub fn app_log_dir() -> PathBuf {
    if cfg!(target_os = "macos") {
        home().join("Library/Logs").join(APP_IDENTIFIER)
    } else {
        dirs::data_local_dir()
            .unwrap_or_else(|| home().join(".local/share"))
            .join(APP_IDENTIFIER)
            .join("logs")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn on_linux_it_follows_xdg_data_home() {
        let dir = tempfile::tempdir().unwrap();
        std::env::set_var("XDG_DATA_HOME", dir.path());
        assert_eq!(
            app_log_dir(),
            dir.path().join("app.whoopnotionsync.desktop/logs")
        );
    }
}
