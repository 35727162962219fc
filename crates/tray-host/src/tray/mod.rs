//! The tray icon. What it shows (picture, tooltip, menu) comes from `app-core`; this module
//! only draws it with the platform's tray and hands picked items back as [`MenuAction`]s.

use app_core::menu::{MenuAction, MenuEntry};
use app_core::tray::TrayView;
use tokio::sync::mpsc;

#[cfg(target_os = "linux")]
mod sni;
#[cfg(target_os = "linux")]
pub use sni::run;

#[cfg(not(target_os = "linux"))]
mod native;
#[cfg(not(target_os = "linux"))]
pub use native::run;

/// What the tray shows; replaced whole on every change.
#[derive(Clone)]
pub struct TrayContent {
    pub view: TrayView,
    pub menu: Vec<MenuEntry>,
}

pub type Actions = mpsc::UnboundedSender<MenuAction>;

/// Whether a panel shows the icon: `false` when no tray host (StatusNotifierWatcher) is on the
/// session bus, as on stock GNOME; sent at start and on every change.
pub type PanelShown = mpsc::UnboundedSender<bool>;
