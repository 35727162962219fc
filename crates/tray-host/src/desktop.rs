//! The OS side of the app for real: notifications, the browser and file manager, and the login
//! item (or, on Linux and when the user turns it on, the systemd user service in its place).

use std::path::Path;

use app_core::notice::Notice;
use app_service::Desktop;
use auto_launch::AutoLaunch;
use login_item::systemd::UserService;
use tokio::sync::mpsc::UnboundedSender;
use window_link::programs;

use crate::notifications::Notifier;
use crate::tray::Actions;

pub struct HostDesktop {
    login_item: Option<AutoLaunch>,
    /// The systemd user service that can replace the login item, where it can run this host.
    service: Option<UserService>,
    /// Whether that service is on: asked of systemd once at start, then kept as this host
    /// changes it. The overview reads it at every publish, which shouldn't run `systemctl`.
    service_on: std::sync::Mutex<bool>,
    notifier: Notifier,
}

impl HostDesktop {
    /// `actions`: where a notification's click or button goes, as a tray menu pick does.
    pub fn new(actions: Actions) -> Self {
        let login_item = login_item()
            .map_err(|e| log::warn!("launch at login is not available: {e}"))
            .ok();
        let service = user_service(std::env::var("APPIMAGE").ok().as_deref());
        let service_on = service.as_ref().is_some_and(UserService::enabled);
        HostDesktop {
            login_item,
            service,
            service_on: std::sync::Mutex::new(service_on),
            notifier: Notifier::start(actions),
        }
    }

    fn login_item(&self) -> Result<&AutoLaunch, String> {
        self.login_item
            .as_ref()
            .ok_or_else(|| "launch at login is not available on this system".into())
    }

    fn service_on(&self) -> bool {
        *self.service_on.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn set_service_on(&self, on: bool) {
        *self.service_on.lock().unwrap_or_else(|p| p.into_inner()) = on;
    }
}

/// The systemd user service, where this session has a systemd user instance. Not from an
/// AppImage: the host inside it lives in a mount that is gone after the next login, and the
/// AppImage itself starts the window, not the host.
fn user_service(appimage: Option<&str>) -> Option<UserService> {
    if appimage.is_some_and(|a| !a.is_empty()) {
        return None;
    }
    UserService::new().filter(UserService::available)
}

/// The login item starts the window binary with `--hidden`, which hands over to this tray host
/// at once: one name for the OS to know, the one the installers put in the menu. One left
/// pointing at a program that is no longer installed is removed first: it could only fail.
fn login_item() -> Result<AutoLaunch, String> {
    match login_item::remove_if_missing() {
        Ok(Some(gone)) => log::info!(
            "removed the login item: {} is no longer installed",
            gone.display()
        ),
        Ok(None) => {}
        Err(e) => log::warn!("{e}"),
    }
    let window = programs::beside_this(programs::WINDOW).map_err(|e| e.to_string())?;
    let appimage = std::env::var("APPIMAGE").ok();
    let target = login_item_target(appimage.as_deref(), &window, cfg!(target_os = "linux"));
    login_item::item(&target)
}

/// What the login item runs. From an AppImage (Linux; `$APPIMAGE`, set by its runtime), the
/// AppImage itself: the window binary beside this one is inside a mount that is gone after
/// the next login. Otherwise the window binary — on macOS the one inside the bundle
/// (`….app/Contents/MacOS/whoop-notion-sync`), not the `.app`: launchd runs a LaunchAgent's
/// first `ProgramArguments` entry as a program and can't run a folder (tauri-plugin-autostart
/// passes the inner binary too in its LaunchAgent mode, and the `.app` only with AppleScript).
fn login_item_target(appimage: Option<&str>, window: &Path, linux: bool) -> String {
    match appimage {
        Some(appimage) if linux && !appimage.is_empty() => appimage.to_string(),
        _ => window.display().to_string(),
    }
}

impl Desktop for HostDesktop {
    fn notify(&self, notice: Notice) {
        self.notifier.show(notice);
    }

    fn watch_wakes(&self, resumed: UnboundedSender<()>) -> Result<(), String> {
        crate::wake::watch(resumed)
    }

    fn open_url(&self, url: &str) -> Result<(), String> {
        open::that_detached(url).map_err(|e| e.to_string())
    }

    fn open_path(&self, path: &Path) -> Result<(), String> {
        open::that_detached(path).map_err(|e| e.to_string())
    }

    fn launch_at_login(&self) -> bool {
        self.service_on()
            || self
                .login_item
                .as_ref()
                .is_some_and(|item| item.is_enabled().unwrap_or(false))
    }

    fn set_launch_at_login(&self, on: bool) -> Result<(), String> {
        if on {
            if self.service_on() {
                return Ok(());
            }
            return self.login_item()?.enable().map_err(|e| e.to_string());
        }
        if let (Some(service), true) = (&self.service, self.service_on()) {
            service.disable()?;
            self.set_service_on(false);
        }
        let item = self.login_item()?;
        if item.is_enabled().unwrap_or(false) {
            item.disable().map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    fn restart_if_stopped(&self) -> Option<bool> {
        self.service.as_ref().map(|_| self.service_on())
    }

    fn set_restart_if_stopped(&self, on: bool) -> Result<(), String> {
        let service = self
            .service
            .as_ref()
            .ok_or("restarting the app when it stops is not available on this system")?;
        let item = self.login_item()?;
        if on {
            let host = std::env::current_exe().map_err(|e| e.to_string())?;
            service.enable(&host)?;
            self.set_service_on(true);
            // The service starts it at login now: two starters would make two hosts, one of
            // them not covered by `Restart=`.
            if item.is_enabled().unwrap_or(false) {
                item.disable().map_err(|e| e.to_string())?;
            }
        } else {
            service.disable()?;
            self.set_service_on(false);
            item.enable().map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_appimage_starts_itself_at_login() {
        let window = Path::new("/tmp/.mount_WHOOPaB12/usr/bin/whoop-notion-sync");
        assert_eq!(
            login_item_target(Some("/home/me/Apps/WHOOP.AppImage"), window, true),
            "/home/me/Apps/WHOOP.AppImage"
        );
        // An empty variable is no AppImage.
        assert_eq!(
            login_item_target(Some(""), window, true),
            window.display().to_string()
        );
    }

    #[test]
    fn installed_packages_start_the_window_binary() {
        let window = Path::new("/usr/bin/whoop-notion-sync");
        assert_eq!(
            login_item_target(None, window, true),
            "/usr/bin/whoop-notion-sync"
        );
        let window = Path::new(r"C:\Program Files\WHOOP Notion Sync\whoop-notion-sync.exe");
        assert_eq!(
            login_item_target(None, window, false),
            window.display().to_string()
        );
    }

    /// launchd execs the path: the binary inside the bundle, never the `.app` folder. And
    /// `$APPIMAGE` means nothing off Linux.
    #[test]
    fn on_macos_the_binary_inside_the_bundle() {
        let window =
            Path::new("/Applications/WHOOP Notion Sync.app/Contents/MacOS/whoop-notion-sync");
        let target = login_item_target(Some("/elsewhere/x.AppImage"), window, false);
        assert_eq!(
            target,
            "/Applications/WHOOP Notion Sync.app/Contents/MacOS/whoop-notion-sync"
        );
        assert!(!target.ends_with(".app"));
    }
}
