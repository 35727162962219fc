use app_core::overview::Overview;
use chrono::Duration;
use sync_engine::{ErrorCode, SyncError};

use crate::contract::{PauseUntil, SettingsArgs};
use crate::service::AppService;

impl AppService {
    pub(super) async fn settings_set(
        &self,
        SettingsArgs { settings }: SettingsArgs,
    ) -> Result<Overview, SyncError> {
        let schedule = settings.to_schedule()?;
        self.engine().await.update_config(|c| {
            c.schedule = schedule;
            c.units = settings.units();
            Ok(())
        })?;
        let login_failed = |what: &str, e: String| {
            SyncError::new(ErrorCode::Internal, format!("could not change {what}: {e}"))
        };
        // The service first: turning it on or off moves the login item too. `null` from the
        // window (it wasn't offered there) leaves it as it is.
        if let (Some(current), Some(asked)) = (
            self.desktop.restart_if_stopped(),
            settings.restart_if_stopped,
        ) {
            let wanted = settings.launch_at_login && asked;
            // Everything off is launch at login's to do, below.
            if current != wanted && settings.launch_at_login {
                self.desktop
                    .set_restart_if_stopped(wanted)
                    .map_err(|e| login_failed("restarting when it stops", e))?;
            }
        }
        if self.desktop.launch_at_login() != settings.launch_at_login {
            self.desktop
                .set_launch_at_login(settings.launch_at_login)
                .map_err(|e| login_failed("launch at login", e))?;
        }
        self.publish_overview().await
    }

    /// For an hour, until the start of tomorrow's morning window, or not any more.
    pub async fn set_pause(&self, until: PauseUntil) -> Result<Overview, SyncError> {
        let engine = self.engine().await;
        let morning_start = engine.load_config()?.schedule.morning_start;
        let paused_until = match until {
            PauseUntil::Hour => Some(engine.now() + Duration::hours(1)),
            PauseUntil::Tomorrow => {
                let tomorrow = engine.today() + Duration::days(1);
                Some(engine.local_to_utc(tomorrow.and_time(morning_start)))
            }
            PauseUntil::Resume => None,
        };
        engine.update_config(|c| {
            c.paused_until = paused_until;
            Ok(())
        })?;
        self.publish_overview().await
    }
}
