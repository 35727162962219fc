//! `whoop-notion-tray`: the part of WHOOP → Notion Sync that stays running. It owns the
//! engine, the schedule, the tray icon and the notifications, and serves the window process
//! over the window link. One runs per profile; a second one leaves at once.

mod desktop;
mod icons;
mod logging;
mod notifications;
mod paths;
mod tray;
mod wake;
mod window;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use app_core::menu::{tray_menu, MenuAction};
use app_core::overview::Overview;
use app_core::tray::TrayView;
use app_service::{AppEvent, AppService, Listener};
use private_fs::ProcessLock;
use serde_json::Value;
use tokio::sync::{mpsc, watch};
use window_link::{programs, Handler, Host, HostAddress, Reply};

use crate::tray::TrayContent;

const USAGE: &str = "usage: whoop-notion-tray [--hidden] [--replacing PID | --service]
The tray and background sync of WHOOP → Notion Sync; the app starts it by itself.
--replacing PID: start once the older host PID has left (after an upgrade).
--service: started by the systemd user service; while another host runs the profile, stand
           by and take over when it stops.";

/// How long a host started to replace an older one waits for it to finish its sync.
const REPLACE_WAIT: Duration = Duration::from_secs(60 * 60);

/// Tells the tray and every open window about each change.
struct Broadcast {
    link: Host,
    tray: watch::Sender<TrayContent>,
}

impl Listener for Broadcast {
    fn published(&self, overview: &Overview, view: &TrayView) {
        let menu = tray_menu(view, overview, chrono::Utc::now());
        let _ = self.tray.send(TrayContent {
            view: view.clone(),
            menu,
        });
        emit(&self.link, &AppEvent::Overview(Box::new(overview.clone())));
    }

    fn event(&self, event: AppEvent) {
        emit(&self.link, &event);
    }

    fn window_open(&self) -> bool {
        self.link.windows() > 0
    }
}

/// An event of the contract to every open window.
pub(crate) fn emit(link: &Host, event: &AppEvent) {
    let (name, payload) = event.wire();
    link.emit(&name, payload);
}

/// The window's calls go straight to the service.
struct WindowCommandHandler(Arc<AppService>);

#[async_trait::async_trait]
impl Handler for WindowCommandHandler {
    async fn call(&self, cmd: String, args: Value) -> Reply {
        match self.0.call(&cmd, args).await {
            Ok(value) => Reply::Ok(value),
            Err(error) => Reply::Err(serde_json::to_value(error).expect("errors serialize")),
        }
    }
}

fn main() -> ExitCode {
    let mut replacing = None;
    let mut service = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            programs::HIDDEN => {}
            login_item::systemd::SERVICE_FLAG => service = true,
            programs::REPLACING => match args.next().and_then(|pid| pid.parse::<u32>().ok()) {
                Some(pid) => replacing = Some(pid),
                None => {
                    eprintln!("{USAGE}");
                    return ExitCode::from(2);
                }
            },
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let profile = match process_env::config_dir(None) {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    logging::init(&paths::log_dir());
    // A panic anywhere ends the host, logged with its place. A host that lost a thread or
    // task (its schedule, say) would look alive while syncing nothing; ended, it is started
    // again by the next window, the login item or systemd, and catches up (sync_engine's
    // restarts.rs paces that).
    logging::log_panics(|| std::process::abort());
    // A profile the app creates is private (0700) and marked as its own; a folder that was
    // the user's keeps its mode.
    match profile_dir::prepare(&profile) {
        Ok(prepared) if prepared.open_to_others => log::warn!(
            "{} can be read by other users; it isn't the app's folder, so its permissions \
             are left as they are",
            profile.display()
        ),
        Ok(_) => {}
        Err(e) => {
            log::error!("could not create {}: {e}", profile.display());
            return ExitCode::FAILURE;
        }
    }
    let lock = profile.join(profile_dir::layout::HOST_LOCK);
    let acquired = match (replacing, service) {
        (Some(pid), _) => after_the_old_host(&lock, pid),
        (None, true) => standing_by(&lock, &profile),
        (None, false) => ProcessLock::try_acquire(&lock),
    };
    let _one_host = match acquired {
        Ok(Some(guard)) => guard,
        Ok(None) => {
            log::info!("already running for {}", profile.display());
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            log::error!("could not lock {}: {e}", profile.display());
            return ExitCode::FAILURE;
        }
    };
    // One background syncer per profile: a `whoop-notion daemon` may run it already. Taken
    // after the host lock and so dropped before it, so a host replacing this one finds it free.
    let _one_syncer = match sync_engine::claim_background(
        &sync_engine::config::ConfigDir::new(&profile),
        programs::TRAY_HOST,
    ) {
        Ok(sync_engine::Background::Ours(guard)) => guard,
        Ok(sync_engine::Background::TakenBy(who)) => {
            log::info!(
                "not starting: {who} already runs the background sync of {}",
                profile.display()
            );
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            log::error!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("the async runtime starts");
    match run(&runtime, profile) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            log::error!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// The profile's lock once the older host `pid` (asked by a newer window to quit when idle)
/// has left it; `None` if another host took it meanwhile, or the old one never left.
fn after_the_old_host(
    lock: &std::path::Path,
    pid: u32,
) -> std::io::Result<Option<private_fs::ProcessLockGuard>> {
    log::info!("replacing the older host {pid} once it has finished its sync");
    let deadline = Instant::now() + REPLACE_WAIT;
    loop {
        if let Some(guard) = ProcessLock::try_acquire(lock)? {
            return Ok(Some(guard));
        }
        // Gone, and still the lock is held: a host another window started is the one now.
        if !programs::is_alive(pid) {
            return ProcessLock::try_acquire(lock);
        }
        if Instant::now() > deadline {
            log::warn!("the older host {pid} did not leave");
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The profile's lock for the host the systemd user service started: while another host runs
/// the profile (one a window started before the service was turned on, say), this one waits
/// and takes over if that one dies, so the service covers whichever host runs. If the user
/// quit that one, or it made way for a newer version, this one leaves too (`None`).
fn standing_by(
    lock: &std::path::Path,
    profile: &std::path::Path,
) -> std::io::Result<Option<private_fs::ProcessLockGuard>> {
    if let Some(guard) = ProcessLock::try_acquire(lock)? {
        return Ok(Some(guard));
    }
    log::info!("another host runs this profile: standing by to take over if it dies");
    let guard = ProcessLock::acquire(lock)?;
    // The host that left wrote down how (sync_engine's restarts.rs) before letting go.
    let last = sync_engine::config::ConfigDir::new(profile).last_start();
    if last.is_some_and(|start| start.stopped_cleanly) {
        log::info!("the other host was quit: leaving too");
        return Ok(None);
    }
    log::info!("the other host died: taking over");
    Ok(Some(guard))
}

/// The tray on this thread (the platform's rules), the app on the runtime.
fn run(runtime: &tokio::runtime::Runtime, profile: std::path::PathBuf) -> Result<(), String> {
    let (tray_tx, tray_rx) = watch::channel(TrayContent {
        view: TrayView {
            state: app_core::tray::TrayState::Idle,
            tooltip: "WHOOP → Notion Sync · starting…".into(),
            attention: None,
            today: None,
        },
        menu: vec![app_core::menu::MenuEntry::Status("Starting…".into())],
    });
    let (actions, picked) = mpsc::unbounded_channel();
    let (panel, panel_shown) = mpsc::unbounded_channel();
    // Notifications' clicks and buttons come in as menu picks do.
    let notice_actions = actions.clone();
    tray::run(
        runtime,
        tray_rx,
        actions,
        panel,
        serve(profile, tray_tx, (picked, notice_actions), panel_shown),
    )
}

/// Serves the window link and the tray's actions until Quit or a stop signal.
async fn serve(
    profile: std::path::PathBuf,
    tray_tx: watch::Sender<TrayContent>,
    (mut picked, notice_actions): (mpsc::UnboundedReceiver<MenuAction>, tray::Actions),
    mut panel_shown: mpsc::UnboundedReceiver<bool>,
) -> Result<(), String> {
    let link = Host::default();
    let service = AppService::new(
        paths::data_dir(),
        paths::log_dir(),
        Arc::new(desktop::HostDesktop::new(notice_actions)),
        Arc::new(Broadcast {
            link: link.clone(),
            tray: tray_tx,
        }),
    )
    .map_err(|e| e.to_string())?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| format!("could not listen for the window: {e}"))?;
    let address = HostAddress::new(listener.local_addr().map_err(|e| e.to_string())?);
    address
        .write(&profile)
        .map_err(|e| format!("could not write {}: {e}", profile.display()))?;
    tokio::spawn(window_link::serve(
        listener,
        address.token.clone(),
        Arc::new(WindowCommandHandler(service.clone())),
        link.clone(),
    ));
    service.start();
    log::info!("running (profile {})", profile.display());
    {
        let service = service.clone();
        tokio::spawn(async move {
            while let Some(shown) = panel_shown.recv().await {
                service.set_tray_hidden(!shown).await;
            }
        });
    }

    // One listener for the whole run, so a signal between two turns of the loop isn't missed.
    let stop = stop_signal();
    tokio::pin!(stop);
    // A newer window (an upgrade was installed) asked this host to make way after its sync.
    let make_way = async {
        link.quit_requested().await;
        until_idle(&service).await;
    };
    tokio::pin!(make_way);
    let mut tray = true;
    loop {
        tokio::select! {
            action = picked.recv(), if tray => match action {
                Some(MenuAction::Quit) => {
                    log::info!("Quit picked in the tray");
                    break;
                }
                // Nothing can pick any more: a stop signal, the window's Quit or a newer
                // window end the app.
                None => tray = false,
                Some(MenuAction::OpenWindow) => window::open(&link),
                Some(other) => {
                    let service = service.clone();
                    tokio::spawn(async move { service.menu_action(other).await });
                }
            },
            _ = &mut stop => {
                log::info!("asked to stop (signal)");
                break;
            }
            _ = service.quit_requested() => {
                log::info!("Quit picked in the window");
                break;
            }
            _ = &mut make_way => {
                log::info!("making way for the newer version");
                break;
            }
        }
    }
    log::info!("quitting");
    address.remove_if_ours(&profile);
    service.shut_down().await;
    Ok(())
}

/// Returns once no sync is running (a status that can't be read counts as idle: a sync
/// couldn't run either).
async fn until_idle(service: &AppService) {
    let mut said = false;
    loop {
        match service.current().await {
            Ok((overview, _)) if overview.syncing => {
                if !std::mem::replace(&mut said, true) {
                    log::info!("waiting for the sync that is running to finish");
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            _ => return,
        }
    }
}

/// Ctrl-C, or the session ending (SIGTERM).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
