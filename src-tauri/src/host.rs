//! Finding the tray host, or starting it: it is installed beside this program, and announces
//! where it listens in the profile (window-link's address file).

use std::path::Path;
use std::time::{Duration, Instant};

use window_link::{connect as link_connect, programs, HostAddress, Link, LinkEvents};

/// How long a freshly started host gets to start listening.
const START_WAIT: Duration = Duration::from_secs(15);

async fn try_connect(profile: &Path) -> Option<(Link, LinkEvents)> {
    let address = HostAddress::read(profile).ok()?;
    link_connect(&address).await.ok()
}

/// Connects to the running host, starting it first if none answers.
pub async fn connect(profile: &Path) -> Result<(Link, LinkEvents), String> {
    if let Some(link) = try_connect(profile).await {
        return Ok(link);
    }
    let exe = programs::beside_this(programs::TRAY_HOST).map_err(|e| e.to_string())?;
    let mut command = std::process::Command::new(&exe);
    command
        .arg(crate::HIDDEN_FLAG)
        .stdin(std::process::Stdio::null());
    // Its own process group: a Ctrl-C meant for this window leaves the tray running.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command.spawn().map_err(|e| {
        format!(
            "could not start the tray host {}: {e}. Reinstall the app.",
            exe.display()
        )
    })?;
    let started = Instant::now();
    let mut ours_exited = false;
    loop {
        if let Some(link) = try_connect(profile).await {
            if !ours_exited {
                // Reaped in the background, so it never lingers as a zombie of this window.
                std::thread::spawn(move || child.wait());
            }
            return Ok(link);
        }
        if !ours_exited {
            if let Ok(Some(status)) = child.try_wait() {
                // Exit 0: another host (started by a window launched at the same moment) holds
                // the profile; wait for it to listen. Anything else is a failure.
                if !status.success() {
                    return Err(format!(
                        "the tray host stopped at start ({status}); its log is in the app's \
                         log folder"
                    ));
                }
                ours_exited = true;
            }
        }
        if started.elapsed() > START_WAIT {
            return Err("the tray host did not start listening in time".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
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
