use app_core::overview::Overview;
use sync_engine::{ErrorCode, SyncError};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use crate::session::Session;
use crate::state::{current, publish_overview, AppState};

#[tauri::command]
pub async fn overview<R: Runtime>(app: AppHandle<R>) -> Result<Overview, SyncError> {
    Ok(current(&app).await?.0)
}

async fn switch<R: Runtime>(
    app: &AppHandle<R>,
    state: &State<'_, AppState>,
    next: Session,
) -> Result<Overview, SyncError> {
    {
        let mut session = state.session.write().await;
        session.stop();
        *session = next;
    }
    *state.runtime() = Default::default();
    crate::scheduler::restart(app);
    publish_overview(app).await
}

#[tauri::command]
pub async fn start_demo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Overview, SyncError> {
    let demo = Session::demo(state.data_dir.join("demo")).await?;
    switch(&app, &state, demo).await
}

#[tauri::command]
pub async fn stop_demo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Overview, SyncError> {
    switch(&app, &state, Session::real()?).await
}

#[tauri::command]
pub async fn open_url<R: Runtime>(app: AppHandle<R>, url: String) -> Result<(), SyncError> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(SyncError::invalid("only web addresses can be opened"));
    }
    app.opener().open_url(url, None::<&str>).map_err(|e| {
        SyncError::new(
            ErrorCode::Internal,
            format!("could not open the browser: {e}"),
        )
    })
}

#[tauri::command]
pub async fn open_logs<R: Runtime>(app: AppHandle<R>) -> Result<(), SyncError> {
    let dir = app
        .path()
        .app_log_dir()
        .map_err(|e| SyncError::new(ErrorCode::Internal, e.to_string()))?;
    let _ = std::fs::create_dir_all(&dir);
    app.opener()
        .open_path(dir.display().to_string(), None::<&str>)
        .map_err(|e| {
            SyncError::new(
                ErrorCode::Internal,
                format!("could not open the log folder: {e}"),
            )
        })
}
