use chrono::Duration;
use sync_engine::nights::DayRange;
use sync_engine::report::SyncReport;
use sync_engine::{SyncError, Trigger};
use sync_history::{DayRecord, RunSummary};
use tauri::{AppHandle, Runtime, State};

use crate::state::AppState;
use crate::sync_runner;

#[tauri::command]
pub async fn history(
    state: State<'_, AppState>,
    limit: usize,
) -> Result<Vec<RunSummary>, SyncError> {
    state.engine().await.history(limit.clamp(1, 500))
}

#[tauri::command]
pub async fn history_days(
    state: State<'_, AppState>,
    run_id: i64,
) -> Result<Vec<DayRecord>, SyncError> {
    state.engine().await.run_days(run_id)
}

#[tauri::command]
pub async fn sync_now<R: Runtime>(app: AppHandle<R>) -> Result<SyncReport, SyncError> {
    sync_runner::run(&app, Trigger::Manual, None).await
}

#[tauri::command]
pub async fn backfill<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    days: u32,
) -> Result<SyncReport, SyncError> {
    if !(1..=1095).contains(&days) {
        return Err(SyncError::invalid("backfill 1 to 1095 days"));
    }
    let today = state.engine().await.today();
    let range = DayRange::new(today - Duration::days(days as i64 - 1), today).expect("ordered");
    sync_runner::run(&app, Trigger::Backfill, Some(range)).await
}
