//! Desktop notifications. What each one says and what its click and buttons do comes from
//! `app_core::notice`; this module shows it with the platform's service and hands a picked
//! action back to the host as the [`MenuAction`](app_core::menu::MenuAction) it stands for.
//!
//! - Linux: org.freedesktop.Notifications over D-Bus, with actions: one connection for the
//!   process sends every notification and listens for `ActionInvoked` and
//!   `NotificationClosed` ([`linux`]), keeping which notification is which ([`shown`]).
//! - macOS, Windows: the plain notification (notify-rust); its backends there report a click
//!   only to a thread that blocks on each notification, which this host doesn't spend.

mod shown;

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
pub use linux::Notifier;

#[cfg(not(target_os = "linux"))]
mod plain;
#[cfg(not(target_os = "linux"))]
pub use plain::Notifier;

/// The icon name the installers put in the icon theme.
const ICON: &str = "whoop-notion-sync";
