//! Start-up catch-ups that a crash loop can't turn into a flood of requests.
//!
//! The background syncer (the tray host, `whoop-notion daemon`) catches up as soon as it
//! starts, so that a host that died and was started again by the next window, the login item
//! or `Restart=on-failure` misses no morning. A host that keeps dying would then sync on every
//! start, so each start is written down in the profile (every start is a new process: the
//! pace must survive it). The first start after one that didn't stop cleanly catches up at
//! once (a single crash costs nothing); each further one in a row waits before its catch-up:
//! 1 minute, then twice as long each time, up to an hour. A clean stop, or a start that lasted
//! an hour past its wait, ends the row. Only the background's own syncs wait; a sync the user
//! asks for never does.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::ConfigDir;

/// The first wait after a start that didn't end cleanly.
pub const FIRST_BACKOFF: Duration = Duration::from_secs(60);
/// The longest wait: a host in a crash loop still catches up once an hour.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60 * 60);
/// How long a start must last past its wait for the next one to be immediate again.
pub const SETTLED_AFTER: Duration = Duration::from_secs(60 * 60);

/// What the profile keeps of the background syncer's last start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartRecord {
    pub pid: u32,
    pub started_at: DateTime<Utc>,
    /// How long that start waited before its catch-up.
    pub wait_secs: u64,
    /// Starts in a row, this one included, each after one that didn't stop cleanly.
    #[serde(default)]
    pub restarts: u32,
    /// Whether it stopped cleanly (quit, signal, a newer version taking over).
    pub stopped_cleanly: bool,
}

/// How many starts in a row a start by process `pid` at `now` makes after `previous` (0: not
/// after a crash), and how long it waits before its catch-up.
pub fn catch_up_wait(
    previous: Option<&StartRecord>,
    pid: u32,
    now: DateTime<Utc>,
) -> (u32, Duration) {
    let Some(previous) = previous else {
        return (0, Duration::ZERO);
    };
    // The same process starting its schedule again (demo mode turned off) didn't crash.
    if previous.stopped_cleanly || previous.pid == pid {
        return (0, Duration::ZERO);
    }
    let waited = Duration::from_secs(previous.wait_secs);
    // A clock set back counts as no time at all: the cautious side.
    let lasted = (now - previous.started_at).to_std().unwrap_or_default();
    let restarts = if lasted >= waited + SETTLED_AFTER {
        1
    } else {
        previous.restarts.saturating_add(1)
    };
    let wait = match restarts {
        0 | 1 => Duration::ZERO,
        n => FIRST_BACKOFF
            .saturating_mul(1 << (n - 2).min(16))
            .min(MAX_BACKOFF),
    };
    (restarts, wait)
}

impl ConfigDir {
    pub fn start_record(&self) -> PathBuf {
        self.locks()
            .join(sync_vocabulary::profile_layout::BACKGROUND_START)
    }

    /// The last start written down; none when there is none or it can't be read (a record
    /// edited by hand only loses the pace, never the sync).
    pub fn last_start(&self) -> Option<StartRecord> {
        let text = std::fs::read(self.start_record()).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// Writes down this process's start at `now`; returns it (how long its catch-up waits).
    pub fn note_start(&self, now: DateTime<Utc>) -> StartRecord {
        let pid = std::process::id();
        let (restarts, wait) = catch_up_wait(self.last_start().as_ref(), pid, now);
        let record = StartRecord {
            pid,
            started_at: now,
            wait_secs: wait.as_secs(),
            restarts,
            stopped_cleanly: false,
        };
        self.write_start(&record);
        record
    }

    /// This process stops cleanly: the next start catches up at once. A record another
    /// process wrote since is left alone.
    pub fn note_clean_stop(&self) {
        if let Some(mut record) = self.last_start() {
            if record.pid == std::process::id() && !record.stopped_cleanly {
                record.stopped_cleanly = true;
                self.write_start(&record);
            }
        }
    }

    fn write_start(&self, record: &StartRecord) {
        let path = self.start_record();
        let written = self.ensure().map_err(|e| e.message).and_then(|()| {
            let bytes = serde_json::to_vec_pretty(record).map_err(|e| e.to_string())?;
            private_fs::create_dir_all(path.parent().expect("in locks/"))
                .and_then(|()| private_fs::write_atomic(&path, &bytes))
                .map_err(|e| e.to_string())
        });
        if let Err(e) = written {
            // Without the record the pace is lost, not a sync: say so and go on.
            tracing::warn!("could not write {}: {e}", path.display());
        }
    }
}

/// Writes down a clean stop when dropped. The schedule holds one: its future is dropped when
/// its task is aborted (the app quits, demo mode starts) or the daemon is stopped, while a
/// killed process drops nothing. Unwinding from a panic is no clean stop either.
pub(crate) struct CleanStopOnDrop(pub ConfigDir);

impl Drop for CleanStopOnDrop {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.0.note_clean_stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: u32 = 200;
    const OTHER: u32 = 100;

    fn at(minutes: i64) -> DateTime<Utc> {
        "2026-12-01T07:00:00Z".parse::<DateTime<Utc>>().unwrap()
            + chrono::Duration::minutes(minutes)
    }

    fn crashed(started: i64, wait_secs: u64, restarts: u32) -> StartRecord {
        StartRecord {
            pid: OTHER,
            started_at: at(started),
            wait_secs,
            restarts,
            stopped_cleanly: false,
        }
    }

    fn wait(previous: &StartRecord, now: i64) -> (u32, u64) {
        let (restarts, wait) = catch_up_wait(Some(previous), ME, at(now));
        (restarts, wait.as_secs())
    }

    #[test]
    fn a_first_start_or_one_after_a_clean_stop_catches_up_at_once() {
        assert_eq!(catch_up_wait(None, ME, at(0)), (0, Duration::ZERO));
        let clean = StartRecord {
            stopped_cleanly: true,
            ..crashed(-1, 600, 5)
        };
        assert_eq!(wait(&clean, 0), (0, 0));
        // This very process starting its schedule again.
        let mine = StartRecord {
            pid: ME,
            ..crashed(-1, 600, 5)
        };
        assert_eq!(wait(&mine, 0), (0, 0));
    }

    #[test]
    fn one_crash_costs_nothing_then_a_crash_loop_waits_one_minute_doubling_up_to_an_hour() {
        let mut previous: Option<StartRecord> = None;
        let mut now = 0;
        let mut waits = vec![];
        for _ in 0..11 {
            let (restarts, wait) = catch_up_wait(previous.as_ref(), ME, at(now));
            waits.push(wait.as_secs() / 60);
            // Dies right after its catch-up; started again a few seconds later.
            previous = Some(crashed(now, wait.as_secs(), restarts));
            now += (wait.as_secs() / 60) as i64 + 1;
        }
        assert_eq!(waits, [0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(previous.unwrap().restarts, 10);
    }

    #[test]
    fn an_hour_of_running_past_the_wait_ends_the_row() {
        // The second start in a row waits nothing, the third a minute.
        assert_eq!(wait(&crashed(-59, 0, 1), 0), (2, 60));
        assert_eq!(wait(&crashed(-60, 0, 1), 0), (1, 0));
        // A start that waited 8 minutes must last 68.
        assert_eq!(wait(&crashed(-67, 480, 5), 0), (6, 960));
        assert_eq!(wait(&crashed(-68, 480, 5), 0), (1, 0));
        // The clock set back: still in the row.
        assert_eq!(wait(&crashed(30, 60, 2), 0), (3, 120));
        // A record of an older version, without the count: a first crash.
        let old: StartRecord = serde_json::from_str(
            r#"{"pid":100,"started_at":"2026-12-01T06:59:00Z","wait_secs":0,"stopped_cleanly":false}"#,
        )
        .unwrap();
        assert_eq!(wait(&old, 0), (1, 0));
    }

    #[test]
    fn the_record_survives_the_process_and_a_clean_stop_resets_it() {
        let dir = tempfile::tempdir().unwrap();
        let profile = ConfigDir::new(dir.path().join("profile"));
        // A previous process that died, itself a restart after a crash.
        profile.write_start(&crashed(-1, 0, 1));
        let started = profile.note_start(at(0));
        assert_eq!((started.restarts, started.wait_secs), (2, 60));
        let record = profile.last_start().unwrap();
        assert_eq!(record, started);
        assert_eq!(record.pid, std::process::id());
        assert!(!record.stopped_cleanly);
        profile.note_clean_stop();
        assert!(profile.last_start().unwrap().stopped_cleanly);
        // Private, like everything in the profile.
        #[cfg(unix)]
        assert_eq!(
            private_fs::mode(&profile.start_record()).unwrap(),
            Some(0o600)
        );
    }

    #[test]
    fn a_record_edited_by_hand_only_loses_the_pace() {
        let dir = tempfile::tempdir().unwrap();
        let profile = ConfigDir::new(dir.path().join("profile"));
        profile.ensure().unwrap();
        private_fs::create_dir_all(profile.start_record().parent().unwrap()).unwrap();
        std::fs::write(profile.start_record(), b"{ not json").unwrap();
        assert_eq!(profile.note_start(at(0)).wait_secs, 0);
        assert_eq!(profile.last_start().unwrap().restarts, 0);
    }

    #[test]
    fn another_process_s_record_is_not_marked_clean() {
        let dir = tempfile::tempdir().unwrap();
        let profile = ConfigDir::new(dir.path().join("profile"));
        profile.write_start(&crashed(0, 0, 0));
        profile.note_clean_stop();
        assert!(!profile.last_start().unwrap().stopped_cleanly);
    }
}
