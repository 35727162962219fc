use app_core::overview::{Overview, Settings};
use chrono::Duration;
use serde::Deserialize;
use sync_engine::{ErrorCode, SyncError};

use crate::service::AppService;

#[derive(Deserialize)]
pub(super) struct SettingsArgs {
    settings: Settings,
}

#[derive(Deserialize)]
pub(super) struct PauseArgs {
    pub until: String,
}

impl AppService {
    pub(super) async fn settings_set(
        &self,
        SettingsArgs { settings }: SettingsArgs,
    ) -> Result<Overview, SyncError> {
        let schedule = settings.to_schedule()?;
        self.engine().await.update_config(|c| {
            c.schedule = schedule;
            Ok(())
        })?;
        if self.desktop.launch_at_login() != settings.launch_at_login {
            self.desktop
                .set_launch_at_login(settings.launch_at_login)
                .map_err(|e| {
                    SyncError::new(
                        ErrorCode::Internal,
                        format!("could not change launch at login: {e}"),
                    )
                })?;
        }
        self.publish_overview().await
    }

    /// "hour", "tomorrow" (the start of tomorrow's morning window) or "resume".
    pub async fn set_pause(&self, until: &str) -> Result<Overview, SyncError> {
        let engine = self.engine().await;
        let morning_start = engine.load_config()?.schedule.morning_start;
        let paused_until = match until {
            "hour" => Some(engine.now() + Duration::hours(1)),
            "tomorrow" => {
                let tomorrow = engine.today() + Duration::days(1);
                Some(engine.local_to_utc(tomorrow.and_time(morning_start)))
            }
            "resume" => None,
            other => {
                return Err(SyncError::invalid(format!(
                    "\"{other}\": pause for \"hour\" or until \"tomorrow\", or \"resume\""
                )))
            }
        };
        engine.update_config(|c| {
            c.paused_until = paused_until;
            Ok(())
        })?;
        self.publish_overview().await
    }
}
