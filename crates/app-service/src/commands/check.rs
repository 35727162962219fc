use app_core::setup_check::{for_desktop, login_item, SetupCheck};
use sync_engine::doctor::{Check, CheckStatus};
use sync_engine::SyncError;

use crate::service::AppService;

impl AppService {
    /// Settings → Check setup: the engine's live checks plus the login item, each in the
    /// desktop's words (the engine's facts go to the log).
    pub(super) async fn check_setup(&self) -> Result<Vec<SetupCheck>, SyncError> {
        let checks = self.live_checks().await?;
        for check in &checks {
            if matches!(check.status, CheckStatus::Fail | CheckStatus::Warn) {
                log::info!(
                    "check setup: {} {:?}: {}",
                    check.id.as_str(),
                    check.status,
                    check.detail
                );
            }
        }
        Ok(checks.iter().map(for_desktop).collect())
    }

    /// The engine's checks and the login item, as facts.
    pub(super) async fn live_checks(&self) -> Result<Vec<Check>, SyncError> {
        let mut checks = self.engine().await.doctor().await?;
        checks.push(login_item(self.desktop.launch_at_login()));
        Ok(checks)
    }
}
