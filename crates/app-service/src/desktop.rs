//! What the app needs from the OS and from whoever shows its state, as traits: the tray host
//! implements them for real, tests with recorders.

use app_core::notice::Notice;
use app_core::overview::Overview;
use app_core::tray::TrayView;
use tokio::sync::mpsc::UnboundedSender;

use crate::contract::AppEvent;

pub trait Desktop: Send + Sync + 'static {
    /// A desktop notification; where the desktop reports a click or a button, the notice
    /// says what it does (`Notice::action`).
    fn notify(&self, notice: Notice);
    /// A web page in the default browser.
    fn open_url(&self, url: &str) -> Result<(), String>;
    /// A folder in the file manager.
    fn open_path(&self, path: &std::path::Path) -> Result<(), String>;
    /// Whether the app starts at login (by the login item, or the service that replaces it).
    fn launch_at_login(&self) -> bool;
    /// Off: neither the login item nor the service starts it.
    fn set_launch_at_login(&self, on: bool) -> Result<(), String>;
    /// Whether the app is started at login by a service that also restarts it if it stops
    /// (Linux: a systemd user service, in place of the login item). `None` where there is
    /// none to offer.
    fn restart_if_stopped(&self) -> Option<bool> {
        None
    }
    /// On: the service replaces the login item; off: the login item is back.
    fn set_restart_if_stopped(&self, _on: bool) -> Result<(), String> {
        Err("restarting the app when it stops is not available on this system".into())
    }
    /// Sends `()` on `resumed` each time the computer wakes, by the OS's own signal, from now
    /// on; `Err` says why there is none here. The schedule notices a wake by the clock jumping
    /// anyway, so this only makes the catch-up sooner. None by default.
    fn watch_wakes(&self, _resumed: UnboundedSender<()>) -> Result<(), String> {
        Err("this desktop gives no wake signal".into())
    }
    /// Where a file the user asked for goes ("Copy diagnostics"): the downloads folder, else
    /// home.
    fn downloads_dir(&self) -> std::path::PathBuf {
        dirs::download_dir()
            .or_else(dirs::home_dir)
            .unwrap_or_else(std::env::temp_dir)
    }
}

pub trait Listener: Send + Sync + 'static {
    /// The state changed: the tray and every window redraw from this.
    fn published(&self, overview: &Overview, view: &TrayView);
    /// A one-off event for the window: backfill progress, a finished or failed sign-in.
    fn event(&self, event: AppEvent);
    /// Whether a window is open, where the user sees what the tray and notifications would
    /// say (a problem's end needs no notification then).
    fn window_open(&self) -> bool;
}
