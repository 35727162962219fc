//! Problems that need the user notify once, not on every retry: a problem is announced when it
//! first appears (or changes), and forgotten when a sync succeeds again.

use sync_engine::{ErrorCode, SyncError};

use crate::tray::FAILURES_BEFORE_ATTENTION;
use crate::wording;

#[derive(Debug, Default)]
pub struct ProblemNotifier {
    announced: Option<ErrorCode>,
}

impl ProblemNotifier {
    /// The user changed a connection or the mapping: a problem it fixed is forgotten, so if
    /// it comes back it is news again.
    pub fn forget(&mut self, code: ErrorCode) {
        if self.announced == Some(code) {
            self.announced = None;
        }
    }

    /// After each run: the text to notify, if this failure deserves one now.
    pub fn after_run(
        &mut self,
        outcome: Result<(), &SyncError>,
        consecutive_failures: u32,
    ) -> Option<String> {
        match outcome {
            Ok(()) => {
                self.announced = None;
                None
            }
            // Not set up yet is the window's business, not a notification's.
            Err(error) if error.code.setup_unfinished() => None,
            Err(error) => {
                let serious =
                    error.code.needs_user() || consecutive_failures >= FAILURES_BEFORE_ATTENTION;
                if !serious || self.announced == Some(error.code) {
                    return None;
                }
                self.announced = Some(error.code);
                // In the desktop's words: the engine's message may hold a raw OAuth answer.
                Some(wording::for_desktop(error).message)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_is_announced_once_until_it_is_fixed() {
        let mut n = ProblemNotifier::default();
        let reconnect = SyncError::new(ErrorCode::WhoopReconnect, "WHOOP needs to be reconnected");
        let said = n.after_run(Err(&reconnect), 1).unwrap();
        assert_eq!(said, "WHOOP signed you out. Reconnect to keep syncing.");
        assert!(n.after_run(Err(&reconnect), 2).is_none());
        assert!(n.after_run(Err(&reconnect), 3).is_none());
        assert!(n.after_run(Ok(()), 0).is_none());
        assert!(
            n.after_run(Err(&reconnect), 1).is_some(),
            "announced again after it was fixed"
        );
    }

    #[test]
    fn passing_network_trouble_waits_for_repeated_failures() {
        let mut n = ProblemNotifier::default();
        let offline = SyncError::new(ErrorCode::Network, "could not reach WHOOP");
        assert!(n.after_run(Err(&offline), 1).is_none());
        assert!(n.after_run(Err(&offline), 2).is_none());
        assert!(n.after_run(Err(&offline), 3).is_some());
        assert!(n.after_run(Err(&offline), 4).is_none());
        let broken = SyncError::new(ErrorCode::MappingBroken, "HRV is gone");
        assert!(
            n.after_run(Err(&broken), 5).is_some(),
            "a different problem is news"
        );
    }
}
