//! macOS and Windows: the tray host's icon is not built for them yet (their tray needs the
//! platform's event loop on the main thread, tray-icon with tao). Until then the host runs
//! the schedule and serves the window, and says so in the log.

use tokio::sync::watch;

use super::{Actions, TrayContent};

pub async fn spawn(
    _content: watch::Receiver<TrayContent>,
    _actions: Actions,
) -> Result<(), String> {
    Err("the tray icon is only built for Linux so far".into())
}
