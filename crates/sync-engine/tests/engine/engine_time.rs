//! The engine's time for its callers (the app's tray and pauses): the injected clock and zone,
//! and local wall times turned into instants with the offset in force then.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use http_policy::ManualClock;
use secret_store::MemoryStore;
use sync_engine::config::ConfigDir;
use sync_engine::{Endpoints, Engine, EngineEnv, LocalZone};

/// Berlin-like: +01:00, then +02:00 from 2026-03-29 01:00 UTC.
struct SpringForward;

impl LocalZone for SpringForward {
    fn offset_at(&self, utc: DateTime<Utc>) -> FixedOffset {
        let switch = Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap();
        FixedOffset::east_opt(if utc < switch { 3600 } else { 7200 }).unwrap()
    }
}

#[test]
fn local_times_use_the_offset_in_force_then() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 28, 21, 30, 0).unwrap(); // 22:30 local, +01:00
    let clock = ManualClock::new(now);
    let engine = Engine::new(EngineEnv::new(
        ConfigDir::new(dir.path()),
        Arc::new(clock.clone()),
        Arc::new(SpringForward),
        Arc::new(MemoryStore::new()),
        Endpoints::default(),
    ));
    assert_eq!(engine.now(), now);
    assert_eq!(engine.local_offset().local_minus_utc(), 3600);
    assert_eq!(
        engine.today(),
        NaiveDate::from_ymd_opt(2026, 3, 28).unwrap()
    );
    // Tomorrow 05:00 is after the switch: 03:00 UTC, not 04:00.
    let tomorrow_five = NaiveDate::from_ymd_opt(2026, 3, 29)
        .unwrap()
        .and_hms_opt(5, 0, 0)
        .unwrap();
    assert_eq!(
        engine.local_to_utc(tomorrow_five),
        Utc.with_ymd_and_hms(2026, 3, 29, 3, 0, 0).unwrap()
    );
    // The engine follows its clock, not the machine's.
    clock.advance(std::time::Duration::from_secs(4 * 3600)); // 01:30 UTC, 03:30 local
    assert_eq!(
        engine.today(),
        NaiveDate::from_ymd_opt(2026, 3, 29).unwrap()
    );
    assert_eq!(engine.local_offset().local_minus_utc(), 7200);
}
