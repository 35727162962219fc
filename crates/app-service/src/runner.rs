//! Every sync the app runs (scheduled, on wake, "Sync now", backfill) goes through here, so the
//! tray, the window and the notifications always agree with what happened.

use std::sync::Arc;
use std::time::Instant;

use app_core::setup_change::SetupChange;
use sync_engine::nights::DayRange;
use sync_engine::report::{Progress, SyncReport};
use sync_engine::{SyncError, SyncRequest, Trigger};

use crate::contract::{AppEvent, BackfillProgress};
use crate::service::AppService;

impl AppService {
    pub async fn run_sync(
        self: &Arc<Self>,
        trigger: Trigger,
        range: Option<DayRange>,
    ) -> Result<SyncReport, SyncError> {
        let engine = self.engine().await;
        let setup_seen = {
            let mut live = self.live();
            live.syncing = true;
            // The schedule's own runs set its next check (see `schedule::decide`).
            if matches!(
                trigger,
                Trigger::Schedule | Trigger::Startup | Trigger::Wake
            ) {
                live.last_scheduled_attempt = Some(engine.now());
            }
            live.setup_changes.mark()
        };
        self.publish_run_started().await;

        // The pace is measured from the first write: reading comes before it.
        let writing_since: std::sync::Mutex<Option<Instant>> = std::sync::Mutex::new(None);
        let listener = self.listener.clone();
        let is_backfill = trigger == Trigger::Backfill;
        let progress = move |p: Progress| {
            // Only a backfill has a progress bar; other runs would leave it half full.
            if !is_backfill {
                return;
            }
            if let Progress::Writing { done, total, exact } = p {
                let since = *writing_since
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get_or_insert_with(Instant::now);
                let eta_seconds = eta(done, total, since.elapsed().as_secs_f64());
                let payload = BackfillProgress {
                    done,
                    total,
                    exact,
                    eta_seconds,
                };
                listener.event(AppEvent::BackfillProgress(payload));
            }
        };
        let request = SyncRequest {
            range,
            dry_run: false,
            trigger,
        };
        let result = engine.sync(request, &progress).await;

        let window_open = self.listener.window_open();
        let notice_to_show = {
            let mut live = self.live();
            live.syncing = false;
            match &result {
                Ok(report) => {
                    live.last_report = Some((engine.now(), report.clone()));
                    live.last_error = None;
                    live.failures = 0;
                    live.problems.after_run(Ok(()), 0, window_open)
                }
                // A run that couldn't start because setup isn't finished is no problem to
                // report: the window shows what is left to connect.
                Err(error) if error.code.setup_unfinished() => None,
                // The user changed the setup while this run was on the old one (fixed the
                // mapping as a scheduled check began): its error may be gone, and telling it
                // again would be a false alarm. The next run says how things are.
                Err(error) if live.setup_changes.fixed_since(setup_seen, error.code) => {
                    log::info!(
                        "a run on the setup before the last change failed ({}): not told",
                        error.code
                    );
                    None
                }
                Err(error) => {
                    live.last_error = Some(error.clone());
                    live.failures += 1;
                    let failures = live.failures;
                    live.problems.after_run(Err(error), failures, window_open)
                }
            }
        };
        if let Some(notice) = notice_to_show {
            self.notify_if_wanted(&engine, notice);
        }
        if let Ok(report) = &result {
            let links = self.mode().await == app_core::overview::Mode::Real;
            self.notify_morning(&engine, report, links);
        }
        self.publish().await;
        result
    }
}

impl AppService {
    /// The user changed the setup: errors of earlier runs that it may have fixed are dropped,
    /// so the tray and the banner don't go on reporting them (the next run tells the truth).
    pub(crate) fn setup_changed(&self, change: SetupChange) {
        let mut live = self.live();
        live.setup_changes.record(change);
        let Some(code) = live.last_error.as_ref().map(|e| e.code) else {
            return;
        };
        if change.makes_obsolete(code) {
            live.last_error = None;
            live.failures = 0;
            live.problems.forget(code);
        }
    }
}

/// Seconds left at the pace so far; writes are paced at Notion's 3 per second, so before the
/// first one that pace is the best guess.
fn eta(done: usize, total: usize, elapsed: f64) -> Option<u64> {
    let left = total.saturating_sub(done) as f64;
    if total == 0 {
        return None;
    }
    let per_write = if done > 0 {
        elapsed / done as f64
    } else {
        1.0 / 3.0
    };
    Some((left * per_write).ceil() as u64)
}

#[cfg(test)]
mod tests {
    use super::eta;

    #[test]
    fn eta_follows_the_pace() {
        assert_eq!(eta(0, 30, 0.0), Some(10));
        assert_eq!(eta(10, 30, 5.0), Some(10));
        assert_eq!(eta(30, 30, 12.0), Some(0));
        assert_eq!(eta(0, 0, 0.0), None);
    }
}
