//! The window is its own process (the Tauri app), started when asked for and gone when closed,
//! so its web view's memory goes with it.

use window_link::{programs, Host};

/// Brings an open window forward, or starts one.
pub fn open(link: &Host) {
    if link.windows() > 0 {
        log::info!("bringing the open window forward");
        crate::emit(link, &app_service::AppEvent::ShowWindow);
        return;
    }
    log::info!("starting the window");
    let exe = match programs::beside_this(programs::WINDOW) {
        Ok(exe) => exe,
        Err(e) => {
            log::error!("could not find the window's program: {e}");
            return;
        }
    };
    match tokio::process::Command::new(&exe).spawn() {
        // Waited for, so it doesn't linger as a zombie once closed.
        Ok(mut child) => {
            tokio::spawn(async move {
                let _ = child.wait().await;
            });
        }
        Err(e) => log::error!("could not start the window ({}): {e}", exe.display()),
    }
}
