//! The desktop app's login item: `PRODUCT_NAME` starting the window program with `--hidden`
//! (which hands over to the tray host at once). On Linux it is
//! `~/.config/autostart/WHOOP Notion Sync.desktop`, on macOS a LaunchAgent, on Windows a
//! `Run` registry value (auto-launch's three ways).

pub mod launch_agent;
pub mod systemd;

use std::path::{Path, PathBuf};

use auto_launch::{AutoLaunch, AutoLaunchBuilder};
use profile_dir::PRODUCT_NAME;

/// What the login item passes: start in the tray, no window.
pub const HIDDEN: &str = "--hidden";

/// The login item that starts `program` (the path the OS will run at login).
pub fn item(program: &str) -> Result<AutoLaunch, String> {
    let mut builder = AutoLaunchBuilder::new();
    builder
        .set_app_name(PRODUCT_NAME)
        .set_app_path(program)
        .set_args(&[HIDDEN]);
    // A LaunchAgent, not SMAppService.mainApp (macOS 13+'s "Open at Login" list). mainApp
    // opens the app's main program, the window, with no arguments: it can't say `--hidden`,
    // so every login would open the window instead of starting quietly in the menu bar; and
    // it registers only from a signed bundle, which a build run from a checkout isn't.
    // SMAppService.agent would fit, but needs the agent's plist inside the signed bundle.
    // A LaunchAgent runs anything, and with AssociatedBundleIdentifiers macOS 13+ lists it
    // under the app's name and icon in Login Items ("Allow in the Background").
    #[cfg(target_os = "macos")]
    builder
        .set_macos_launch_mode(auto_launch::MacOSLaunchMode::LaunchAgent)
        .set_bundle_identifiers(&[profile_dir::IDENTIFIER]);
    builder.build().map_err(|e| e.to_string())
}

/// Removes the login item, and the systemd user service that replaces it where it is on;
/// `Ok(true)` when there was one. Which program it starts doesn't matter: the item is found
/// by its name.
pub fn remove() -> Result<bool, String> {
    let mut removed = false;
    if let Some(service) = systemd::UserService::new() {
        if service.unit_file().exists() {
            service.disable()?;
            removed = true;
        }
    }
    let item = item("whoop-notion-sync")?;
    if !item.is_enabled().map_err(|e| e.to_string())? {
        return Ok(removed);
    }
    item.disable().map_err(|e| e.to_string())?;
    Ok(true)
}

/// Removes a login item whose program is no longer installed (an AppImage deleted, a checkout
/// build gone, a package removed and another kind installed, an app moved to the Bin): at
/// login it would only fail. Returns the missing program when it removed one. Known on Linux
/// and macOS, where the item is a file to read; on Windows an item is left as it is.
pub fn remove_if_missing() -> Result<Option<PathBuf>, String> {
    let Some(home) = dirs::home_dir() else {
        return Ok(None);
    };
    let (file, program_of): (PathBuf, fn(&str) -> Option<PathBuf>) = if cfg!(target_os = "linux") {
        (autostart_file(&home), program_of)
    } else if cfg!(target_os = "macos") {
        (launch_agent::file(&home), launch_agent::program_of)
    } else {
        return Ok(None);
    };
    let Ok(entry) = std::fs::read_to_string(&file) else {
        return Ok(None);
    };
    match program_of(&entry) {
        Some(program) if !program.exists() => {
            std::fs::remove_file(&file)
                .map_err(|e| format!("could not remove {}: {e}", file.display()))?;
            Ok(Some(program))
        }
        _ => Ok(None),
    }
}

/// Where auto-launch keeps the Linux login item (it uses `~/.config`, whatever
/// `XDG_CONFIG_HOME` says).
pub fn autostart_file(home: &Path) -> PathBuf {
    home.join(".config/autostart")
        .join(format!("{PRODUCT_NAME}.desktop"))
}

/// The program a login item's desktop entry starts: its `Exec=` line, which auto-launch writes
/// unquoted as `PATH --hidden` (so a path with spaces is everything before the argument).
/// `None` for an entry it didn't write (no such line, or not an absolute path).
pub fn program_of(entry: &str) -> Option<PathBuf> {
    let exec = entry
        .lines()
        .find_map(|line| line.trim().strip_prefix("Exec="))?
        .trim();
    let program = exec.strip_suffix(HIDDEN).map(str::trim_end).unwrap_or(exec);
    let program = Path::new(program);
    program.is_absolute().then(|| program.to_path_buf())
}

// Desktop entries are Linux's login items; their Unix paths aren't absolute on Windows.
#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn the_program_is_what_exec_starts_spaces_and_all() {
        let entry = "[Desktop Entry]\nType=Application\nName=WHOOP Notion Sync\n\
                     Exec=/home/me/My Apps/whoop-notion-sync --hidden\nTerminal=false";
        assert_eq!(
            program_of(entry),
            Some(PathBuf::from("/home/me/My Apps/whoop-notion-sync"))
        );
        assert_eq!(
            program_of("Exec=/usr/bin/whoop-notion-sync"),
            Some(PathBuf::from("/usr/bin/whoop-notion-sync"))
        );
        // Not ours to judge: no Exec line, or a bare name looked up on PATH.
        assert_eq!(program_of("[Desktop Entry]\nName=x"), None);
        assert_eq!(program_of("Exec=whoop-notion-sync --hidden"), None);
    }
}
