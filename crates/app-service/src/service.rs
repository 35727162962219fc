//! What the running app holds: the session (real or demo), the live state the tray and
//! window show, a sign-in that is waiting for the browser, and the schedule's task.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use app_core::menu::MenuAction;
use app_core::morning::MorningNotifier;
use app_core::notify_once::ProblemNotifier;
use app_core::overview::{overview, Mode, Overview, OverviewParts, Settings};
use app_core::setup_change::SetupChanges;
use app_core::tray::{tray_view, TraySnapshot, TrayView};
use chrono::{DateTime, Utc};
use sync_engine::config::ScheduleSettings;
use sync_engine::report::SyncReport;
use sync_engine::{
    Engine, ErrorCode, PendingWhoopConnect, Status, SyncError, Trigger, Units, UnitsSetting,
};
use sync_history::DayRecord;

use crate::contract::PauseUntil;
use crate::desktop::{Desktop, Listener};
use crate::session::Session;

/// What the app knows only while it runs, kept in memory and nowhere else: whether a sync is
/// on, how the last ones went, the problems told, and the last snapshot of the profile.
#[derive(Default)]
pub(crate) struct LiveState {
    pub syncing: bool,
    pub last_report: Option<(DateTime<Utc>, SyncReport)>,
    pub last_error: Option<SyncError>,
    pub failures: u32,
    pub problems: ProblemNotifier,
    /// When the schedule last started a run (start-up, wake or clock), for "next check".
    pub last_scheduled_attempt: Option<DateTime<Utc>>,
    /// No panel shows the tray icon (the tray host learns it from the session bus).
    pub tray_hidden: bool,
    /// What the last overview was built from, to rebuild it when only the live state changes.
    pub last_snapshot: Option<ProfileSnapshot>,
    /// The user's setup changes, so a run begun before one isn't taken for the truth.
    pub setup_changes: SetupChanges,
}

/// The overview's parts that are read from the profile and the keychain: they change only
/// when something is done (a sign-in, a setting, a run's end), never during a run.
#[derive(Clone)]
pub(crate) struct ProfileSnapshot {
    mode: Mode,
    status: Status,
    schedule: ScheduleSettings,
    units_setting: UnitsSetting,
    units: Units,
    recent: Vec<(DayRecord, DateTime<Utc>)>,
}

pub struct AppService {
    pub(crate) session: tokio::sync::RwLock<Session>,
    /// The user's real profile, whichever session is on ("Forget everything" removes it).
    pub(crate) real: Engine,
    pub(crate) live: Mutex<LiveState>,
    pub(crate) morning: Mutex<MorningNotifier>,
    pub(crate) pending_whoop: tokio::sync::Mutex<Option<PendingWhoopConnect>>,
    /// The sign-in listening on its loopback port, stopped when another one starts.
    pub(crate) sign_in_waiting: tokio::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
    pub(crate) scheduler: Mutex<Option<tokio::task::JoinHandle<()>>>,
    /// The OS said the computer resumed (see `computer_woke`).
    pub(crate) woken: tokio::sync::Notify,
    /// "Quit" from the window (where the tray can't be seen, it is the only way).
    pub(crate) quit: tokio::sync::Notify,
    pub(crate) data_dir: PathBuf,
    pub(crate) log_dir: PathBuf,
    pub(crate) desktop: Arc<dyn Desktop>,
    pub(crate) listener: Arc<dyn Listener>,
}

impl AppService {
    /// The app on the user's real profile. `data_dir` keeps the app's own small state (the
    /// morning notification's memory, the demo profile); `log_dir` is what "Open logs" opens.
    pub fn new(
        data_dir: PathBuf,
        log_dir: PathBuf,
        desktop: Arc<dyn Desktop>,
        listener: Arc<dyn Listener>,
    ) -> Result<Arc<Self>, SyncError> {
        Self::on_session(Session::real()?, data_dir, log_dir, desktop, listener)
    }

    /// The app on an engine of the caller's (its own secret store, clock or endpoints), in
    /// real mode: for tests that watch what the app reads.
    pub fn with_engine(
        engine: Engine,
        data_dir: PathBuf,
        log_dir: PathBuf,
        desktop: Arc<dyn Desktop>,
        listener: Arc<dyn Listener>,
    ) -> Result<Arc<Self>, SyncError> {
        Self::on_session(Session::of(engine), data_dir, log_dir, desktop, listener)
    }

    fn on_session(
        session: Session,
        data_dir: PathBuf,
        log_dir: PathBuf,
        desktop: Arc<dyn Desktop>,
        listener: Arc<dyn Listener>,
    ) -> Result<Arc<Self>, SyncError> {
        // The app's own folder, private (0700): the morning notification's memory holds
        // last night's numbers, and the demo profile lives here. An older one is narrowed.
        private_fs::ensure_dir(&data_dir).map_err(|e| {
            SyncError::new(
                sync_engine::ErrorCode::Internal,
                format!("could not create {}: {e}", data_dir.display()),
            )
        })?;
        let morning = std::fs::read_to_string(data_dir.join("morning.json"))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        Ok(Arc::new(Self {
            real: session.engine.clone(),
            session: tokio::sync::RwLock::new(session),
            live: Mutex::new(LiveState::default()),
            morning: Mutex::new(morning),
            pending_whoop: tokio::sync::Mutex::new(None),
            sign_in_waiting: tokio::sync::Mutex::new(None),
            scheduler: Mutex::new(None),
            woken: tokio::sync::Notify::new(),
            quit: tokio::sync::Notify::new(),
            data_dir,
            log_dir,
            desktop,
            listener,
        }))
    }

    /// Starts the background work: the schedule (with its catch-up), the OS wake signal, and
    /// a first overview for the tray and the window.
    pub fn start(self: &Arc<Self>) {
        crate::scheduler::restart(self);
        crate::wake::watch(self);
        let service = self.clone();
        tokio::spawn(async move { service.publish().await });
    }

    /// The OS says the computer resumed (logind's `PrepareForSleep(false)`, Windows' power
    /// broadcast): the schedule looks at once instead of at its next tick. The schedule decides
    /// what to do, so a pause or a crash-loop hold still holds, and a wake is caught up once
    /// even though the clock jump announces it too.
    pub fn computer_woke(&self) {
        // notify_one: remembered if the schedule is busy syncing right now.
        self.woken.notify_one();
    }

    pub async fn engine(&self) -> Engine {
        self.session.read().await.engine.clone()
    }

    pub async fn mode(&self) -> Mode {
        self.session.read().await.mode
    }

    pub(crate) fn live(&self) -> std::sync::MutexGuard<'_, LiveState> {
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn save_morning(&self) {
        let notifier = self
            .morning
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if let Ok(text) = serde_json::to_string(&notifier) {
            let _ = private_fs::write(&self.data_dir.join("morning.json"), text.as_bytes());
        }
    }

    /// The overview and tray view, from local state only (fast, offline).
    pub async fn current(&self) -> Result<(Overview, TrayView), SyncError> {
        let engine = self.engine().await;
        let config = engine.load_config()?;
        let snapshot = ProfileSnapshot {
            mode: self.mode().await,
            status: engine.status().await?,
            units: engine.units_of(&config),
            units_setting: config.units,
            schedule: config.schedule,
            recent: engine.recent_days(7).unwrap_or_default(),
        };
        let views = self.overview_and_tray(&engine, &snapshot);
        self.live().last_snapshot = Some(snapshot);
        Ok(views)
    }

    /// The overview and tray view from a snapshot of the profile, with the live state as it is
    /// now.
    fn overview_and_tray(
        &self,
        engine: &Engine,
        snapshot: &ProfileSnapshot,
    ) -> (Overview, TrayView) {
        let status = &snapshot.status;
        let settings = Settings::from_schedule(
            &snapshot.schedule,
            snapshot.units_setting,
            self.desktop.launch_at_login(),
            self.desktop.restart_if_stopped(),
        );
        let live = self.live();
        let view = tray_view(&TraySnapshot {
            now: engine.now(),
            local_offset: engine.local_offset(),
            today: engine.today(),
            whoop: status.whoop.state,
            notion: status.notion.state,
            has_database: status.notion.database_id.is_some(),
            syncing: live.syncing,
            paused_until: status.paused_until,
            last_report: live.last_report.clone(),
            last_error: live.last_error.clone(),
            consecutive_failures: live.failures,
            schedule: snapshot.schedule.clone(),
            last_scheduled_attempt: live.last_scheduled_attempt,
            units: snapshot.units,
        });
        let overview = overview(OverviewParts {
            mode: snapshot.mode,
            status,
            tray: view.clone(),
            syncing: live.syncing,
            settings,
            units: snapshot.units,
            recent: &snapshot.recent,
            tray_hidden: live.tray_hidden,
            needs_whoop_scope: live
                .last_report
                .as_ref()
                .and_then(|(_, report)| report.needs_whoop_scope.clone()),
        });
        (overview, view)
    }

    /// Tells the window and the tray that a run started. Only the live state changed, so the
    /// overview is rebuilt from the last snapshot of the profile: no keychain, settings or history
    /// read (the run's end reads them afresh). Reads them when nothing was read yet, or the
    /// session changed since.
    pub(crate) async fn publish_run_started(&self) {
        let engine = self.engine().await;
        let mode = self.mode().await;
        let snapshot = self.live().last_snapshot.clone();
        match snapshot.filter(|r| r.mode == mode) {
            Some(snapshot) => {
                let (overview, view) = self.overview_and_tray(&engine, &snapshot);
                self.listener.published(&overview, &view);
            }
            None => self.publish().await,
        }
    }

    /// Tells the window and the tray that something changed.
    pub async fn publish(&self) {
        if let Err(e) = self.publish_overview().await {
            log::warn!("could not read the status: {e}");
        }
    }

    /// Like [`publish`](Self::publish), and hands the overview to a command that answers with
    /// it (one status read, not two).
    pub async fn publish_overview(&self) -> Result<Overview, SyncError> {
        let (overview, view) = self.current().await?;
        self.listener.published(&overview, &view);
        Ok(overview)
    }

    /// A tray menu item was picked. Opening the window and quitting belong to the tray host.
    pub async fn menu_action(self: &Arc<Self>, action: MenuAction) {
        match action {
            MenuAction::SyncNow => {
                let _ = self.run_sync(Trigger::Manual, None).await;
            }
            MenuAction::PauseHour | MenuAction::PauseTomorrow | MenuAction::Resume => {
                let until = match action {
                    MenuAction::PauseHour => PauseUntil::Hour,
                    MenuAction::PauseTomorrow => PauseUntil::Tomorrow,
                    _ => PauseUntil::Resume,
                };
                if let Err(e) = self.set_pause(until).await {
                    log::warn!("{e}");
                }
            }
            MenuAction::OpenDay(day) => {
                let url = self
                    .engine()
                    .await
                    .recent_days(30)
                    .ok()
                    .and_then(|days| days.into_iter().find(|(d, _)| d.day == day))
                    .and_then(|(d, _)| d.page_url);
                self.open_in_browser(url);
            }
            MenuAction::OpenDatabase => {
                let url = self
                    .current()
                    .await
                    .ok()
                    .and_then(|(overview, _)| overview.notion.database_url);
                self.open_in_browser(url);
            }
            MenuAction::ToggleLaunchAtLogin => {
                let on = !self.desktop.launch_at_login();
                if let Err(e) = self.desktop.set_launch_at_login(on) {
                    log::warn!("launch at login: {e}");
                }
                self.publish().await;
            }
            MenuAction::OpenWindow | MenuAction::Quit => {}
        }
    }

    fn open_in_browser(&self, url: Option<String>) {
        if let Some(url) = url {
            if let Err(e) = self.open_web(&url) {
                log::warn!("{}", e.message);
            }
        }
    }

    /// Every web address the app opens goes through here: a page of Notion's or WHOOP's over
    /// https, or one on the services the app is pointed at; anything else (a `file:` address
    /// in an answer or an edited history) never reaches the system's opener.
    pub(crate) fn open_web(&self, url: &str) -> Result<(), SyncError> {
        let endpoints = &self.real.env().endpoints;
        let own = [
            endpoints.whoop_oauth.as_str(),
            endpoints.whoop_api.as_str(),
            endpoints.notion_api.as_str(),
        ];
        let checked = safe_links::check(url, &own)
            .map_err(|e| SyncError::invalid(format!("{url:?} is {e}")))?;
        self.desktop.open_url(checked.as_str()).map_err(|e| {
            SyncError::new(
                ErrorCode::Internal,
                format!("could not open the browser: {e}"),
            )
        })
    }

    /// Whether a panel shows the tray icon; the window offers what the tray does when not.
    pub async fn set_tray_hidden(&self, hidden: bool) {
        let changed = {
            let mut live = self.live();
            std::mem::replace(&mut live.tray_hidden, hidden) != hidden
        };
        if changed {
            log::info!(
                "{}",
                if hidden {
                    "no panel shows tray icons here; the window says how to get one"
                } else {
                    "a panel shows the tray icon"
                }
            );
            self.publish().await;
        }
    }

    /// Resolves when the window asked the app to quit.
    pub async fn quit_requested(&self) {
        self.quit.notified().await
    }

    /// Ends demo mode's simulators and the schedule, before the process exits.
    pub async fn shut_down(&self) {
        self.stop_schedule().await;
        self.session.read().await.stop();
    }

    /// No scheduled sync starts any more, and one that was running has stopped when this
    /// returns: an aborted task goes on until its next await, and "Forget everything" must
    /// not remove folders it is still writing.
    pub(crate) async fn stop_schedule(&self) {
        let task = self
            .scheduler
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(task) = task {
            task.abort();
            let _ = task.await;
        }
    }
}
