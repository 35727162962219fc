//! The settings file (`config.json` in the config dir). It holds ids, names and choices —
//! never a secret: tokens and the WHOOP client secret live in the secret store.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use notion_client::DataSourceSchema;
use serde::{Deserialize, Serialize};
use sync_vocabulary::profile_layout as layout;
pub use sync_vocabulary::ScheduleSettings;

use crate::mapping::Mapping;
use crate::units::UnitsSetting;
use crate::workouts::mapping::WorkoutMapping;
use crate::{ErrorCode, SyncError};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WhoopSettings {
    pub client_id: String,
    pub redirect_uri: String,
    /// "connected as NAME"
    #[serde(default)]
    pub user_name: Option<String>,
    #[serde(default)]
    pub user_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NotionSettings {
    #[serde(default)]
    pub workspace_name: Option<String>,
    #[serde(default)]
    pub bot_name: Option<String>,
    #[serde(default)]
    pub target: Option<NotionTarget>,
}

/// The database the user chose and the data source inside it that holds the rows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NotionTarget {
    pub database_id: String,
    pub database_title: String,
    pub data_source_id: String,
    pub data_source_name: String,
    /// The schema as last read; a write always re-reads it first.
    pub schema: DataSourceSchema,
}

/// The Workouts database: one page per WHOOP workout, linked to its day's page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkoutsTarget {
    pub database_id: String,
    pub database_title: String,
    pub data_source_id: String,
    pub data_source_name: String,
    /// The schema as last read; a write always re-reads it first.
    pub schema: DataSourceSchema,
    #[serde(default)]
    pub mapping: WorkoutMapping,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AppConfig {
    /// Names this profile's entries in the shared OS keychain, so that two config dirs (a
    /// demo and a real one, or tests) never read each other's tokens.
    #[serde(default)]
    pub profile_id: String,
    #[serde(default)]
    pub whoop: Option<WhoopSettings>,
    #[serde(default)]
    pub notion: Option<NotionSettings>,
    #[serde(default)]
    pub mapping: Mapping,
    #[serde(default)]
    pub schedule: ScheduleSettings,
    #[serde(default)]
    pub paused_until: Option<DateTime<Utc>>,
    /// The clock and temperature unit values are shown in; absent follows the locale.
    #[serde(default, skip_serializing_if = "crate::config::is_default")]
    pub units: UnitsSetting,
    /// Absent until the user turns workouts on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workouts: Option<WorkoutsTarget>,
}

/// Why a settings file couldn't be read, and what of it is still worth keeping.
struct Damaged {
    why: String,
    profile_id: Option<String>,
}

/// The profile id of a settings file that is JSON but not valid settings, when it still has
/// one of the shape the engine makes (hex).
fn salvage_profile_id(bytes: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let id = value.get("profile_id")?.as_str()?;
    (!id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| id.to_string())
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

impl AppConfig {
    pub fn target(&self) -> Option<&NotionTarget> {
        self.notion.as_ref()?.target.as_ref()
    }
}

/// Where everything of one profile lives on disk.
#[derive(Debug, Clone)]
pub struct ConfigDir {
    root: PathBuf,
}

/// The error for an operation that needs the Notion database when none is chosen.
pub(crate) fn no_database() -> SyncError {
    SyncError::new(ErrorCode::NoDatabase, "no Notion database is chosen")
}

impl ConfigDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn config_file(&self) -> PathBuf {
        self.root.join(layout::CONFIG)
    }

    pub fn history_file(&self) -> PathBuf {
        self.root.join(layout::HISTORY)
    }

    pub fn token_lock(&self) -> PathBuf {
        self.locks().join(layout::TOKEN_LOCK)
    }

    pub fn sync_lock(&self) -> PathBuf {
        self.locks().join(layout::SYNC_LOCK)
    }

    /// The folder of the profile's cross-process locks.
    pub fn locks(&self) -> PathBuf {
        self.root.join(layout::LOCKS)
    }

    /// Creates the profile folder, private (0700) and marked as the app's: it holds health
    /// data. A folder of the app's that an older version created readable by others (0755)
    /// is narrowed, and so is its settings file. A folder that was there before the app used
    /// it (`--config-dir ~/Documents/health`) is the user's: its mode is left alone, with a
    /// warning when others can read it; the app's own files in it are private all the same.
    pub fn ensure(&self) -> Result<(), SyncError> {
        let prepared = profile_dir::prepare(&self.root).map_err(|e| {
            SyncError::new(
                ErrorCode::Config,
                format!(
                    "can't create the config directory {}: {e}",
                    self.root.display()
                ),
            )
        })?;
        if prepared.open_to_others {
            tracing::warn!(
                "{} can be read by other users of this computer; it isn't the app's folder, so \
                 its permissions are left as they are",
                self.root.display()
            );
        }
        private_fs::tighten(&self.config_file()).map_err(|e| {
            SyncError::new(
                ErrorCode::Config,
                format!("can't protect {}: {e}", self.config_file().display()),
            )
        })
    }

    /// Reads the settings; a missing file is a fresh start. A file that isn't readable
    /// settings (damaged, edited by hand into something else) is moved aside under the
    /// settings lock, never overwritten or deleted, and this load fails once with
    /// [`ErrorCode::ConfigMovedAside`] saying where it went; the next load starts with fresh
    /// settings, so it is never a failure on every start.
    pub fn load(&self) -> Result<AppConfig, SyncError> {
        match self.read()? {
            Ok(config) => Ok(config),
            Err(_) => {
                let _guard = self.lock()?;
                // Looked at again under the lock: another process may have set it aside (or
                // the user fixed it) meanwhile.
                match self.read()? {
                    Ok(config) => Ok(config),
                    Err(damaged) => Err(self.move_aside(damaged)),
                }
            }
        }
    }

    /// The settings as they are on disk: `Ok(Err(_))` for a file that can't be read as them.
    fn read(&self) -> Result<Result<AppConfig, Damaged>, SyncError> {
        let path = self.config_file();
        match fs::read(&path) {
            Ok(bytes) => Ok(serde_json::from_slice(&bytes).map_err(|e| Damaged {
                why: e.to_string(),
                profile_id: salvage_profile_id(&bytes),
            })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Ok(AppConfig::default())),
            Err(e) => Err(SyncError::new(
                ErrorCode::Config,
                format!("can't read {}: {e}", path.display()),
            )),
        }
    }

    /// Moves the damaged file aside (the settings lock held) and says so. The profile id is
    /// kept when it can still be read, so the secrets stored under it stay this profile's
    /// (and "forget everything" still finds them).
    fn move_aside(&self, damaged: Damaged) -> SyncError {
        let path = self.config_file();
        let moved = match private_fs::set_aside(&path, &[]) {
            Ok(Some(moved)) => moved,
            Ok(None) => path.clone(),
            Err(e) => {
                return SyncError::new(
                    ErrorCode::Config,
                    format!(
                        "{} is not a valid settings file ({}) and could not be moved aside ({e}); move it away to start over",
                        path.display(),
                        damaged.why
                    ),
                )
            }
        };
        if let Some(profile_id) = damaged.profile_id {
            let fresh = AppConfig {
                profile_id,
                ..AppConfig::default()
            };
            if let Err(e) = self.save(&fresh) {
                tracing::warn!("the fresh settings could not be saved: {}", e.message);
            }
        }
        SyncError::new(
            ErrorCode::ConfigMovedAside,
            format!(
                "{} could not be read as settings ({}), so it was moved to {}; the app starts \
                 with fresh settings: connect WHOOP and Notion again",
                path.display(),
                damaged.why,
                moved.display()
            ),
        )
    }

    fn lock(&self) -> Result<private_fs::ProcessLockGuard, SyncError> {
        self.ensure()?;
        private_fs::ProcessLock::acquire_timeout(
            &self.config_lock(),
            std::time::Duration::from_secs(10),
        )
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::TimedOut => SyncError::new(
                ErrorCode::Busy,
                format!("the settings are locked by another process ({e}); try again"),
            ),
            _ => SyncError::new(
                ErrorCode::Config,
                format!("could not lock {}: {e}", self.config_lock().display()),
            ),
        })
    }

    pub fn config_lock(&self) -> PathBuf {
        self.locks().join(layout::CONFIG_LOCK)
    }

    /// Read-modify-write under a lock shared by every process of this profile, so the app and
    /// a cron job never overwrite each other's changes. Saves only when something changed.
    /// `edit` must not block: the lock is held while it runs.
    pub fn update<T>(
        &self,
        edit: impl FnOnce(&mut AppConfig) -> Result<T, SyncError>,
    ) -> Result<T, SyncError> {
        let _guard = self.lock()?;
        let mut config = self.read()?.map_err(|damaged| self.move_aside(damaged))?;
        let before = serde_json::to_value(&config).ok();
        let out = edit(&mut config)?;
        if serde_json::to_value(&config).ok() != before {
            self.save(&config)?;
        }
        Ok(out)
    }

    /// Writes atomically (a private temp file, then rename) so a crash never leaves half a
    /// file, and the app and a cron job saving at once never mix their writes.
    pub fn save(&self, config: &AppConfig) -> Result<(), SyncError> {
        self.ensure()?;
        let path = self.config_file();
        let text = serde_json::to_string_pretty(config).expect("config serializes");
        private_fs::write_atomic(&path, text.as_bytes()).map_err(|e| {
            SyncError::new(
                ErrorCode::Config,
                format!("can't write {}: {e}", path.display()),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damaged_file() {
        let dir = tempfile::tempdir().unwrap();
        let config_dir = ConfigDir::new(dir.path().join("cfg"));
        assert!(config_dir.load().unwrap().whoop.is_none());
        let config = AppConfig {
            whoop: Some(WhoopSettings {
                client_id: "cid".into(),
                redirect_uri: "http://127.0.0.1:8765/callback".into(),
                user_name: None,
                user_id: None,
            }),
            ..AppConfig::default()
        };
        config_dir.save(&config).unwrap();
        assert_eq!(config_dir.load().unwrap().whoop.unwrap().client_id, "cid");
        fs::write(config_dir.config_file(), "{ not json").unwrap();
        let err = config_dir.load().unwrap_err();
        assert_eq!(err.code, ErrorCode::ConfigMovedAside);
        assert!(
            err.message.contains("config.json.corrupt-"),
            "{}",
            err.message
        );
        assert!(config_dir.load().unwrap().whoop.is_none());
    }
}
