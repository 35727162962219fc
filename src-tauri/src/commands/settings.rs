use app_core::overview::{Overview, Settings};
use chrono::{Duration, Local, Utc};
use sync_engine::{ErrorCode, SyncError};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_autostart::ManagerExt;

use crate::state::{publish_overview, AppState};

#[tauri::command]
pub async fn settings_set<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Overview, SyncError> {
    let schedule = settings.to_schedule()?;
    let engine = state.engine().await;
    engine.update_config(|c| {
        c.schedule = schedule;
        Ok(())
    })?;
    let autolaunch = app.autolaunch();
    if autolaunch.is_enabled().unwrap_or(false) != settings.launch_at_login {
        let result = if settings.launch_at_login {
            autolaunch.enable()
        } else {
            autolaunch.disable()
        };
        result.map_err(|e| {
            SyncError::new(
                ErrorCode::Internal,
                format!("could not change launch at login: {e}"),
            )
        })?;
    }
    publish_overview(&app).await
}

#[tauri::command]
pub async fn pause<R: Runtime>(app: AppHandle<R>, until: String) -> Result<Overview, SyncError> {
    set_pause(&app, &until).await
}

/// "hour", "tomorrow" (the start of tomorrow's morning window) or "resume".
pub async fn set_pause<R: Runtime>(app: &AppHandle<R>, until: &str) -> Result<Overview, SyncError> {
    let engine = app.state::<AppState>().engine().await;
    let morning_start = engine.load_config()?.schedule.morning_start;
    let paused_until = match until {
        "hour" => Some(Utc::now() + Duration::hours(1)),
        "tomorrow" => {
            let tomorrow = Local::now().date_naive() + Duration::days(1);
            tomorrow
                .and_time(morning_start)
                .and_local_timezone(Local)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
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
    publish_overview(app).await
}
