//! Forgetting a profile (`whoop-notion reset`, the app's "Forget everything"): its secrets
//! from the secret store, then the files the app wrote in its folder, then the folder if the
//! app made it and nothing else is in it. A package can't reach into home folders, so this
//! is what leaves nothing of the app's behind before it is uninstalled; what isn't the app's
//! stays, and is named.

use std::path::PathBuf;

use serde::Serialize;

use crate::engine::{Engine, NOTION_TOKEN, WHOOP_CLIENT_SECRET, WHOOP_TOKENS};
use crate::{ErrorCode, Result, SyncError};

/// What was removed, and what was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forgotten {
    /// The profile folder (settings, history, locks, and the file secret store if used).
    pub profile: PathBuf,
    /// Whether there was a profile folder to remove.
    pub profile_existed: bool,
    /// Where the secrets were removed from ("OS keychain", …); `None` when the profile had
    /// none (never connected), or its settings were unreadable, so its keys are unknown.
    pub secrets_removed_from: Option<&'static str>,
    /// What became of the folder itself.
    pub folder: ProfileFolder,
    /// What the app didn't write, left as it was (the folder then stays too).
    pub kept: Vec<PathBuf>,
    /// Whether WHOOP ended the app's access to the account (`false`: it wasn't connected, or
    /// WHOOP couldn't be reached; the tokens are deleted here all the same).
    pub whoop_access_revoked: bool,
}

/// How long reset waits for WHOOP to end the app's access: offline, it goes on without.
const REVOKE_WAIT: std::time::Duration = std::time::Duration::from_secs(15);

/// What became of the profile folder once the app's files were removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileFolder {
    /// There was none.
    Missing,
    /// The app made it, and it was empty once the app's files were gone.
    Removed,
    /// The app made it, but it holds things the app didn't write.
    KeptHoldsOthers,
    /// It was there before the app used it: the user's.
    KeptUsers,
    /// A link to a folder: the link and its folder are the user's.
    KeptLink,
}

impl From<profile_dir::FolderFate> for ProfileFolder {
    fn from(fate: profile_dir::FolderFate) -> Self {
        use profile_dir::FolderFate as F;
        match fate {
            F::Missing => Self::Missing,
            F::Removed => Self::Removed,
            F::KeptHoldsOthers => Self::KeptHoldsOthers,
            F::KeptUsers => Self::KeptUsers,
            F::KeptLink => Self::KeptLink,
        }
    }
}

impl Engine {
    /// Removes the profile's secrets (by its profile id), then the app's files in its folder,
    /// then the folder if the app made it and nothing else is left. A sync that is
    /// running (in any process) finishes first, so nothing writes into a folder being removed.
    /// When the secrets can't be removed (a locked keychain) the folder stays, so the profile
    /// id that names them is kept for the next try.
    pub async fn forget_everything(&self) -> Result<Forgotten> {
        let root = self.env.config_dir.root().to_path_buf();
        let mut forgotten = Forgotten {
            profile: root.clone(),
            profile_existed: root.exists(),
            secrets_removed_from: None,
            folder: ProfileFolder::Missing,
            kept: Vec::new(),
            whoop_access_revoked: false,
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
                // WHOOP's grant ends too, not only this computer's copy of its tokens.
                if config.whoop.is_some() {
                    if let Ok((api, _)) = self.whoop(&config).await {
                        match tokio::time::timeout(REVOKE_WAIT, api.revoke_access()).await {
                            Ok(Ok(())) => forgotten.whoop_access_revoked = true,
                            Ok(Err(e)) => tracing::warn!("WHOOP's access not revoked: {e}"),
                            Err(_) => tracing::warn!("WHOOP's access not revoked: no answer"),
                        }
                    }
                }
                for name in [WHOOP_TOKENS, WHOOP_CLIENT_SECRET, NOTION_TOKEN] {
                    self.secret_delete(&config, name).await?;
                }
                forgotten.secrets_removed_from = Some(self.env.secrets.describe());
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("the settings are unreadable ({e}); removing them anyway"),
        }
        let cleared = profile_dir::clear(&root).map_err(|e| {
            SyncError::new(
                ErrorCode::Config,
                format!(
                    "could not remove the app's files from {}: {e}",
                    root.display()
                ),
            )
        })?;
        forgotten.folder = cleared.folder.into();
        forgotten.kept = cleared.kept;
        Ok(forgotten)
    }
}
