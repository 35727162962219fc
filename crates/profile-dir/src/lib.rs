//! Where a profile lives: `--config-dir`, else `WHOOP_NOTION_CONFIG_DIR`, else the OS config
//! dir. The CLI, the tray host and the window all ask here, so they share one profile.

mod app_logs;

pub use app_logs::{app_log_dir, APP_IDENTIFIER};

use std::fmt;
use std::path::PathBuf;

/// The env var that points every program at a profile.
pub const ENV: &str = "WHOOP_NOTION_CONFIG_DIR";

/// The folder's name under the OS config dir (e.g. `~/.config/whoop-notion-sync`).
pub const FOLDER: &str = "whoop-notion-sync";

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
        None => dirs::config_dir()
            .map(|d| d.join(FOLDER))
            .ok_or(NoConfigDir),
    }
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
