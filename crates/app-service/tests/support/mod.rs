//! What the app-service tests share: a recorder for the OS side (notifications, opened links,
//! the login item) and for what the windows are told, and calling commands as the window does.

#![allow(dead_code)] // each test file uses its own part

use std::sync::{Arc, Mutex};

use app_core::notice::Notice;
use app_core::overview::Overview;
use app_core::tray::TrayView;
use app_service::{AppEvent, AppService, Desktop, Listener};
use std::time::Duration;

use serde_json::{json, Value};

/// Plays the system browser: gets each opened URL.
pub type Browser = Box<dyn Fn(&str) + Send + Sync>;

#[derive(Default)]
pub struct Recorder {
    /// (title, body) of each notification, and the whole notice.
    pub notifications: Mutex<Vec<(String, String)>>,
    pub notices: Mutex<Vec<Notice>>,
    /// Whether a window is open, as the tray host would say.
    pub window_open: Mutex<bool>,
    pub opened: Mutex<Vec<String>>,
    pub launch_at_login: Mutex<bool>,
    /// Whether this desktop offers a service that restarts the app (a systemd user service),
    /// whether it is on, and each change asked of the login item and the service, in order.
    pub restart_offered: Mutex<bool>,
    pub restart_if_stopped: Mutex<bool>,
    pub login_changes: Mutex<Vec<String>>,
    pub published: Mutex<Vec<Overview>>,
    pub events: Mutex<Vec<(String, Value)>>,
    pub browser: Option<Browser>,
}

impl Desktop for Recorder {
    fn notify(&self, notice: Notice) {
        self.notifications
            .lock()
            .unwrap()
            .push((notice.title.clone(), notice.body.clone()));
        self.notices.lock().unwrap().push(notice);
    }
    fn open_url(&self, url: &str) -> Result<(), String> {
        self.opened.lock().unwrap().push(url.into());
        if let Some(browser) = &self.browser {
            browser(url);
        }
        Ok(())
    }
    fn open_path(&self, path: &std::path::Path) -> Result<(), String> {
        self.opened.lock().unwrap().push(path.display().to_string());
        Ok(())
    }
    /// As the tray host's: the service, when on, is what starts the app at login.
    fn launch_at_login(&self) -> bool {
        *self.launch_at_login.lock().unwrap() || *self.restart_if_stopped.lock().unwrap()
    }
    fn set_launch_at_login(&self, on: bool) -> Result<(), String> {
        self.login_changes
            .lock()
            .unwrap()
            .push(format!("launch at login {on}"));
        *self.launch_at_login.lock().unwrap() = on;
        if !on {
            *self.restart_if_stopped.lock().unwrap() = false;
        }
        Ok(())
    }
    fn restart_if_stopped(&self) -> Option<bool> {
        let offered = *self.restart_offered.lock().unwrap();
        offered.then(|| *self.restart_if_stopped.lock().unwrap())
    }
    fn set_restart_if_stopped(&self, on: bool) -> Result<(), String> {
        self.login_changes
            .lock()
            .unwrap()
            .push(format!("restart if stopped {on}"));
        *self.restart_if_stopped.lock().unwrap() = on;
        // The service replaces the login item, and gives it back.
        *self.launch_at_login.lock().unwrap() = !on;
        Ok(())
    }
}

pub struct Shared(pub Arc<Recorder>);

impl Listener for Shared {
    fn published(&self, overview: &Overview, _view: &TrayView) {
        self.0.published.lock().unwrap().push(overview.clone());
    }
    fn event(&self, event: AppEvent) {
        self.0.events.lock().unwrap().push(event.wire());
    }
    fn window_open(&self) -> bool {
        *self.0.window_open.lock().unwrap()
    }
}

pub async fn call(service: &Arc<AppService>, cmd: &str, args: Value) -> Result<Value, Value> {
    service
        .call(cmd, args)
        .await
        .map_err(|e| serde_json::to_value(e).unwrap())
}

/// The entry of a JSON list whose "key" is `key`.
pub fn with_key(list: &Value, key: &str) -> Value {
    list.as_array()
        .and_then(|items| items.iter().find(|item| item["key"] == key))
        .cloned()
        .unwrap_or_else(|| panic!("no {key} in {list}"))
}

/// Points HOME, the XDG dirs and the profile at `home` (env vars: one test per file).
pub fn isolate(home: &std::path::Path) {
    for (key, dir) in [
        ("HOME", ""),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ] {
        std::env::set_var(key, home.join(dir));
    }
    std::env::set_var("WHOOP_NOTION_CONFIG_DIR", home.join("profile"));
    std::env::set_var("WHOOP_NOTION_SECRETS", "file");
}

/// The real path (not demo mode) against the simulators: a fresh profile, WHOOP and Notion
/// simulated on loopback with the app's endpoints pointed at them, as they would be at the real
/// services, and a service whose "browser" follows WHOOP's sign-in page like a signed-in user
/// who clicks Allow (the redirect lands on the app's loopback listener).
pub struct RealPath {
    pub world: demo_mode::DemoWorld,
    pub recorder: Arc<Recorder>,
    pub service: Arc<AppService>,
    _home: tempfile::TempDir,
}

impl RealPath {
    pub async fn start() -> RealPath {
        use chrono::Offset;
        let home = tempfile::tempdir().unwrap();
        isolate(home.path());
        // The real path runs on the wall clock: the world as it stands now.
        let now = chrono::Local::now();
        let world = demo_mode::DemoWorld::start_as_of(
            now.to_utc(),
            now.offset().fix().local_minus_utc() / 60,
            14,
        )
        .await
        .unwrap();
        std::env::set_var("WHOOP_OAUTH_URL", world.whoop.oauth_url());
        std::env::set_var("WHOOP_API_URL", world.whoop.api_url());
        std::env::set_var("NOTION_API_URL", world.notion.base_url());
        let oauth = world.whoop.oauth_url();
        let recorder = Arc::new(Recorder {
            browser: Some(Box::new(move |url: &str| {
                if url.starts_with(&oauth) {
                    let url = url.to_string();
                    tokio::runtime::Handle::current().spawn(async move {
                        let _ = reqwest::get(url).await;
                    });
                }
            })),
            ..Recorder::default()
        });
        let service = AppService::new(
            home.path().join("app-data"),
            home.path().join("logs"),
            recorder.clone(),
            Arc::new(Shared(recorder.clone())),
        )
        .unwrap();
        RealPath {
            world,
            recorder,
            service,
            _home: home,
        }
    }
}

// --- Steps of the real path, as the window takes them ---

/// Waits for the `count`th `name` event (a failed sign-in fails the test).
pub async fn wait_for_event(recorder: &Recorder, name: &str, count: usize) -> Value {
    for _ in 0..200 {
        let events = recorder.events.lock().unwrap().clone();
        let found: Vec<_> = events.iter().filter(|(n, _)| n == name).collect();
        if found.len() >= count {
            return found[count - 1].1.clone();
        }
        if name != "connect-failed" {
            if let Some((_, error)) = events.iter().find(|(n, _)| n == "connect-failed") {
                panic!("the sign-in failed: {error}");
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no {name} event");
}

pub fn last_published(recorder: &Recorder) -> Overview {
    recorder.published.lock().unwrap().last().cloned().unwrap()
}

/// Connects WHOOP through the window's command on a free loopback port, the "browser"
/// approving; waits for the `nth` sign-in and for the overview that shows it.
pub async fn connect_whoop(service: &Arc<AppService>, recorder: &Recorder, nth: usize) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = call(
        service,
        "whoop_connect",
        json!({
            "clientId": demo_mode::DEMO_CLIENT_ID,
            "clientSecret": demo_mode::DEMO_CLIENT_SECRET,
            "redirectUri": format!("http://127.0.0.1:{port}/callback"),
        }),
    )
    .await
    .unwrap();
    assert_eq!(started["listens"], true);
    let name = wait_for_event(recorder, "whoop-connected", nth).await;
    assert_eq!(name["name"], "John Smith");
    // The listener's task publishes right after the event (on a loaded machine, maybe not
    // yet: nothing may have been published at all).
    for _ in 0..100 {
        let published = recorder.published.lock().unwrap().last().cloned();
        if published.is_some_and(|o| o.whoop.state == sync_engine::Connection::Connected) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Connects Notion with the demo token and chooses `database_id`, as the window does.
pub async fn connect_notion(service: &Arc<AppService>, database_id: &str) {
    call(
        service,
        "notion_connect",
        json!({"token": demo_mode::DEMO_NOTION_TOKEN}),
    )
    .await
    .unwrap();
    call(service, "notion_use", json!({"idOrUrl": database_id}))
        .await
        .unwrap();
}
