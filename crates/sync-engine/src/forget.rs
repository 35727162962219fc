//! Forgetting a profile (`whoop-notion reset`, the app's "Forget everything"): its secrets
//! from the secret store, then its folder. A package can't reach into home folders, so this
//! is what leaves nothing behind before the app is uninstalled.

use std::path::PathBuf;

use serde::Serialize;

use crate::engine::{Engine, NOTION_TOKEN, WHOOP_CLIENT_SECRET, WHOOP_TOKENS};
use crate::{ErrorCode, Result, SyncError};

/// What was removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forgotten {
    /// The profile folder (settings, history, locks, and the file secret store if used).
    pub profile: PathBuf,
    /// Whether there was a profile folder to remove.
    pub profile_existed: bool,
    /// Where the secrets were removed from ("OS keychain", …); `None` when the profile had
    /// none (never connected), or its settings were unreadable, so its keys are unknown.
    pub secrets_removed_from: Option<&'static str>,
}

impl Engine {
    /// Removes the profile's secrets (by its profile id), then its folder. A sync that is
    /// running (in any process) finishes first, so nothing writes into a folder being removed.
    /// When the secrets can't be removed (a locked keychain) the folder stays, so the profile
    /// id that names them is kept for the next try.
    pub async fn forget_everything(&self) -> Result<Forgotten> {
        let root = self.env.config_dir.root().to_path_buf();
        let mut forgotten = Forgotten {
            profile: root.clone(),
            profile_existed: root.exists(),
            secrets_removed_from: None,
        };
        if !forgotten.profile_existed {
            return Ok(forgotten);
        }
        let _no_run = self.run_lock().await?;
        // A damaged file is moved aside by the first load; the second finds the profile id
        // it kept, if any, so the secrets stored under it are removed too.
        let loaded = match self.env.config_dir.load() {
            Err(e) if e.code == ErrorCode::ConfigMovedAside => self.env.config_dir.load(),
            loaded => loaded,
        };
        match loaded {
            Ok(config) if !config.profile_id.is_empty() => {
                for name in [WHOOP_TOKENS, WHOOP_CLIENT_SECRET, NOTION_TOKEN] {
                    self.secret_delete(&config, name).await?;
                }
                forgotten.secrets_removed_from = Some(self.env.secrets.describe());
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("the settings are unreadable ({e}); removing them anyway"),
        }
        match std::fs::remove_dir_all(&root) {
            Ok(()) => Ok(forgotten),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(forgotten),
            Err(e) => Err(SyncError::new(
                ErrorCode::Config,
                format!("could not remove {}: {e}", root.display()),
            )),
        }
    }
}
