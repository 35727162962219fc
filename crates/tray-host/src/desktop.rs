//! The OS side of the app for real: notifications, the browser and file manager, and the login
//! item.

use std::path::Path;

use app_service::Desktop;
use auto_launch::{AutoLaunch, AutoLaunchBuilder};
use window_link::programs;

use crate::paths;

/// The icon name the installers put in the icon theme.
const NOTIFICATION_ICON: &str = "whoop-notion-sync";

pub struct HostDesktop {
    login_item: Option<AutoLaunch>,
}

impl HostDesktop {
    pub fn new() -> Self {
        let login_item = login_item()
            .map_err(|e| log::warn!("launch at login is not available: {e}"))
            .ok();
        HostDesktop { login_item }
    }
}

/// The login item starts the window binary with `--hidden`, which hands over to this tray host
/// at once: one name for the OS to know, the one the installers put in the menu.
fn login_item() -> Result<AutoLaunch, String> {
    let target = std::env::var("APPIMAGE")
        .ok()
        .filter(|p| cfg!(target_os = "linux") && !p.is_empty())
        .map(Ok)
        .unwrap_or_else(|| programs::beside_this(programs::WINDOW).map(|p| p.display().to_string()))
        .map_err(|e| e.to_string())?;
    let mut builder = AutoLaunchBuilder::new();
    builder
        .set_app_name(paths::PRODUCT_NAME)
        .set_app_path(&target)
        .set_args(&["--hidden"]);
    #[cfg(target_os = "macos")]
    builder.set_macos_launch_mode(auto_launch::MacOSLaunchMode::LaunchAgent);
    builder.build().map_err(|e| e.to_string())
}

impl Desktop for HostDesktop {
    fn notify(&self, title: &str, body: &str) {
        let mut notification = notify_rust::Notification::new();
        notification
            .appname(paths::PRODUCT_NAME)
            .summary(title)
            .body(body)
            .icon(NOTIFICATION_ICON);
        #[cfg(target_os = "linux")]
        tokio::spawn(async move {
            if let Err(e) = notification.show_async().await {
                log::warn!("could not show a notification: {e}");
            }
        });
        #[cfg(not(target_os = "linux"))]
        tokio::task::spawn_blocking(move || {
            if let Err(e) = notification.show() {
                log::warn!("could not show a notification: {e}");
            }
        });
    }

    fn open_url(&self, url: &str) -> Result<(), String> {
        open::that_detached(url).map_err(|e| e.to_string())
    }

    fn open_path(&self, path: &Path) -> Result<(), String> {
        open::that_detached(path).map_err(|e| e.to_string())
    }

    fn launch_at_login(&self) -> bool {
        self.login_item
            .as_ref()
            .is_some_and(|item| item.is_enabled().unwrap_or(false))
    }

    fn set_launch_at_login(&self, on: bool) -> Result<(), String> {
        let item = self
            .login_item
            .as_ref()
            .ok_or("launch at login is not available on this system")?;
        let result = if on { item.enable() } else { item.disable() };
        result.map_err(|e| e.to_string())
    }
}
