//! Finding the tray host, or starting it: it is installed beside this program, and announces
//! where it listens in the profile (window-link's address file).

use std::path::Path;

use window_link::{programs, Announce, Link, LinkEvents, Unreachable, Waits};

/// Connects to a host this window can use: the running one, a new one when none answers, or
/// one in place of an older host still running from before an upgrade (window-link decides,
/// see [`window_link::reach`]).
pub async fn connect(profile: &Path) -> Result<(Link, LinkEvents), Unreachable> {
    window_link::reach(
        profile,
        &Announce::this_build(),
        &programs::Installed,
        &Waits::default(),
    )
    .await
}

/// Replaces this process with the tray host (the login item's `--hidden` launch), so no web
/// view library stays loaded. Returns only on failure.
pub fn become_host() -> String {
    let exe = match programs::beside_this(programs::TRAY_HOST) {
        Ok(exe) => exe,
        Err(e) => return e.to_string(),
    };
    let mut command = std::process::Command::new(&exe);
    command.arg(crate::HIDDEN_FLAG);
    #[cfg(unix)]
    {
        let error = std::os::unix::process::CommandExt::exec(&mut command);
        format!("{}: {error}", exe.display())
    }
    #[cfg(not(unix))]
    match command.spawn() {
        Ok(_) => std::process::exit(0),
        Err(e) => format!("{}: {e}", exe.display()),
    }
}
