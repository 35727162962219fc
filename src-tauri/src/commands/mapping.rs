use sync_engine::{MappingView, Preview, SyncError};
use tauri::{AppHandle, Runtime, State};

use crate::state::{publish, AppState};

#[tauri::command]
pub async fn mapping_get(state: State<'_, AppState>) -> Result<MappingView, SyncError> {
    state.engine().await.mapping_show().await
}

#[tauri::command]
pub async fn mapping_set<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    key: String,
    property: String,
    unit: Option<String>,
) -> Result<MappingView, SyncError> {
    let view = state
        .engine()
        .await
        .mapping_set(&[(key, property, unit)])
        .await?;
    publish(&app).await;
    Ok(view)
}

#[tauri::command]
pub async fn mapping_unset<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    key: String,
) -> Result<MappingView, SyncError> {
    let view = state.engine().await.mapping_unset(&[key]).await?;
    publish(&app).await;
    Ok(view)
}

#[tauri::command]
pub async fn mapping_auto<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<MappingView, SyncError> {
    let view = state.engine().await.mapping_auto().await?;
    publish(&app).await;
    Ok(view)
}

#[tauri::command]
pub async fn mapping_preview(state: State<'_, AppState>) -> Result<Preview, SyncError> {
    state.engine().await.mapping_preview().await
}
