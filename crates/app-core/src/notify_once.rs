//! Problems that need the user notify once, not on every retry: a problem is announced when it
//! first appears (or changes), and forgotten when a sync succeeds again. Its end is news too:
//! one "back to normal" notification, unless the user was fixing it in the open window, where
//! the banner going away says it already.

use sync_vocabulary::{ErrorCode, SyncError};

use crate::notice::Notice;
use crate::tray::needs_attention;
use crate::wording;

#[derive(Debug, Default)]
pub struct ProblemNotifier {
    announced: Option<ErrorCode>,
}

impl ProblemNotifier {
    /// The user changed a connection or the mapping (in the window) and that may have fixed
    /// the problem: it is forgotten, so if it comes back it is news again, and its end is no
    /// news (the user saw it go).
    pub fn forget(&mut self, code: ErrorCode) {
        if self.announced == Some(code) {
            self.announced = None;
        }
    }

    /// After each run: the notification it deserves, if any. `window_open`: a window is open,
    /// where the user sees the problem and its end.
    pub fn after_run(
        &mut self,
        outcome: Result<(), &SyncError>,
        consecutive_failures: u32,
        window_open: bool,
    ) -> Option<Notice> {
        match outcome {
            Ok(()) => {
                let ended = self.announced.take().is_some();
                (ended && !window_open).then(Notice::back_to_normal)
            }
            // Not set up yet is the window's business, not a notification's.
            Err(error) if error.code.setup_unfinished() => None,
            Err(error) => {
                let serious = needs_attention(error.code, consecutive_failures);
                if !serious || self.announced == Some(error.code) {
                    return None;
                }
                self.announced = Some(error.code);
                // In the desktop's words: the engine's message may hold a raw OAuth answer.
                Some(Notice::problem(wording::for_desktop(error).message))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::NoticeKind;

    fn kind(notice: Option<Notice>) -> Option<NoticeKind> {
        notice.map(|n| n.kind)
    }

    #[test]
    fn a_problem_is_announced_once_until_it_is_fixed() {
        let mut n = ProblemNotifier::default();
        let reconnect = SyncError::new(ErrorCode::WhoopReconnect, "WHOOP needs to be reconnected");
        let said = n.after_run(Err(&reconnect), 1, false).unwrap();
        assert_eq!(said.kind, NoticeKind::Problem);
        assert_eq!(
            said.body,
            "WHOOP signed you out. Reconnect to keep syncing."
        );
        assert!(n.after_run(Err(&reconnect), 2, false).is_none());
        assert!(n.after_run(Err(&reconnect), 3, false).is_none());
        assert_eq!(
            kind(n.after_run(Ok(()), 0, false)),
            Some(NoticeKind::BackToNormal)
        );
        assert_eq!(
            kind(n.after_run(Err(&reconnect), 1, false)),
            Some(NoticeKind::Problem),
            "announced again after it was fixed"
        );
    }

    #[test]
    fn passing_network_trouble_waits_for_repeated_failures() {
        // Offline, or a Wi-Fi's sign-in page in place of WHOOP: the same grace.
        for offline in [
            SyncError::new(ErrorCode::Network, "could not reach WHOOP"),
            SyncError::new(
                ErrorCode::NetworkWebPage,
                "the network answered with a web page instead of WHOOP",
            ),
        ] {
            let mut n = ProblemNotifier::default();
            assert!(n.after_run(Err(&offline), 1, false).is_none());
            assert!(n.after_run(Err(&offline), 2, false).is_none());
            assert!(n.after_run(Err(&offline), 3, false).is_some());
            assert!(n.after_run(Err(&offline), 4, false).is_none());
        }
        let mut n = ProblemNotifier::default();
        let offline = SyncError::new(ErrorCode::Network, "could not reach WHOOP");
        n.after_run(Err(&offline), 3, false).unwrap();
        let broken = SyncError::new(ErrorCode::MappingBroken, "HRV is gone");
        assert_eq!(
            kind(n.after_run(Err(&broken), 5, false)),
            Some(NoticeKind::Problem),
            "a different problem is news"
        );
    }

    #[test]
    fn a_keychain_locked_at_login_gets_the_grace_of_a_passing_problem() {
        let mut n = ProblemNotifier::default();
        let locked = SyncError::new(ErrorCode::KeychainUnavailable, "the keyring is locked");
        assert!(n.after_run(Err(&locked), 1, false).is_none());
        assert!(n.after_run(Err(&locked), 2, false).is_none());
        assert!(n.after_run(Ok(()), 0, false).is_none(), "nothing was told");
        // Still locked after the grace: told once, and its end too.
        for failures in 1..=2 {
            assert!(n.after_run(Err(&locked), failures, false).is_none());
        }
        assert_eq!(
            kind(n.after_run(Err(&locked), 3, false)),
            Some(NoticeKind::Problem)
        );
        assert_eq!(
            kind(n.after_run(Ok(()), 0, false)),
            Some(NoticeKind::BackToNormal)
        );
    }

    #[test]
    fn back_to_normal_once_per_problem() {
        let mut n = ProblemNotifier::default();
        let offline = SyncError::new(ErrorCode::Network, "could not reach WHOOP");
        let broken = SyncError::new(ErrorCode::MappingBroken, "HRV is gone");
        // Nothing was announced: a success is no news, nor is a passing failure's end.
        assert!(n.after_run(Ok(()), 0, false).is_none());
        assert!(n.after_run(Err(&offline), 1, false).is_none());
        assert!(n.after_run(Ok(()), 0, false).is_none());
        // Two problems in a row, then success: one notification, for the last.
        n.after_run(Err(&offline), 3, false).unwrap();
        n.after_run(Err(&broken), 4, false).unwrap();
        assert_eq!(
            kind(n.after_run(Ok(()), 0, false)),
            Some(NoticeKind::BackToNormal)
        );
        // Further successes say nothing.
        assert!(n.after_run(Ok(()), 0, false).is_none());
        assert!(n.after_run(Ok(()), 0, false).is_none());
        // A passing failure between an announced problem and its end doesn't hide the end.
        n.after_run(Err(&broken), 1, false).unwrap();
        assert!(n.after_run(Err(&offline), 1, false).is_none());
        assert_eq!(
            kind(n.after_run(Ok(()), 0, false)),
            Some(NoticeKind::BackToNormal)
        );
    }

    #[test]
    fn no_back_to_normal_for_a_problem_fixed_in_the_window() {
        let mut n = ProblemNotifier::default();
        let broken = SyncError::new(ErrorCode::MappingBroken, "HRV is gone");
        // Fixed by a change of setup in the window: forgotten, its end is no news.
        n.after_run(Err(&broken), 1, false).unwrap();
        n.forget(ErrorCode::MappingBroken);
        assert!(n.after_run(Ok(()), 0, false).is_none());
        // The next success happens while the window is open: the user saw the banner go.
        n.after_run(Err(&broken), 1, false).unwrap();
        assert!(n.after_run(Ok(()), 0, true).is_none());
        assert!(n.after_run(Ok(()), 0, false).is_none(), "nor later");
        // Forgetting another problem leaves this one announced.
        n.after_run(Err(&broken), 1, false).unwrap();
        n.forget(ErrorCode::WhoopReconnect);
        assert!(n.after_run(Err(&broken), 2, false).is_none());
        assert_eq!(
            kind(n.after_run(Ok(()), 0, false)),
            Some(NoticeKind::BackToNormal)
        );
    }
}
