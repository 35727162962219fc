//! Turns the process environment into the engine's injected pieces. This is the only place
//! that reads env vars, the system clock and the OS config dir; the CLI and the tray app both
//! use it, so they share one profile (settings, history, keychain entries) by default.

use std::path::PathBuf;
use std::sync::Arc;

use http_policy::SystemClock;
use secret_store::{FileStore, KeychainStore, SecretStore};
use sync_engine::config::ConfigDir;
use sync_engine::{Endpoints, Engine, EngineEnv, SyncError, SystemZone, Units};

/// The keychain service all profiles share; entries are named per profile.
pub const KEYCHAIN_SERVICE: &str = "whoop-notion-sync";

/// `--config-dir`, else `WHOOP_NOTION_CONFIG_DIR`, else the OS config dir (`profile-dir`).
pub fn config_dir(flag: Option<PathBuf>) -> Result<PathBuf, SyncError> {
    profile_dir::config_dir(flag).map_err(|e| SyncError::invalid(e.to_string()))
}

pub fn secret_store(config_dir: &std::path::Path) -> Result<Arc<dyn SecretStore>, SyncError> {
    match std::env::var("WHOOP_NOTION_SECRETS")
        .ok()
        .as_deref()
        .map(str::trim)
    {
        None | Some("") | Some("keychain") => Ok(Arc::new(KeychainStore::new(KEYCHAIN_SERVICE))),
        Some("file") => Ok(Arc::new(FileStore::in_config_dir(config_dir))),
        Some(other) => Err(SyncError::invalid(format!(
            "WHOOP_NOTION_SECRETS={other} is not a secret store; use `keychain` (default) or `file`"
        ))),
    }
}

pub fn endpoints() -> Endpoints {
    let var = |name: &str, default: String| {
        std::env::var(name)
            .ok()
            .map(|v| v.trim().trim_end_matches('/').to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or(default)
    };
    let defaults = Endpoints::default();
    Endpoints {
        whoop_oauth: var("WHOOP_OAUTH_URL", defaults.whoop_oauth),
        whoop_api: var("WHOOP_API_URL", defaults.whoop_api),
        notion_api: var("NOTION_API_URL", defaults.notion_api),
    }
}

/// The clock and temperature unit the locale suggests (`LC_ALL`, then `LC_TIME` /
/// `LC_MEASUREMENT`, then `LANG`); the settings override it.
pub fn locale_units() -> Units {
    let var = |name: &str| std::env::var(name).ok();
    Units::from_locale_vars(
        var("LC_ALL").as_deref(),
        var("LC_TIME").as_deref(),
        var("LC_MEASUREMENT").as_deref(),
        var("LANG").as_deref(),
    )
}

pub fn engine(config_dir_flag: Option<PathBuf>) -> Result<Engine, SyncError> {
    let dir = config_dir(config_dir_flag)?;
    let secrets = secret_store(&dir)?;
    Ok(Engine::new(
        EngineEnv::new(
            ConfigDir::new(dir),
            Arc::new(SystemClock),
            Arc::new(SystemZone),
            secrets,
            endpoints(),
        )
        .with_locale_units(locale_units()),
    ))
}
