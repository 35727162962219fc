//! Windows: the plain notification, as notify-rust shows it there.

use app_core::notice::Notice;

use crate::paths;
use crate::tray::Actions;

pub struct Notifier;

impl Notifier {
    /// `_actions`: where a picked action would go; notify-rust's Windows backend reports
    /// none.
    pub fn start(_actions: Actions) -> Notifier {
        Notifier
    }

    pub fn show(&self, notice: Notice) {
        let mut notification = notify_rust::Notification::new();
        notification
            .appname(paths::PRODUCT_NAME)
            .summary(&notice.title)
            .body(&notice.body)
            .icon(super::ICON);
        tokio::task::spawn_blocking(move || {
            if let Err(e) = notification.show() {
                log::warn!("could not show a notification: {e}");
            }
        });
    }
}
