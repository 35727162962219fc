//! Desktop notifications. What each one says and what its click and buttons do comes from
//! `app_core::notice`; this module shows it with the platform's service and hands a picked
//! action back to the host as the [`MenuAction`](app_core::menu::MenuAction) it stands for.
//!
//! - Linux: org.freedesktop.Notifications over D-Bus, with actions: one connection for the
//!   process sends every notification and listens for `ActionInvoked` and
//!   `NotificationClosed` ([`linux`]), keeping which notification is which ([`shown`]).
//! - macOS: Notification Center through notify-rust, which reports a click or a button only to
//!   a thread blocked on that notification: one thread waits on each, up to a limit
//!   ([`macos`], [`waiters`]).
//! - Windows: the plain notification (notify-rust); clicks go unreported there.

mod shown;
mod waiters;

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
pub use linux::Notifier;

#[cfg(target_os = "macos")]
mod macos;
#[cfg(target_os = "macos")]
pub use macos::Notifier;

#[cfg(windows)]
mod plain;
#[cfg(windows)]
pub use plain::Notifier;

/// The icon name the installers put in the icon theme (macOS shows the app's own icon).
#[cfg(not(target_os = "macos"))]
const ICON: &str = "whoop-notion-sync";
