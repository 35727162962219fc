//! The OS's wake signal (logind's `PrepareForSleep(false)`) only nudges the schedule: the wake
//! is caught up at once and once, although the clock jump announces it too; a signal without
//! a wake does nothing; and without any signal the clock finds the wake within a tick.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use http_policy::VirtualClock;
use secret_store::MemoryStore;
use sync_engine::config::ConfigDir;
use sync_engine::{
    Endpoints, Engine, EngineEnv, ErrorCode, FixedZone, SyncError, Trigger, WAKE_SPREAD,
};
use tokio::sync::Notify;

type Syncs = Arc<Mutex<Vec<(DateTime<Utc>, Trigger)>>>;

#[tokio::test(start_paused = true)]
async fn a_signalled_wake_is_caught_up_at_once_and_once() {
    let dir = tempfile::tempdir().unwrap();
    // 03:00 UTC, before the morning window: only catch-ups sync.
    let start = Utc.with_ymd_and_hms(2026, 12, 1, 3, 0, 0).unwrap();
    let clock = VirtualClock::new(start);
    let engine = Engine::new(EngineEnv::new(
        ConfigDir::new(dir.path().join("profile")),
        Arc::new(clock.clone()),
        Arc::new(FixedZone(chrono::FixedOffset::east_opt(0).unwrap())),
        Arc::new(MemoryStore::new()),
        Endpoints::default(),
    ));
    let syncs: Syncs = Arc::default();
    let woken = Arc::new(Notify::new());
    let schedule = {
        let (syncs, woken, clock) = (syncs.clone(), woken.clone(), clock.clone());
        tokio::spawn(async move {
            let sync = |trigger: Trigger| {
                syncs.lock().unwrap().push((clock.world(), trigger));
                async { Err(SyncError::new(ErrorCode::Network, "offline in this test")) }
            };
            engine.run_schedule(sync, || true, &woken).await;
        })
    };
    let seen = || syncs.lock().unwrap().clone();
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(seen(), vec![(start, Trigger::Startup)]);

    // The laptop sleeps an hour, mid-tick; the OS says so as it wakes.
    clock.suspend(Duration::from_secs(3600));
    let woke = clock.world();
    woken.notify_one();
    // At once, but for the random spread that keeps two computers woken together apart.
    tokio::time::sleep(WAKE_SPREAD + Duration::from_millis(10)).await;
    let (at, trigger) = *seen().last().unwrap();
    assert_eq!(trigger, Trigger::Wake);
    let spread = chrono::Duration::from_std(WAKE_SPREAD).unwrap();
    assert!(at >= woke && at <= woke + spread, "{at} after {woke}");
    // The clock jump is the same wake: the ticks after it don't catch it up again.
    tokio::time::sleep(Duration::from_secs(300)).await;
    assert_eq!(seen().len(), 2, "{:?}", seen());

    // A signal with no wake behind it (the clock didn't jump) does nothing.
    woken.notify_one();
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(seen().len(), 2, "{:?}", seen());

    // No signal (macOS): the clock jump is found at the next tick.
    clock.suspend(Duration::from_secs(1800));
    let woke = clock.world();
    tokio::time::sleep(Duration::from_secs(61) + WAKE_SPREAD).await;
    let (at, trigger) = *seen().last().unwrap();
    assert_eq!(trigger, Trigger::Wake);
    assert!(
        at > woke && at <= woke + chrono::Duration::seconds(60) + spread,
        "{at} after {woke}"
    );
    assert_eq!(seen().len(), 3, "{:?}", seen());
    schedule.abort();
}
