//! The desktop app's two programs, installed side by side: each finds the other beside itself.

use std::path::PathBuf;

/// The window (the Tauri app), the one the menu entry and the login item start.
pub const WINDOW: &str = "whoop-notion-sync";
/// The tray host, which the window starts.
pub const TRAY_HOST: &str = "whoop-notion-tray";

/// `program` in the folder of the running one.
pub fn beside_this(program: &str) -> std::io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    Ok(exe.with_file_name(format!("{program}{}", std::env::consts::EXE_SUFFIX)))
}
