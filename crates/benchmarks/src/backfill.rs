//! Backfills 365 days into the Notion simulator at Notion's real limits (3 requests/s average,
//! 429 with Retry-After beyond) and compares with the floor:
//! - requests: ⌈records/25⌉ per WHOOP collection + ⌈days/100⌉ queries + one write per changed
//!   day; goal ≤ 1.05 × that;
//! - wall time: writes ÷ 3 per second; goal ≤ 1.1 × that;
//! - a steady-state daily sync afterwards: goal ≤ 4 requests and no write.

use std::sync::Arc;
use std::time::Instant;

use api_simulators::whoop::ScoreState;
use chrono::{Duration, NaiveDate, Offset, Utc};
use demo_mode::DemoWorld;
use http_policy::SystemClock;
use secret_store::MemoryStore;
use sync_engine::config::ConfigDir;
use sync_engine::nights::DayRange;
use sync_engine::{FixedZone, SyncRequest, Trigger};

const DAYS: i64 = 365;

#[tokio::main]
async fn main() {
    let offset = chrono::FixedOffset::west_opt(5 * 3600).unwrap();
    let now = Utc::now();
    let today = now.with_timezone(&offset).date_naive();
    let world = DemoWorld::start_as_of(now, offset.local_minus_utc() / 60, DAYS as u32)
        .await
        .expect("simulators start");
    let dir = std::env::temp_dir().join(format!("whoop-notion-bench-{}", std::process::id()));
    let engine = world.engine(
        ConfigDir::new(&dir),
        Arc::new(MemoryStore::new()),
        Arc::new(SystemClock),
        Arc::new(FixedZone(offset.fix())),
    );
    world.connect(&engine).await.expect("connect");
    // Let the simulator's bucket refill after connecting, as it would overnight.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    world.notion.reset_stats();
    world.whoop.reset_stats();

    let range = DayRange::new(today - Duration::days(DAYS - 1), today).unwrap();
    let started = Instant::now();
    let report = engine
        .sync(
            SyncRequest {
                range: Some(range),
                dry_run: false,
                trigger: Trigger::Backfill,
            },
            &|_| {},
        )
        .await
        .expect("backfill");
    let wall = started.elapsed().as_secs_f64();

    let data = world.whoop.dataset();
    let in_range = |d: NaiveDate| d >= range.first && d <= range.last;
    let nights: Vec<_> = data.truth.iter().filter(|t| in_range(t.day)).collect();
    let recoveries = nights
        .iter()
        .filter(|t| data.recovery_for_sleep(&t.sleep_id).is_some())
        .count();
    // Sleeps include naps on those days; cycles are one per night.
    let sleeps = data
        .sleeps
        .iter()
        .filter(|s| {
            s.start >= range.first.and_hms_opt(0, 0, 0).unwrap().and_utc() - Duration::hours(14)
        })
        .count();
    let cycles = nights.len();
    let writes = report.created + report.updated;
    let expected_writes = nights
        .iter()
        .filter(|t| t.state == ScoreState::Scored)
        .count();
    let pages = |n: usize| n.div_ceil(25) as u64;
    let minimum = pages(recoveries)
        + pages(sleeps)
        + pages(cycles)
        + (DAYS as u64).div_ceil(100)
        + writes as u64;
    let made = report.requests.whoop + report.requests.notion;
    let bound = writes as f64 / 3.0;
    let stats = world.notion.stats();

    println!("Backfill of {DAYS} days into an empty database (Notion simulator at 3 requests/s, burst 5)");
    println!(
        "  nights: {} ({} scored, {} pages written: {} created, {} updated)",
        nights.len(),
        expected_writes,
        writes,
        report.created,
        report.updated
    );
    println!("  records: {recoveries} recoveries, {sleeps} sleeps (with naps), {cycles} cycles");
    println!("  requests: {made} made (WHOOP {}, Notion {}) vs minimum {minimum} → {:.3}× (goal ≤ 1.05×)", report.requests.whoop, report.requests.notion, made as f64 / minimum as f64);
    println!("  429s served by the simulator: {}", stats.rate_limited);
    println!(
        "  wall time: {wall:.1} s vs bound {bound:.1} s (writes ÷ 3/s) → {:.3}× (goal ≤ 1.1×)",
        wall / bound
    );

    world.notion.reset_stats();
    world.whoop.reset_stats();
    let daily = engine
        .sync(
            SyncRequest {
                range: DayRange::new(today, today),
                dry_run: false,
                trigger: Trigger::Schedule,
            },
            &|_| {},
        )
        .await
        .expect("daily sync");
    let after = world.notion.stats();
    println!(
        "Steady-state daily sync: {} requests (WHOOP {}, Notion {}), {} writes (goal ≤ 4 requests, 0 writes)",
        daily.requests.whoop + daily.requests.notion,
        daily.requests.whoop,
        daily.requests.notion,
        after.creates_applied + after.updates_applied
    );

    world.notion.reset_stats();
    let started = Instant::now();
    let again = engine
        .sync(
            SyncRequest {
                range: Some(range),
                dry_run: false,
                trigger: Trigger::Manual,
            },
            &|_| {},
        )
        .await
        .expect("re-sync");
    println!(
        "Re-sync of all {DAYS} days, nothing changed: {} requests (WHOOP {}, Notion {}), {} writes, {:.1} s",
        again.requests.whoop + again.requests.notion,
        again.requests.whoop,
        again.requests.notion,
        world.notion.stats().creates_applied + world.notion.stats().updates_applied,
        started.elapsed().as_secs_f64()
    );
    world.stop();
    let _ = std::fs::remove_dir_all(&dir);
}
