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

/// The services' addresses: WHOOP's and Notion's, or the overrides in `WHOOP_OAUTH_URL`,
/// `WHOOP_API_URL` and `NOTION_API_URL` (simulators, a proxy). An override must be https, or
/// plain http on this computer only (a loopback address): tokens and health data cross it.
pub fn endpoints() -> Result<Endpoints, SyncError> {
    let var = |name: &str, default: String| -> Result<String, SyncError> {
        match std::env::var(name)
            .ok()
            .map(|v| v.trim().trim_end_matches('/').to_string())
            .filter(|v| !v.is_empty())
        {
            None => Ok(default),
            Some(url) => checked_override(name, url),
        }
    };
    let defaults = Endpoints::default();
    Ok(Endpoints {
        whoop_oauth: var("WHOOP_OAUTH_URL", defaults.whoop_oauth)?,
        whoop_api: var("WHOOP_API_URL", defaults.whoop_api)?,
        notion_api: var("NOTION_API_URL", defaults.notion_api)?,
    })
}

fn checked_override(name: &str, url: String) -> Result<String, SyncError> {
    let refused = |why: &str| {
        SyncError::invalid(format!(
            "{name}={url} {why}; use an https address (plain http only on 127.0.0.1, ::1 or \
             localhost), or unset {name}"
        ))
    };
    let parsed = url::Url::parse(&url).map_err(|_| refused("is not a web address"))?;
    let loopback = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match parsed.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        "http" => Err(refused("is plain http to another computer")),
        _ => Err(refused("is not an http(s) address")),
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
            endpoints()?,
        )
        .with_locale_units(locale_units()),
    ))
}

#[cfg(test)]
mod tests {
    use super::checked_override;

    #[test]
    fn an_override_is_https_or_stays_on_this_computer() {
        for ok in [
            "https://proxy.example/whoop",
            "http://127.0.0.1:4010",
            "http://[::1]:4010/v1",
            "http://localhost:8080",
        ] {
            assert!(checked_override("WHOOP_API_URL", ok.into()).is_ok(), "{ok}");
        }
        for bad in [
            "http://evil.example",
            "http://192.168.1.5:4010",
            "ftp://127.0.0.1",
            "file:///tmp",
            "127.0.0.1:4010",
        ] {
            let e = checked_override("NOTION_API_URL", bad.into()).unwrap_err();
            assert!(
                e.message.contains("unset NOTION_API_URL"),
                "{bad}: {}",
                e.message
            );
        }
    }
}
