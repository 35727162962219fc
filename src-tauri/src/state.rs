//! What the running app holds: the session (real or demo), the runtime status the tray and
//! window show, and a sign-in that is waiting for the browser.

use std::path::PathBuf;
use std::sync::Mutex;

use app_core::morning::MorningNotifier;
use app_core::notify_once::ProblemNotifier;
use app_core::overview::{overview, Mode, Overview, OverviewParts, Settings};
use app_core::tray::{tray_view, TraySnapshot, TrayView};
use chrono::{DateTime, Local, Offset, Utc};
use sync_engine::report::SyncReport;
use sync_engine::{Engine, PendingWhoopConnect, SyncError};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_autostart::ManagerExt;

use crate::session::Session;

#[derive(Default)]
pub struct RunStatus {
    pub syncing: bool,
    pub last_report: Option<(DateTime<Utc>, SyncReport)>,
    pub last_error: Option<SyncError>,
    pub failures: u32,
    pub problems: ProblemNotifier,
}

pub struct AppState {
    pub session: tokio::sync::RwLock<Session>,
    pub runtime: Mutex<RunStatus>,
    pub morning: Mutex<MorningNotifier>,
    pub pending_whoop: tokio::sync::Mutex<Option<PendingWhoopConnect>>,
    pub scheduler: Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
    pub data_dir: PathBuf,
}

impl AppState {
    pub fn new<R: Runtime>(app: &AppHandle<R>) -> Result<Self, Box<dyn std::error::Error>> {
        let data_dir = app.path().app_data_dir()?;
        std::fs::create_dir_all(&data_dir)?;
        let morning = std::fs::read_to_string(data_dir.join("morning.json"))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        Ok(Self {
            session: tokio::sync::RwLock::new(Session::real()?),
            runtime: Mutex::new(RunStatus::default()),
            morning: Mutex::new(morning),
            pending_whoop: tokio::sync::Mutex::new(None),
            scheduler: Mutex::new(None),
            data_dir,
        })
    }

    pub async fn engine(&self) -> Engine {
        self.session.read().await.engine.clone()
    }

    pub async fn mode(&self) -> Mode {
        self.session.read().await.mode
    }

    pub fn runtime(&self) -> std::sync::MutexGuard<'_, RunStatus> {
        self.runtime.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn save_morning(&self) {
        let notifier = self
            .morning
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if let Ok(text) = serde_json::to_string(&notifier) {
            let _ = std::fs::write(self.data_dir.join("morning.json"), text);
        }
    }
}

/// The overview and tray view, from local state only (fast, offline).
pub async fn current<R: Runtime>(app: &AppHandle<R>) -> Result<(Overview, TrayView), SyncError> {
    let state = app.state::<AppState>();
    let engine = state.engine().await;
    let mode = state.mode().await;
    let status = engine.status().await?;
    let config = engine.load_config()?;
    let recent = engine.recent_days(7).unwrap_or_default();
    let now = Utc::now();
    let view = {
        let runtime = state.runtime();
        tray_view(&TraySnapshot {
            now,
            local_offset: now.with_timezone(&Local).offset().fix(),
            today: engine.today(),
            whoop: status.whoop.state,
            notion: status.notion.state,
            has_database: status.notion.database_id.is_some(),
            syncing: runtime.syncing,
            paused_until: status.paused_until,
            last_report: runtime.last_report.clone(),
            last_error: runtime.last_error.clone(),
            consecutive_failures: runtime.failures,
        })
    };
    let launch_at_login = app.autolaunch().is_enabled().unwrap_or(false);
    let syncing = state.runtime().syncing;
    let overview = overview(OverviewParts {
        mode,
        status: &status,
        tray: view.clone(),
        syncing,
        settings: Settings::from_schedule(&config.schedule, launch_at_login),
        recent: &recent,
    });
    Ok((overview, view))
}

/// Tells the window and the tray that something changed.
pub async fn publish<R: Runtime>(app: &AppHandle<R>) {
    if let Err(e) = publish_overview(app).await {
        log::warn!("could not read the status: {e}");
    }
}

/// Like [`publish`], and hands the overview to a command that answers with it (one status
/// read, not two).
pub async fn publish_overview<R: Runtime>(app: &AppHandle<R>) -> Result<Overview, SyncError> {
    let (overview, view) = current(app).await?;
    let _ = app.emit("overview", &overview);
    crate::tray::update(app, &view, &overview);
    Ok(overview)
}
