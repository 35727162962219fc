//! The background schedule (catch-up at start and on wake, morning polling) for the current
//! session; restarted when the session changes (demo mode on or off).

use sync_engine::Trigger;
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

pub fn restart<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    let mut slot = state.scheduler.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(old) = slot.take() {
        old.abort();
    }
    let app = app.clone();
    *slot = Some(tauri::async_runtime::spawn(async move {
        let engine = app.state::<AppState>().engine().await;
        let sync = |trigger: Trigger| {
            let app = app.clone();
            async move { crate::sync_runner::run(&app, trigger, None).await }
        };
        engine.run_schedule(sync, || true).await;
    }));
}
