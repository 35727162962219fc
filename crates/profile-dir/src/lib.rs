//! Where a profile lives: `--config-dir`, else `WHOOP_NOTION_CONFIG_DIR`, else the OS config
//! dir. The CLI, the tray host and the window all ask here, so they share one profile. Also
//! the desktop app's own folders (named after its bundle identifier), which `whoop-notion
//! reset` removes with the profile. Also the names of everything the app writes in a profile
//! ([`layout`]), and whose the folder is ([`prepare`], [`clear`]).

use std::fmt;
use std::path::PathBuf;

/// The names of everything the app writes in a profile (the shared vocabulary's).
pub use sync_vocabulary::profile_layout as layout;
mod ownership;

pub use ownership::{clear, owner, prepare, survey, Cleared, FolderFate, Owner, Prepared, Survey};

/// The env var that points every program at a profile.
pub const ENV: &str = "WHOOP_NOTION_CONFIG_DIR";

/// The folder's name under the OS config dir (e.g. `~/.config/whoop-notion-sync`).
pub const FOLDER: &str = "whoop-notion-sync";

/// `identifier` in tauri.conf.json: the app's own folders are named after it. Never change it:
/// users' folders would be left behind.
pub const IDENTIFIER: &str = "app.whoopnotionsync.desktop";
/// `productName` in tauri.conf.json: the name of the login item.
pub const PRODUCT_NAME: &str = "WHOOP Notion Sync";

fn home() -> PathBuf {
    dirs::home_dir().unwrap_or_else(std::env::temp_dir)
}

/// The desktop app's own small state: the morning notification's memory, the demo profile
/// (the same folder Tauri's path resolver gives the window for the identifier).
pub fn app_data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| home().join(".local/share"))
        .join(IDENTIFIER)
}

/// The window's own settings folder (Tauri's `app_config_dir`), where its window-state
/// plugin keeps the window's size and place.
pub fn app_config_dir() -> PathBuf {
    dirs::config_dir()
        .unwrap_or_else(|| home().join(".config"))
        .join(IDENTIFIER)
}

/// The window-state plugin's file in [`app_config_dir`] (its default name).
pub const WINDOW_STATE: &str = ".window-state.json";

/// Removes the window's saved size and place, then its folder if nothing else is in it.
/// `Ok(true)` when there was one.
pub fn remove_window_state() -> std::io::Result<bool> {
    let dir = app_config_dir();
    match std::fs::remove_file(dir.join(WINDOW_STATE)) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    }
    // Not empty: something else lives there, and stays.
    let _ = std::fs::remove_dir(&dir);
    Ok(true)
}

/// The desktop app's logs ("Open logs"); the window's log plugin writes here too.
pub fn app_log_dir() -> PathBuf {
    if cfg!(target_os = "macos") {
        home().join("Library/Logs").join(IDENTIFIER)
    } else {
        dirs::data_local_dir()
            .unwrap_or_else(|| home().join(".local/share"))
            .join(IDENTIFIER)
            .join("logs")
    }
}

/// This system has no config dir, and none was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoConfigDir;

impl fmt::Display for NoConfigDir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "this system has no config directory; pass --config-dir DIR or set {ENV}"
        )
    }
}

impl std::error::Error for NoConfigDir {}

/// `flag` (from `--config-dir`), else `WHOOP_NOTION_CONFIG_DIR`, else the OS config dir.
pub fn config_dir(flag: Option<PathBuf>) -> Result<PathBuf, NoConfigDir> {
    let from_env = std::env::var_os(ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    match flag.or(from_env) {
        Some(dir) => Ok(dir),
        None => default_config_dir().ok_or(NoConfigDir),
    }
}

/// The profile the desktop app uses when nothing points elsewhere: `FOLDER` in the OS config
/// dir.
pub fn default_config_dir() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join(FOLDER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_then_the_env_var_then_the_os_folder() {
        std::env::set_var(ENV, "/from/env");
        assert_eq!(
            config_dir(Some("/from/flag".into())).unwrap(),
            PathBuf::from("/from/flag")
        );
        assert_eq!(config_dir(None).unwrap(), PathBuf::from("/from/env"));
        std::env::set_var(ENV, "");
        let os = config_dir(None).unwrap();
        assert!(os.ends_with(FOLDER), "{}", os.display());
        std::env::remove_var(ENV);
    }
}
