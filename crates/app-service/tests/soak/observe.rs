//! What the soak watches the app by: the desktop (notifications, a browser that approves
//! WHOOP's sign-in), the tray and window (every published state, kept small: the 365-day run
//! measures the heap), and a keychain that can be locked.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use app_core::notice::{Notice, NoticeKind};
use app_core::overview::Overview;
use app_core::tray::{TrayState, TrayView};
use app_service::{AppEvent, Desktop, Listener};
use chrono::{DateTime, NaiveDate, Utc};
use http_policy::VirtualClock;
use secret_store::{MemoryStore, SecretError, SecretStore};

/// One notification, when the world saw it.
#[derive(Debug, Clone)]
pub struct Told {
    pub at: DateTime<Utc>,
    pub kind: NoticeKind,
    pub body: String,
    /// The day a morning notification is about (its "Open in Notion" button).
    pub day: Option<NaiveDate>,
}

/// One published tray state.
#[derive(Debug, Clone)]
pub struct Shown {
    pub at: DateTime<Utc>,
    pub state: TrayState,
    pub syncing: bool,
    pub today: Option<NaiveDate>,
    /// "Recovery 78%" of the tooltip, when it shows one.
    pub recovery: Option<u32>,
}

pub struct Watcher {
    pub clock: VirtualClock,
    pub told: Mutex<Vec<Told>>,
    /// Published states not yet checked (the checker drains it every day).
    pub shown: Mutex<Vec<Shown>>,
    pub runs: Mutex<usize>,
    pub events: Mutex<Vec<String>>,
    /// Plays the system browser: WHOOP's sign-in page is followed like a user who clicks Allow.
    pub oauth_url: String,
    pub window_open: AtomicBool,
}

impl Watcher {
    pub fn new(clock: VirtualClock, oauth_url: String) -> Arc<Self> {
        Arc::new(Watcher {
            clock,
            told: Mutex::default(),
            shown: Mutex::default(),
            runs: Mutex::default(),
            events: Mutex::default(),
            oauth_url,
            window_open: AtomicBool::new(false),
        })
    }
}

pub struct Desk(pub Arc<Watcher>);
pub struct Tray(pub Arc<Watcher>);

impl Desktop for Desk {
    fn notify(&self, notice: Notice) {
        let day = notice.buttons.iter().find_map(|b| match b.action {
            app_core::menu::MenuAction::OpenDay(d) => Some(d),
            _ => None,
        });
        self.0.told.lock().unwrap().push(Told {
            at: self.0.clock.world(),
            kind: notice.kind,
            body: notice.body,
            day,
        });
    }
    fn open_url(&self, url: &str) -> Result<(), String> {
        if url.starts_with(&self.0.oauth_url) {
            let url = url.to_string();
            tokio::spawn(async move {
                let _ = reqwest::get(url).await;
            });
        }
        Ok(())
    }
    fn open_path(&self, _path: &std::path::Path) -> Result<(), String> {
        Ok(())
    }
    fn launch_at_login(&self) -> bool {
        true
    }
    fn set_launch_at_login(&self, _on: bool) -> Result<(), String> {
        Ok(())
    }
}

impl Listener for Tray {
    fn published(&self, overview: &Overview, view: &TrayView) {
        let recovery = view
            .tooltip
            .strip_prefix("Recovery ")
            .and_then(|rest| rest.split('%').next())
            .and_then(|n| n.parse().ok());
        let mut shown = self.0.shown.lock().unwrap();
        if overview.syncing && !shown.last().is_some_and(|s| s.syncing) {
            *self.0.runs.lock().unwrap() += 1;
        }
        shown.push(Shown {
            at: self.0.clock.world(),
            state: view.state,
            syncing: overview.syncing,
            today: view.today,
            recovery,
        });
    }
    fn event(&self, event: AppEvent) {
        let name = event.wire().0;
        self.0.events.lock().unwrap().push(name);
    }
    fn window_open(&self) -> bool {
        self.0.window_open.load(Ordering::SeqCst)
    }
}

/// The OS keychain, in memory, that can be locked (as it is right after login until the
/// keyring is unlocked).
#[derive(Default)]
pub struct Keychain {
    inner: MemoryStore,
    pub locked: AtomicBool,
}

impl Keychain {
    fn open(&self) -> Result<&MemoryStore, SecretError> {
        if self.locked.load(Ordering::SeqCst) {
            return Err(SecretError::Unavailable("the keyring is locked".into()));
        }
        Ok(&self.inner)
    }
}

impl SecretStore for Keychain {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        self.open()?.get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        self.open()?.set(key, value)
    }
    fn delete(&self, key: &str) -> Result<(), SecretError> {
        self.open()?.delete(key)
    }
    fn describe(&self) -> &'static str {
        "OS keychain"
    }
}
