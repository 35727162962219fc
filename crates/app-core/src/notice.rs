//! The desktop notifications as data: what each one says, which buttons it has, and what the
//! notification itself and each button do (typed [`MenuAction`]s, the same the tray menu
//! uses). The tray host only shows them and hands back the action key the desktop reports,
//! so which notification offers what is decided and tested here.

use chrono::NaiveDate;

use crate::menu::MenuAction;

/// The key a notification server reports when the notification itself was clicked
/// (org.freedesktop.Notifications' "default" action).
pub const CLICKED: &str = "default";

pub const PROBLEM_TITLE: &str = "WHOOP → Notion Sync needs you";
pub const BACK_TO_NORMAL_TITLE: &str = "Syncing again";
pub const BACK_TO_NORMAL_BODY: &str = "The problem is gone: WHOOP → Notion Sync is back to normal.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    /// Today's numbers were written.
    Morning,
    /// Something needs the user.
    Problem,
    /// A problem that was notified is gone.
    BackToNormal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeButton {
    /// The action key sent to the notification server and reported back when it is picked.
    pub key: &'static str,
    pub label: &'static str,
    pub action: MenuAction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub title: String,
    pub body: String,
    /// What clicking the notification itself does.
    pub clicked: MenuAction,
    pub buttons: Vec<NoticeButton>,
}

impl Notice {
    /// The morning numbers. "Open in Notion" opens that day's page when it has one; the
    /// notification itself opens the window.
    pub fn morning(day: NaiveDate, body: String, has_page: bool) -> Notice {
        let buttons = has_page
            .then_some(NoticeButton {
                key: "open-notion",
                label: "Open in Notion",
                action: MenuAction::OpenDay(day),
            })
            .into_iter()
            .collect();
        Notice {
            kind: NoticeKind::Morning,
            title: crate::morning::TITLE.into(),
            body,
            clicked: MenuAction::OpenWindow,
            buttons,
        }
    }

    /// A problem, in the desktop's words. "Open" brings the window forward, where the banner
    /// for the problem has the button that fixes it.
    pub fn problem(message: String) -> Notice {
        Notice {
            kind: NoticeKind::Problem,
            title: PROBLEM_TITLE.into(),
            body: message,
            clicked: MenuAction::OpenWindow,
            buttons: vec![NoticeButton {
                key: "open",
                label: "Open",
                action: MenuAction::OpenWindow,
            }],
        }
    }

    pub fn back_to_normal() -> Notice {
        Notice {
            kind: NoticeKind::BackToNormal,
            title: BACK_TO_NORMAL_TITLE.into(),
            body: BACK_TO_NORMAL_BODY.into(),
            clicked: MenuAction::OpenWindow,
            buttons: Vec::new(),
        }
    }

    /// What the action `key` a notification server reported does; `None` for a key this
    /// notification never offered.
    pub fn action(&self, key: &str) -> Option<MenuAction> {
        if key == CLICKED {
            return Some(self.clicked);
        }
        self.buttons.iter().find(|b| b.key == key).map(|b| b.action)
    }

    /// The earlier notification this one takes the place of, if still shown: news about a
    /// problem (a new one, or that it is gone) replaces the problem notification, so a stale
    /// "needs you" doesn't stay in the list.
    pub fn replaces(&self) -> Option<NoticeKind> {
        match self.kind {
            NoticeKind::Morning => None,
            NoticeKind::Problem | NoticeKind::BackToNormal => Some(NoticeKind::Problem),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn the_morning_opens_the_page_or_the_window() {
        let notice = Notice::morning(day(), "Recovery 78%".into(), true);
        assert_eq!(notice.title, "Last night is in Notion");
        assert_eq!(
            notice.action("open-notion"),
            Some(MenuAction::OpenDay(day()))
        );
        assert_eq!(notice.action(CLICKED), Some(MenuAction::OpenWindow));
        assert_eq!(notice.buttons[0].label, "Open in Notion");
        assert_eq!(notice.action("open"), None, "a key it never offered");
        // No page (yet): no button that would open nothing.
        let notice = Notice::morning(day(), "Recovery 78%".into(), false);
        assert!(notice.buttons.is_empty());
        assert_eq!(notice.action("open-notion"), None);
        assert_eq!(notice.replaces(), None);
    }

    #[test]
    fn a_problem_opens_the_window_and_its_end_replaces_it() {
        let notice = Notice::problem("WHOOP signed you out. Reconnect to keep syncing.".into());
        assert_eq!(notice.title, PROBLEM_TITLE);
        assert_eq!(
            notice
                .buttons
                .iter()
                .map(|b| (b.key, b.label))
                .collect::<Vec<_>>(),
            [("open", "Open")]
        );
        assert_eq!(notice.action("open"), Some(MenuAction::OpenWindow));
        assert_eq!(notice.action(CLICKED), Some(MenuAction::OpenWindow));
        assert_eq!(notice.replaces(), Some(NoticeKind::Problem));

        let normal = Notice::back_to_normal();
        assert!(normal.buttons.is_empty());
        assert_eq!(normal.action(CLICKED), Some(MenuAction::OpenWindow));
        assert_eq!(normal.replaces(), Some(NoticeKind::Problem));
    }
}
