//! When to sync ([`decide`], the shared vocabulary's, so the tray can say what it decided) and
//! noticing that the computer slept, by the wall clock jumping ahead of the monotonic clock
//! (works on every OS).

use std::time::Duration;

use chrono::{DateTime, Utc};

pub use sync_vocabulary::schedule::{decide, Decision};

/// Detects a suspend/resume: the wall clock moved further than the monotonic clock, which
/// stops while the machine sleeps.
#[derive(Debug, Clone)]
pub struct WakeDetector {
    last_wall: DateTime<Utc>,
    /// The injected clock's monotonic reading (`Clock::monotonic`).
    last_mono: Duration,
    threshold: Duration,
}

impl WakeDetector {
    pub fn new(wall: DateTime<Utc>, mono: Duration) -> Self {
        Self {
            last_wall: wall,
            last_mono: mono,
            threshold: Duration::from_secs(90),
        }
    }

    /// True when, since the last call, the wall clock gained more than the threshold on the
    /// monotonic clock.
    pub fn woke(&mut self, wall: DateTime<Utc>, mono: Duration) -> bool {
        let wall_elapsed = (wall - self.last_wall).to_std().unwrap_or_default();
        let mono_elapsed = mono.saturating_sub(self.last_mono);
        self.last_wall = wall;
        self.last_mono = mono;
        wall_elapsed > mono_elapsed + self.threshold
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ScheduleSettings;
    use chrono::{NaiveDate, NaiveDateTime};

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    #[test]
    fn before_the_window_waits_for_it() {
        let s = ScheduleSettings::default();
        assert_eq!(
            decide(at(3, 0), &s, false, None),
            Decision::WaitUntil(at(5, 0))
        );
    }

    #[test]
    fn in_the_window_polls_at_the_interval_until_done() {
        let s = ScheduleSettings::default();
        assert_eq!(decide(at(6, 0), &s, false, None), Decision::SyncNow);
        assert_eq!(
            decide(at(6, 3), &s, false, Some(at(6, 0))),
            Decision::WaitUntil(at(6, 10))
        );
        assert_eq!(
            decide(at(6, 10), &s, false, Some(at(6, 0))),
            Decision::SyncNow
        );
        let tomorrow = NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(5, 0, 0)
            .unwrap();
        assert_eq!(
            decide(at(6, 10), &s, true, Some(at(6, 0))),
            Decision::WaitUntil(tomorrow)
        );
    }

    #[test]
    fn after_the_window_rests_until_tomorrow() {
        let s = ScheduleSettings::default();
        let tomorrow = NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(5, 0, 0)
            .unwrap();
        assert_eq!(
            decide(at(12, 0), &s, false, None),
            Decision::WaitUntil(tomorrow)
        );
        // The last poll never overshoots the window's end.
        assert_eq!(
            decide(at(11, 55), &s, false, Some(at(11, 54))),
            Decision::WaitUntil(at(12, 0))
        );
    }

    #[test]
    fn a_wall_clock_jump_is_a_wake() {
        let wall = Utc::now();
        let mono = Duration::from_secs(1000);
        let mut detector = WakeDetector::new(wall, mono);
        // A normal minute: both clocks agree.
        assert!(!detector.woke(
            wall + chrono::Duration::seconds(60),
            mono + Duration::from_secs(60)
        ));
        // The machine slept for an hour: the monotonic clock stood still.
        assert!(detector.woke(
            wall + chrono::Duration::seconds(3700),
            mono + Duration::from_secs(120)
        ));
    }
}
