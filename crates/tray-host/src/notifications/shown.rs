//! The notifications on screen, by the id the notification server gave each: what a reported
//! action key means for that one, and which earlier one a new one takes the place of.

use std::collections::{HashMap, VecDeque};

use app_core::menu::MenuAction;
use app_core::notice::{Notice, NoticeKind};

/// How many are remembered at most: a server that never says a notification closed must not
/// make the map grow for ever (a couple are sent a day).
const KEEP: usize = 32;

#[derive(Default)]
pub struct Shown {
    notices: HashMap<u32, Notice>,
    /// Oldest first.
    order: VecDeque<u32>,
}

// Linux only: elsewhere notifications have no ids to keep (the unit tests run everywhere).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
impl Shown {
    /// The id to give as `replaces_id`: the latest notification of the kind `notice` replaces,
    /// while it is still shown; 0 (a new one) otherwise.
    pub fn replaces(&self, notice: &Notice) -> u32 {
        let Some(kind) = notice.replaces() else {
            return 0;
        };
        self.latest(kind).unwrap_or(0)
    }

    fn latest(&self, kind: NoticeKind) -> Option<u32> {
        self.order
            .iter()
            .rev()
            .copied()
            .find(|id| self.notices.get(id).is_some_and(|n| n.kind == kind))
    }

    /// The server showed `notice` as `id` (a replaced one keeps its id).
    pub fn insert(&mut self, id: u32, notice: Notice) {
        self.order.retain(|&known| known != id);
        self.order.push_back(id);
        self.notices.insert(id, notice);
        while self.order.len() > KEEP {
            if let Some(oldest) = self.order.pop_front() {
                self.notices.remove(&oldest);
            }
        }
    }

    /// What the user's pick `key` on notification `id` does; `None` for one that isn't ours.
    pub fn action(&self, id: u32, key: &str) -> Option<MenuAction> {
        self.notices.get(&id)?.action(key)
    }

    /// The server closed it (expired, dismissed, or after an action).
    pub fn closed(&mut self, id: u32) {
        self.notices.remove(&id);
        self.order.retain(|&known| known != id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn actions_are_looked_up_by_the_servers_id() {
        let mut shown = Shown::default();
        shown.insert(7, Notice::morning(day(), "Recovery 78%".into(), true));
        shown.insert(8, Notice::problem("Check the mapping.".into()));
        assert_eq!(
            shown.action(7, "open-notion"),
            Some(MenuAction::OpenDay(day()))
        );
        assert_eq!(shown.action(7, "default"), Some(MenuAction::OpenWindow));
        assert_eq!(shown.action(8, "open"), Some(MenuAction::OpenWindow));
        // Another app's notification, or a key we never sent.
        assert_eq!(shown.action(9, "default"), None);
        assert_eq!(shown.action(8, "open-notion"), None);
        shown.closed(7);
        assert_eq!(shown.action(7, "open-notion"), None);
    }

    #[test]
    fn news_of_a_problem_replaces_the_problem_while_it_is_shown() {
        let mut shown = Shown::default();
        let morning = Notice::morning(day(), "Recovery 78%".into(), true);
        assert_eq!(shown.replaces(&Notice::back_to_normal()), 0);
        shown.insert(3, Notice::problem("Check the mapping.".into()));
        shown.insert(4, morning.clone());
        assert_eq!(shown.replaces(&Notice::back_to_normal()), 3);
        assert_eq!(shown.replaces(&Notice::problem("Another".into())), 3);
        assert_eq!(shown.replaces(&morning), 0, "mornings stand alone");
        // Replaced: the server keeps the id, which now means "back to normal".
        shown.insert(3, Notice::back_to_normal());
        assert_eq!(shown.replaces(&Notice::problem("Again".into())), 0);
        assert_eq!(shown.action(3, "open"), None);
        // Dismissed meanwhile: a new one, not a replacement of nothing.
        shown.insert(5, Notice::problem("Check the mapping.".into()));
        shown.closed(5);
        assert_eq!(shown.replaces(&Notice::back_to_normal()), 0);
    }

    #[test]
    fn only_the_latest_few_are_remembered() {
        let mut shown = Shown::default();
        for id in 1..=(KEEP as u32 + 10) {
            shown.insert(id, Notice::back_to_normal());
        }
        assert_eq!(shown.action(1, "default"), None);
        assert_eq!(
            shown.action(KEEP as u32 + 10, "default"),
            Some(MenuAction::OpenWindow)
        );
        assert_eq!(shown.notices.len(), KEEP);
    }
}
