//! A change the user makes to the setup (a service connected or disconnected, a database
//! chosen, the mapping edited) makes some errors of earlier runs obsolete: the tray must not go
//! on reporting "WHOOP is not connected" once it is.

use std::collections::VecDeque;

use sync_vocabulary::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupChange {
    Whoop,
    Notion,
    Database,
    Mapping,
}

impl SetupChange {
    /// Whether an earlier run's `code` may no longer hold after this change. Passing trouble
    /// (network, rate limits) isn't the setup's doing and stays until a run says otherwise.
    pub fn makes_obsolete(self, code: ErrorCode) -> bool {
        use ErrorCode as E;
        match self {
            // Settings moved aside: the setup starts over with WHOOP (the window's button).
            SetupChange::Whoop => matches!(
                code,
                E::WhoopReconnect
                    | E::WhoopNotConnected
                    | E::WhoopInvalidClient
                    | E::ConfigMovedAside
            ),
            SetupChange::Notion => matches!(
                code,
                E::NotionUnauthorized
                    | E::NotionNotConnected
                    | E::NotionNotFound
                    | E::NotionNoPermission
            ),
            SetupChange::Database => matches!(
                code,
                E::NoDatabase | E::NotionNotFound | E::NotionRejected | E::MappingBroken
            ),
            SetupChange::Mapping => matches!(code, E::MappingBroken | E::NotionRejected),
        }
    }
}

/// The setup changes the user has made: how many, and the latest few. A run started before a
/// change and failing with an error that change may have fixed is stale: telling its error
/// would be a false alarm a moment after the user fixed it.
#[derive(Debug, Default)]
pub struct SetupChanges {
    count: u64,
    recent: VecDeque<(u64, SetupChange)>,
}

/// How many changes are remembered; past them, any change counts as a possible fix.
const REMEMBERED: usize = 8;

impl SetupChanges {
    pub fn record(&mut self, change: SetupChange) {
        self.count += 1;
        self.recent.push_back((self.count, change));
        if self.recent.len() > REMEMBERED {
            self.recent.pop_front();
        }
    }

    /// A mark to take when a run starts, for [`fixed_since`](Self::fixed_since).
    pub fn mark(&self) -> u64 {
        self.count
    }

    /// Whether a change made after `mark` may have fixed `code`.
    pub fn fixed_since(&self, mark: u64, code: ErrorCode) -> bool {
        if mark >= self.count {
            return false;
        }
        let oldest_known = self.recent.front().map_or(u64::MAX, |(n, _)| *n);
        mark + 1 < oldest_known
            || self
                .recent
                .iter()
                .any(|(n, change)| *n > mark && change.makes_obsolete(code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_begun_before_a_fixing_change_has_no_say() {
        let mut changes = SetupChanges::default();
        let before = changes.mark();
        // Nothing changed during the run: its error stands.
        assert!(!changes.fixed_since(before, ErrorCode::MappingBroken));
        changes.record(SetupChange::Notion);
        // A change that can't fix it: it still stands.
        assert!(!changes.fixed_since(before, ErrorCode::MappingBroken));
        changes.record(SetupChange::Mapping);
        assert!(changes.fixed_since(before, ErrorCode::MappingBroken));
        // Trouble outside the setup is never the setup's to fix.
        assert!(!changes.fixed_since(before, ErrorCode::Network));
        // A run that began after the change is the truth.
        assert!(!changes.fixed_since(changes.mark(), ErrorCode::MappingBroken));
    }

    #[test]
    fn past_the_remembered_changes_any_change_counts() {
        let mut changes = SetupChanges::default();
        changes.record(SetupChange::Mapping);
        let before = changes.mark();
        for _ in 0..20 {
            changes.record(SetupChange::Notion);
        }
        assert_eq!(changes.recent.len(), REMEMBERED);
        // The change in between that could have fixed it is forgotten: assume it did.
        assert!(changes.fixed_since(before, ErrorCode::MappingBroken));
        // Past the remembered few, but begun after the last change: the truth.
        assert!(!changes.fixed_since(changes.mark(), ErrorCode::MappingBroken));
    }

    #[test]
    fn a_change_clears_only_what_it_can_fix() {
        let all = [
            SetupChange::Whoop,
            SetupChange::Notion,
            SetupChange::Database,
            SetupChange::Mapping,
        ];
        for code in ErrorCode::ALL {
            let fixers: Vec<_> = all.iter().filter(|c| c.makes_obsolete(code)).collect();
            // Every problem the user fixes through the setup is cleared by some change of it…
            if code.setup_unfinished()
                || matches!(
                    code,
                    ErrorCode::WhoopReconnect
                        | ErrorCode::NotionUnauthorized
                        | ErrorCode::MappingBroken
                        | ErrorCode::ConfigMovedAside
                )
            {
                assert!(!fixers.is_empty(), "{code:?} is never cleared");
            }
            // …and passing trouble by none.
            if !code.needs_user() {
                assert!(fixers.is_empty(), "{code:?} cleared by {fixers:?}");
            }
        }
        assert!(!SetupChange::Notion.makes_obsolete(ErrorCode::WhoopReconnect));
        assert!(!SetupChange::Mapping.makes_obsolete(ErrorCode::NoDatabase));
    }
}
