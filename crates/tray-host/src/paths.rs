//! Where the app keeps its own files: the same folders Tauri's path resolver gives the window
//! process for the app's identifier, so both halves agree.

use std::path::PathBuf;

/// `identifier` in tauri.conf.json.
pub const IDENTIFIER: &str = "app.whoopnotionsync.desktop";
/// `productName` in tauri.conf.json: the name of the login item.
pub const PRODUCT_NAME: &str = "WHOOP Notion Sync";
/// The window process's binary, installed beside this one.
pub const WINDOW_BINARY: &str = "whoop-notion-sync";

fn home() -> PathBuf {
    dirs::home_dir().unwrap_or_else(std::env::temp_dir)
}

/// The morning notification's memory and the demo profile.
pub fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| home().join(".local/share"))
        .join(IDENTIFIER)
}

/// What "Open logs" opens; the window process's log plugin writes here too.
pub fn log_dir() -> PathBuf {
    if cfg!(target_os = "macos") {
        home().join("Library/Logs").join(IDENTIFIER)
    } else {
        dirs::data_local_dir()
            .unwrap_or_else(|| home().join(".local/share"))
            .join(IDENTIFIER)
            .join("logs")
    }
}

pub fn window_binary() -> std::io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    Ok(exe.with_file_name(format!("{WINDOW_BINARY}{}", std::env::consts::EXE_SUFFIX)))
}
