use std::time::Duration;

use app_core::overview::Overview;
use serde::Serialize;
use serde_json::json;
use sync_engine::DataSourceRef;
use sync_engine::SyncError;
use tauri::{AppHandle, Emitter, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use crate::state::{publish, publish_overview, AppState};

/// How long the loopback listener waits for the browser.
const SIGN_IN_WAIT: Duration = Duration::from_secs(300);

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectStarted {
    authorize_url: String,
    listens: bool,
}

#[tauri::command]
pub async fn whoop_connect<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    client_id: String,
    client_secret: String,
    redirect_uri: Option<String>,
) -> Result<ConnectStarted, SyncError> {
    let engine = state.engine().await;
    let redirect = redirect_uri.filter(|r| !r.trim().is_empty());
    let mut pending = engine
        .whoop_begin_connect(&client_id, &client_secret, redirect.as_deref())
        .await?;
    let started = ConnectStarted {
        authorize_url: pending.authorize_url.clone(),
        listens: pending.listens(),
    };
    if let Err(e) = app.opener().open_url(&pending.authorize_url, None::<&str>) {
        log::warn!("could not open the browser: {e}");
    }
    if pending.listens() {
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            let result = match pending.wait_for_code(SIGN_IN_WAIT).await {
                Ok(code) => engine.whoop_finish_connect(pending, &code).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(account) => {
                    let _ = app.emit("whoop-connected", json!({"name": account.name}));
                }
                Err(error) => {
                    let _ = app.emit("connect-failed", &error);
                }
            }
            publish(&app).await;
        });
    } else {
        *state.pending_whoop.lock().await = Some(pending);
    }
    Ok(started)
}

#[tauri::command]
pub async fn whoop_finish<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    pasted_url: String,
) -> Result<serde_json::Value, SyncError> {
    let pending =
        state.pending_whoop.lock().await.take().ok_or_else(|| {
            SyncError::invalid("no WHOOP sign-in is waiting; press Connect first")
        })?;
    let code = pending.code_from_pasted_url(&pasted_url)?;
    let account = state
        .engine()
        .await
        .whoop_finish_connect(pending, &code)
        .await?;
    publish(&app).await;
    Ok(json!({"name": account.name}))
}

#[tauri::command]
pub async fn whoop_disconnect<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Overview, SyncError> {
    state.engine().await.whoop_disconnect().await?;
    publish_overview(&app).await
}

#[tauri::command]
pub async fn notion_connect<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
) -> Result<serde_json::Value, SyncError> {
    let me = state.engine().await.notion_connect(&token).await?;
    publish(&app).await;
    Ok(json!({"workspace": me.workspace_name, "name": me.name}))
}

#[tauri::command]
pub async fn notion_databases(state: State<'_, AppState>) -> Result<Vec<DataSourceRef>, SyncError> {
    state.engine().await.notion_databases().await
}

#[tauri::command]
pub async fn notion_use<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id_or_url: String,
    source: Option<String>,
) -> Result<Overview, SyncError> {
    state
        .engine()
        .await
        .notion_use(&id_or_url, source.as_deref())
        .await?;
    publish_overview(&app).await
}

#[tauri::command]
pub async fn notion_disconnect<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Overview, SyncError> {
    state.engine().await.notion_disconnect().await?;
    publish_overview(&app).await
}
