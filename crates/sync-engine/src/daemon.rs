//! The background schedule, shared by `whoop-notion daemon` and the tray app: catch up at
//! start and after the computer wakes, poll in the morning window until today's night is
//! written, then rest. Sleeps in ticks of at most a minute (to notice a wake), never spins.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use sync_history::Trigger;

use crate::engine::Engine;
use crate::plan::ActionKind;
use crate::report::SyncReport;
use crate::schedule::{decide, Decision, WakeDetector};
use crate::Result;
use std::future::Future;

const TICK: Duration = Duration::from_secs(60);

/// Whether a report settles today: written, or known to be unwritable (unscorable).
pub fn settles(report: &SyncReport, today: NaiveDate) -> bool {
    report.day(today).is_some_and(|d| {
        matches!(
            d.action,
            ActionKind::Created | ActionKind::Updated | ActionKind::Unchanged | ActionKind::Skipped
        ) && d.reason.as_deref() != Some("no sleep recorded in WHOOP")
    })
}

impl Engine {
    /// Runs the schedule until `keep_going` returns false (checked once per tick). Each sync
    /// goes through `sync`, so the app can wrap it (tray, notifications) and the CLI print it.
    pub async fn run_schedule<F, Fut>(&self, mut sync: F, mut keep_going: impl FnMut() -> bool)
    where
        F: FnMut(Trigger) -> Fut,
        Fut: Future<Output = Result<SyncReport>>,
    {
        let clock = self.env.clock.clone();
        let mut wake = WakeDetector::new(clock.now(), Instant::now());
        let mut done_day: Option<NaiveDate> = None;
        let mut last_attempt = None;
        let mut pending: Option<Trigger> = Some(Trigger::Startup);
        // After a start that didn't end cleanly, the catch-up (and every scheduled sync) waits:
        // a host in a crash loop mustn't sync on each start (restarts.rs).
        let started = self.env.config_dir.note_start(clock.now());
        let wait = Duration::from_secs(started.wait_secs);
        let _clean_stop = crate::restarts::CleanStopOnDrop(self.env.config_dir.clone());
        let hold_until = clock.now() + chrono::Duration::from_std(wait).unwrap_or_default();
        if wait.is_zero() {
            tracing::info!("catching up now");
        } else {
            tracing::info!(
                restarts = started.restarts,
                "started again after {} starts in a row that didn't end cleanly: catching up in {} min",
                started.restarts - 1,
                wait.as_secs() / 60
            );
        }
        while keep_going() {
            let now = clock.now();
            if now < hold_until {
                let left = (hold_until - now).to_std().unwrap_or_default();
                clock.sleep(left.clamp(Duration::from_secs(1), TICK)).await;
                continue;
            }
            let today = self.env.zone.today(now);
            let local = self.env.zone.local(now);
            if wake.woke(now, Instant::now()) {
                pending = Some(Trigger::Wake);
            }
            let settings = match self.load_config() {
                Ok(c) if c.paused_until.is_some_and(|p| p > now) => {
                    clock.sleep(TICK).await;
                    continue;
                }
                Ok(c) => c.schedule,
                Err(_) => {
                    clock.sleep(TICK).await;
                    continue;
                }
            };
            let trigger = match pending.take() {
                Some(t) => Some(t),
                None => match decide(local, &settings, done_day == Some(today), last_attempt) {
                    Decision::SyncNow => Some(Trigger::Schedule),
                    Decision::WaitUntil(until) => {
                        let wait = (until - local).to_std().unwrap_or_default().min(TICK);
                        clock.sleep(wait.max(Duration::from_secs(1))).await;
                        None
                    }
                },
            };
            let Some(trigger) = trigger else { continue };
            last_attempt = Some(local);
            if let Ok(report) = sync(trigger).await {
                if settles(&report, today) {
                    done_day = Some(today);
                }
            }
        }
    }
}
