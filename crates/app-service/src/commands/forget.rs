//! Settings → "Forget everything": what `whoop-notion reset` does, for the desktop — the
//! secrets in the keychain, the profile, the login item and the app's own folders — then the
//! app ends, as on Quit (it has nothing left to run on). The window asks first.

use std::sync::Arc;

use sync_engine::{ErrorCode, SyncError};

use crate::contract::ForgetScope;
use crate::service::AppService;

impl AppService {
    /// What forgetting would remove and keep, found without changing anything.
    pub(super) fn forget_preview(&self) -> Result<ForgetScope, SyncError> {
        let root = self.real.env().config_dir.root();
        let survey = profile_dir::survey(root).map_err(|e| {
            SyncError::new(
                ErrorCode::Config,
                format!("could not look into {}: {e}", root.display()),
            )
        })?;
        Ok(ForgetScope {
            folder: root.display().to_string(),
            keeps: survey
                .kept
                .iter()
                .map(|path| {
                    path.strip_prefix(root)
                        .unwrap_or(path)
                        .display()
                        .to_string()
                })
                .collect(),
            folder_stays: !matches!(
                survey.folder,
                profile_dir::FolderFate::Removed | profile_dir::FolderFate::Missing
            ),
        })
    }

    pub(super) async fn forget_everything(self: &Arc<Self>) -> Result<(), SyncError> {
        // No scheduled sync may start and write the profile again; one that is running is
        // waited for by the engine.
        self.stop_schedule().await;
        let forgotten = self.real.forget_everything().await?;
        log::info!(
            "forgot everything: the app's files in {} ({:?}, {} kept) and the secrets in the {}",
            forgotten.profile.display(),
            forgotten.folder,
            forgotten.kept.len(),
            forgotten
                .secrets_removed_from
                .unwrap_or("secret store (none held)")
        );
        if self.desktop.launch_at_login() {
            self.desktop.set_launch_at_login(false).map_err(|e| {
                SyncError::new(
                    ErrorCode::Internal,
                    format!("could not remove the login item: {e}"),
                )
            })?;
        }
        for folder in [&self.data_dir, &self.log_dir] {
            match std::fs::remove_dir_all(folder) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(SyncError::new(
                        ErrorCode::Config,
                        format!("could not remove {}: {e}", folder.display()),
                    ))
                }
            }
        }
        profile_dir::remove_window_state().map_err(|e| {
            SyncError::new(
                ErrorCode::Config,
                format!("could not remove the window's saved size and place: {e}"),
            )
        })?;
        // notify_one: remembered if the host isn't waiting yet.
        self.quit.notify_one();
        Ok(())
    }
}
