//! The background schedule after a start that didn't end cleanly: its catch-up waits (a host
//! in a crash loop mustn't sync on every start), and a schedule that stops cleanly lets the
//! next start catch up at once.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use http_policy::{Clock, ManualClock};
use secret_store::MemoryStore;
use sync_engine::config::ConfigDir;
use sync_engine::restarts::StartRecord;
use sync_engine::{Endpoints, Engine, EngineEnv, ErrorCode, FixedZone, SyncError, Trigger};

/// Runs the schedule until its first sync; returns when (by `clock`) and why it synced.
async fn first_sync(profile: &ConfigDir, clock: &ManualClock) -> (DateTime<Utc>, Trigger) {
    let engine = Engine::new(EngineEnv::new(
        profile.clone(),
        Arc::new(clock.clone()),
        Arc::new(FixedZone(chrono::FixedOffset::east_opt(0).unwrap())),
        Arc::new(MemoryStore::new()),
        Endpoints::default(),
    ));
    let syncs = Arc::new(Mutex::new(vec![]));
    let seen = syncs.clone();
    let sync = |trigger: Trigger| {
        seen.lock().unwrap().push((clock.now(), trigger));
        async {
            Err(SyncError::new(
                ErrorCode::Network,
                "not connected in this test",
            ))
        }
    };
    let until_one = syncs.clone();
    let no_wake_signal = tokio::sync::Notify::new();
    tokio::time::timeout(
        Duration::from_secs(10),
        engine.run_schedule(
            sync,
            move || until_one.lock().unwrap().is_empty(),
            &no_wake_signal,
        ),
    )
    .await
    .expect("the schedule synced, then stopped");
    let first = syncs.lock().unwrap()[0];
    first
}

fn start() -> DateTime<Utc> {
    // 03:00 UTC: before the morning window, so only the catch-up syncs.
    Utc.with_ymd_and_hms(2026, 12, 1, 3, 0, 0).unwrap()
}

fn write_record(profile: &ConfigDir, record: &StartRecord) {
    std::fs::create_dir_all(profile.start_record().parent().unwrap()).unwrap();
    std::fs::write(profile.start_record(), serde_json::to_vec(record).unwrap()).unwrap();
}

#[tokio::test]
async fn after_a_crash_the_catch_up_waits_a_minute_and_after_a_clean_stop_it_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let profile = ConfigDir::new(dir.path().join("profile"));
    // The host before this one started 5 minutes ago, itself after a crash, and was killed.
    write_record(
        &profile,
        &StartRecord {
            pid: std::process::id().wrapping_add(1),
            started_at: start() - chrono::Duration::minutes(5),
            wait_secs: 0,
            restarts: 1,
            stopped_cleanly: false,
        },
    );
    let clock = ManualClock::new(start());
    let (at, trigger) = first_sync(&profile, &clock).await;
    assert_eq!(trigger, Trigger::Startup);
    let waited = (at - start()).num_seconds();
    assert!((60..70).contains(&waited), "caught up after {waited} s");
    let record = profile.last_start().unwrap();
    assert_eq!((record.restarts, record.wait_secs), (2, 60));
    // The schedule stopped (its future ended): a clean stop, written down.
    assert!(record.stopped_cleanly);

    // So the next start catches up at once.
    let later = start() + chrono::Duration::minutes(10);
    let (at, trigger) = first_sync(&profile, &ManualClock::new(later)).await;
    assert_eq!((at, trigger), (later, Trigger::Startup));
    let record = profile.last_start().unwrap();
    assert_eq!((record.restarts, record.wait_secs), (0, 0));
}
