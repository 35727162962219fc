//! macOS: notify-rust's Notification Center backend (mac-notification-sys, on
//! NSUserNotificationCenter). It reports a click or a button only to a thread that blocks on
//! that notification until the user acts on it (even later, from Notification Center), so
//! each notification gets a thread of its own, up to a limit ([`Waiters`]). The callbacks come
//! through the main thread's run loop, which the tray's event loop runs.
//!
//! Type-checked for macOS here (scripts/check-macos), never run.

use app_core::notice::Notice;
use profile_dir::IDENTIFIER;

use super::waiters::Waiters;
use crate::tray::Actions;

/// The most threads waiting on clicks at once (a couple of notifications are sent a day).
const WAITING: usize = 8;

pub struct Notifier {
    actions: Actions,
    waiters: Waiters,
}

impl Notifier {
    /// A picked action (the notification clicked, or one of its buttons) is sent to `actions`.
    pub fn start(actions: Actions) -> Notifier {
        // Sent as the app: without this mac-notification-sys looks an app up by AppleScript,
        // finds none and sends as Finder (Finder's icon, and a click brings Finder forward).
        // Only an installed app's id is taken; a build run from a checkout keeps that.
        if let Err(e) = notify_rust::set_application(IDENTIFIER) {
            log::info!("notifications are not sent as {IDENTIFIER}: {e}");
        }
        Notifier {
            actions,
            waiters: Waiters::new(WAITING),
        }
    }

    pub fn show(&self, notice: Notice) {
        let mut notification = notify_rust::Notification::new();
        notification.summary(&notice.title).body(&notice.body);
        for button in &notice.buttons {
            notification.action(button.key, button.label);
        }
        let place = self.waiters.enter();
        let actions = self.actions.clone();
        let spawned = std::thread::Builder::new()
            .name("notification".into())
            .spawn(move || {
                let handle = match notification.show() {
                    Ok(handle) => handle,
                    Err(e) => return log::warn!("could not show a notification: {e}"),
                };
                let Some(_place) = place else {
                    // Too many wait already: dropped, the handle shows it without waiting.
                    return;
                };
                // The click is "default" (app_core's CLICKED), a button its key; closing it
                // is a key no notice offers.
                handle.wait_for_action(|key| {
                    if let Some(action) = notice.action(key) {
                        let _ = actions.send(action);
                    }
                });
            });
        if let Err(e) = spawned {
            log::warn!("could not show a notification: {e}");
        }
    }
}
