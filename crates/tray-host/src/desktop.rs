//! The OS side of the app for real: notifications, the browser and file manager, and the login
//! item.

use std::path::Path;

use app_core::notice::Notice;
use app_service::Desktop;
use auto_launch::AutoLaunch;
use window_link::programs;

use crate::notifications::Notifier;
use crate::tray::Actions;

pub struct HostDesktop {
    login_item: Option<AutoLaunch>,
    notifier: Notifier,
}

impl HostDesktop {
    /// `actions`: where a notification's click or button goes, as a tray menu pick does.
    pub fn new(actions: Actions) -> Self {
        let login_item = login_item()
            .map_err(|e| log::warn!("launch at login is not available: {e}"))
            .ok();
        HostDesktop {
            login_item,
            notifier: Notifier::start(actions),
        }
    }
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
