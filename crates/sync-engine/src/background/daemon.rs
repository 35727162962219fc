//! The background schedule, shared by `whoop-notion daemon` and the tray app: catch up at
//! start and after the computer wakes, poll in the morning window until today's night is
//! written, then rest. Sleeps in ticks of at most a minute (to notice a wake), never spins.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, NaiveDate, Utc};
use sync_history::Trigger;

use crate::config::ScheduleSettings;
use crate::engine::Engine;
use crate::plan::ActionKind;
use crate::report::SyncReport;
use crate::schedule::{decide, Decision, WakeDetector};
use crate::Result;
use std::future::Future;
use tokio::sync::Notify;

/// Waits `duration` on the injected clock, or less if the OS says the computer resumed.
async fn sleep_unless_woken(clock: &dyn http_policy::Clock, duration: Duration, woken: &Notify) {
    tokio::select! {
        _ = clock.sleep(duration) => {}
        _ = woken.notified() => {}
    }
}

const TICK: Duration = Duration::from_secs(60);

/// After a wake-up, the first check waits a random time up to this long: two computers woken
/// at the same moment (an alarm, a lid opened on a desk beside a desktop that wakes on a
/// timer) then rarely check Notion in the same second and both create the day's page.
pub const WAKE_SPREAD: Duration = Duration::from_secs(30);

/// A random wait in `0..=spread`, whole milliseconds, from the engine's seeded randomness.
fn spread_wait(engine: &Engine, spread: Duration) -> Duration {
    let millis = spread.as_millis() as u64;
    Duration::from_millis(engine.env.next_seed() % (millis + 1))
}

/// Whether a report leaves today done: written, or known to be unwritable (unscorable), so
/// the morning's polling can rest.
pub fn today_is_done(report: &SyncReport, today: NaiveDate) -> bool {
    report.day(today).is_some_and(|d| {
        matches!(
            d.action,
            ActionKind::Created | ActionKind::Updated | ActionKind::Unchanged | ActionKind::Skipped
        ) && d.reason.as_deref() != Some("no sleep recorded in WHOOP")
    })
}

/// The schedule's settings and the pause, read again only when the settings file changed
/// (it is replaced whole on every save: a new inode, a new time): the schedule looks at them
/// every minute, and the file holds the whole Notion schema, so a parse each minute was most
/// of what an idle app did all day. Re-read every ten looks anyway, should a change keep the
/// same stamp.
#[derive(Default)]
struct SettingsRead {
    stamp: Option<Stamp>,
    looks: u32,
    read: Option<(ScheduleSettings, Option<DateTime<Utc>>)>,
}

type Stamp = (SystemTime, u64, u64);

fn stamp(path: &std::path::Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let inode = 0;
    Some((m.modified().ok()?, m.len(), inode))
}

impl SettingsRead {
    fn get(&mut self, engine: &Engine) -> Option<(ScheduleSettings, Option<DateTime<Utc>>)> {
        let stamp = stamp(&engine.env.config_dir.config_file());
        self.looks += 1;
        if stamp.is_none() || stamp != self.stamp || self.read.is_none() || self.looks >= 10 {
            self.read = engine
                .load_config()
                .ok()
                .map(|c| (c.schedule, c.paused_until));
            self.stamp = stamp;
            self.looks = 0;
        }
        self.read.clone()
    }
}

impl Engine {
    /// Runs the schedule until `keep_going` returns false (checked once per tick). Each sync
    /// goes through `sync`, so the app can wrap it (tray, notifications) and the CLI print it.
    /// `woken` is the OS saying the computer resumed: it ends the current wait, so the wake
    /// (seen by the clock jump, below) is caught up at once rather than at the next tick. It is
    /// only a nudge: a pause, a crash-loop hold and the one-catch-up-per-wake rule still apply.
    pub async fn run_schedule<F, Fut>(
        &self,
        mut sync: F,
        mut keep_going: impl FnMut() -> bool,
        woken: &Notify,
    ) where
        F: FnMut(Trigger) -> Fut,
        Fut: Future<Output = Result<SyncReport>>,
    {
        let clock = self.env.clock.clone();
        let mut wake = WakeDetector::new(clock.now(), clock.monotonic());
        let mut settings_read = SettingsRead::default();
        let mut done_day: Option<NaiveDate> = None;
        let mut last_attempt = None;
        let mut pending: Option<Trigger> = Some(Trigger::Startup);
        // After a start that didn't end cleanly, the catch-up (and every scheduled sync) waits:
        // a host in a crash loop mustn't sync on each start (restarts.rs).
        let started = self.env.config_dir.note_start(clock.now());
        let wait = Duration::from_secs(started.wait_secs);
        let _clean_stop = crate::background::restarts::CleanStopOnDrop(self.env.config_dir.clone());
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
                sleep_unless_woken(&*clock, left.clamp(Duration::from_secs(1), TICK), woken).await;
                continue;
            }
            let today = self.env.zone.today(now);
            let local = self.env.zone.local(now);
            if wake.woke(now, clock.monotonic()) {
                pending = Some(Trigger::Wake);
            }
            let settings = match settings_read.get(self) {
                Some((_, Some(paused_until))) if paused_until > now => {
                    sleep_unless_woken(&*clock, TICK, woken).await;
                    continue;
                }
                Some((schedule, _)) => schedule,
                None => {
                    sleep_unless_woken(&*clock, TICK, woken).await;
                    continue;
                }
            };
            let trigger = match pending.take() {
                Some(t) => Some(t),
                None => match decide(local, &settings, done_day == Some(today), last_attempt) {
                    Decision::SyncNow => Some(Trigger::Schedule),
                    Decision::WaitUntil(until) => {
                        let wait = (until - local).to_std().unwrap_or_default().min(TICK);
                        sleep_unless_woken(&*clock, wait.max(Duration::from_secs(1)), woken).await;
                        None
                    }
                },
            };
            let Some(trigger) = trigger else { continue };
            if trigger == Trigger::Wake {
                clock.sleep(spread_wait(self, WAKE_SPREAD)).await;
            }
            last_attempt = Some(local);
            if let Ok(report) = sync(trigger).await {
                if today_is_done(&report, today) {
                    done_day = Some(today);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigDir;
    use crate::{Endpoints, EngineEnv, FixedZone};
    use chrono::{FixedOffset, TimeZone};
    use http_policy::ManualClock;
    use std::sync::Arc;

    /// Two computers woken together don't check together: their waits spread over
    /// [`WAKE_SPREAD`], and never past it.
    #[test]
    fn wake_ups_are_spread() {
        let engine = |seed| {
            Engine::new(
                EngineEnv::new(
                    ConfigDir::new(std::env::temp_dir()),
                    Arc::new(ManualClock::new(Utc::now())),
                    Arc::new(FixedZone(FixedOffset::east_opt(0).unwrap())),
                    Arc::new(secret_store::MemoryStore::new()),
                    Endpoints::default(),
                )
                .with_seed(seed),
            )
        };
        let waits: Vec<Duration> = (0..50)
            .map(|seed| spread_wait(&engine(seed), WAKE_SPREAD))
            .collect();
        assert!(waits.iter().all(|w| *w <= WAKE_SPREAD));
        let mut distinct = waits.clone();
        distinct.sort();
        distinct.dedup_by(|a, b| a.as_secs() == b.as_secs());
        assert!(distinct.len() > 10, "{waits:?}");
    }

    /// The settings are read once, then again as soon as a save replaced the file.
    #[test]
    fn a_settings_change_is_seen_at_the_next_look() {
        let dir = tempfile::tempdir().unwrap();
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 1, 12, 6, 0, 0).unwrap());
        let engine = Engine::new(EngineEnv::new(
            ConfigDir::new(dir.path()),
            Arc::new(clock),
            Arc::new(FixedZone(FixedOffset::east_opt(0).unwrap())),
            Arc::new(secret_store::MemoryStore::new()),
            Endpoints::default(),
        ));
        let mut read = SettingsRead::default();
        assert_eq!(read.get(&engine).unwrap().0.poll_minutes, 10);
        for minutes in [20, 30] {
            engine
                .update_config(|c| {
                    c.schedule.poll_minutes = minutes;
                    Ok(())
                })
                .unwrap();
            assert_eq!(read.get(&engine).unwrap().0.poll_minutes, minutes);
        }
        let pause = Utc.with_ymd_and_hms(2026, 1, 12, 8, 0, 0).unwrap();
        engine
            .update_config(|c| {
                c.paused_until = Some(pause);
                Ok(())
            })
            .unwrap();
        assert_eq!(read.get(&engine).unwrap().1, Some(pause));
    }
}
