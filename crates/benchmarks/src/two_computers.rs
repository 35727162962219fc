//! Two computers on one WHOOP account and one Notion database, each with its own profile,
//! sign-in and Notion connection, at Notion's real limits and real time. It measures:
//! - what converging costs one computer: the Notion requests of a morning that creates the
//!   day's page, unattended (it reads the day again once Notion's query can show another
//!   computer's page) against the same morning from "Sync now" (it doesn't); and of a morning
//!   whose page is already right (goal: one more request per created page, none per
//!   unchanged day);
//! - racing mornings: both computers wake and check the same day at once, each create held
//!   long enough that both look before either page exists, with Notion's query lagging new
//!   pages by 0–3 s; the duplicates left (goal: 0) and the requests it took.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use api_simulators::notion::{FaultKind, NotionFault, Route};
use api_simulators::whoop::ScoreState;
use chrono::{NaiveDate, Offset, Utc};
use demo_mode::DemoWorld;
use http_policy::SystemClock;
use rand::{Rng, SeedableRng};
use secret_store::MemoryStore;
use sync_engine::config::ConfigDir;
use sync_engine::nights::DayRange;
use sync_engine::{Engine, EngineEnv, FixedZone, SyncRequest, Trigger};

/// Mornings each computer has alone, per kind, for the per-morning cost.
const ALONE: usize = 5;
/// Mornings both computers race on.
const RACES: usize = 20;
/// Notion's query shows a new page after at most this long.
const MAX_QUERY_LAG_MS: u64 = 3000;

struct Computer {
    engine: Engine,
    /// A new folder made for this run; dropping it removes that folder and nothing else.
    _profile: tempfile::TempDir,
}

#[tokio::main]
async fn main() {
    let offset = chrono::FixedOffset::west_opt(5 * 3600).unwrap();
    let days = (2 * ALONE + RACES + 10) as u32;
    let world = DemoWorld::start_as_of(Utc::now(), offset.local_minus_utc() / 60, days)
        .await
        .expect("simulators start");
    let desktop = computer(&world, "desktop", offset).await;
    let laptop = computer(&world, "laptop", offset).await;
    world
        .connect_as(&desktop.engine, demo_mode::DEMO_NOTION_TOKEN)
        .await
        .expect("connect the desktop");
    world
        .connect_as(&laptop.engine, "ntn_laptop_connection")
        .await
        .expect("connect the laptop");

    let data = world.whoop.dataset();
    let mut scored: Vec<NaiveDate> = data
        .truth
        .iter()
        .filter(|t| t.state == ScoreState::Scored)
        .map(|t| t.day)
        .collect();
    scored.sort();
    scored.dedup();
    let needed = 2 * ALONE + RACES;
    assert!(scored.len() >= needed, "{} scored days", scored.len());
    let mornings = scored.split_off(scored.len() - needed);
    let (alone, races) = mornings.split_at(2 * ALONE);

    println!("Two computers, one Notion database (Notion simulator at 3 requests/s per connection, burst 5; real time)");
    one_computer_mornings(&desktop.engine, alone).await;
    racing_mornings(&world, &desktop.engine, &laptop.engine, races).await;

    world.stop();
}

async fn computer(world: &DemoWorld, name: &str, offset: chrono::FixedOffset) -> Computer {
    let profile = tempfile::Builder::new()
        .prefix(&format!("whoop-notion-bench-{name}-"))
        .tempdir()
        .expect("a temporary folder");
    let env = EngineEnv::new(
        ConfigDir::new(profile.path()),
        Arc::new(SystemClock),
        Arc::new(FixedZone(offset.fix())),
        Arc::new(MemoryStore::new()),
        world.endpoints(),
    );
    Computer {
        engine: Engine::new(env),
        _profile: profile,
    }
}

async fn sync_day(
    engine: &Engine,
    day: NaiveDate,
    trigger: Trigger,
) -> sync_engine::report::SyncReport {
    engine
        .sync(
            SyncRequest {
                range: DayRange::new(day, day),
                dry_run: false,
                trigger,
            },
            &|_| {},
        )
        .await
        .expect("sync")
}

/// Mean Notion requests of one morning, and how many pages it created.
fn mean(reports: &[sync_engine::report::SyncReport]) -> (f64, usize) {
    let requests: u64 = reports.iter().map(|r| r.requests.notion).sum();
    let created = reports.iter().map(|r| r.created).sum();
    (requests as f64 / reports.len() as f64, created)
}

async fn one_computer_mornings(engine: &Engine, days: &[NaiveDate]) {
    let (by_hand, unattended) = days.split_at(ALONE);
    let mut created_by_hand = Vec::new();
    let mut created_unattended = Vec::new();
    for day in by_hand {
        created_by_hand.push(sync_day(engine, *day, Trigger::Manual).await);
    }
    for day in unattended {
        created_unattended.push(sync_day(engine, *day, Trigger::Wake).await);
    }
    let mut unchanged_by_hand = Vec::new();
    let mut unchanged_unattended = Vec::new();
    for day in days {
        unchanged_by_hand.push(sync_day(engine, *day, Trigger::Manual).await);
        unchanged_unattended.push(sync_day(engine, *day, Trigger::Wake).await);
    }
    let (hand, hand_created) = mean(&created_by_hand);
    let (wake, wake_created) = mean(&created_unattended);
    let (same_hand, same_hand_created) = mean(&unchanged_by_hand);
    let (same_wake, same_wake_created) = mean(&unchanged_unattended);
    assert_eq!((hand_created, wake_created), (ALONE, ALONE));
    assert_eq!((same_hand_created, same_wake_created), (0, 0));
    println!(
        "One computer, {} mornings of each kind (Notion requests per morning):",
        ALONE
    );
    println!("  the day's page created: {wake:.2} unattended vs {hand:.2} from Sync now → {:+.2} per created page (goal ≤ +1)", wake - hand);
    println!("  the day's page already right: {same_wake:.2} unattended vs {same_hand:.2} from Sync now → {:+.2} (goal 0)", same_wake - same_hand);
}

async fn racing_mornings(world: &DemoWorld, desktop: &Engine, laptop: &Engine, days: &[NaiveDate]) {
    // Fixed seed: the same lags on every run.
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261207);
    let mut raced = 0;
    let mut duplicates_after_morning = 0;
    let mut requests = Vec::new();
    world.notion.reset_stats();
    let started = Instant::now();
    for day in days {
        let lag = rng.gen_range(0..=MAX_QUERY_LAG_MS);
        world.notion.set_query_lag(StdDuration::from_millis(lag));
        world.notion.clear_faults();
        // Each create is held, so both computers query before either page exists.
        world.notion.inject_fault(NotionFault::new(
            Route::CreatePage,
            FaultKind::Delay { ms: 500 },
            2,
        ));
        let (a, b) = tokio::join!(
            sync_day(desktop, *day, Trigger::Wake),
            sync_day(laptop, *day, Trigger::Wake),
        );
        if a.created + b.created == 2 {
            raced += 1;
        }
        requests.push(a.requests.notion + b.requests.notion);
        if pages_per_day(world).get(day).copied().unwrap_or(0) != 1 {
            duplicates_after_morning += 1;
        }
    }
    let wall = started.elapsed().as_secs_f64();
    let by_day = pages_per_day(world);
    let left = by_day.values().filter(|n| **n > 1).count();
    let kept = days.iter().filter(|d| by_day.contains_key(d)).count() as u64;
    let stats = world.notion.stats();
    let trashed = stats.creates_applied - kept;
    let per_morning = requests.iter().sum::<u64>() as f64 / requests.len() as f64;
    println!(
        "{} racing mornings (query lag 0–{:.0} s, both computers checking at once):",
        days.len(),
        MAX_QUERY_LAG_MS as f64 / 1000.0
    );
    println!(
        "  both created the day's page on {raced} of {} mornings; {trashed} extra pages moved to the trash",
        days.len()
    );
    println!(
        "  days with more than one page: {duplicates_after_morning} after their morning, {left} in the whole database at the end (goal 0)"
    );
    println!(
        "  Notion requests per morning, both computers together: {per_morning:.2} (max {}); {wall:.0} s in all",
        requests.iter().max().copied().unwrap_or(0)
    );
    let routes: Vec<String> = stats
        .by_route
        .iter()
        .map(|(route, n)| format!("{route} {:.2}", *n as f64 / days.len() as f64))
        .collect();
    println!("  by request, per morning: {}", routes.join(", "));
    println!("  429s served: {}", stats.rate_limited);
}

/// Pages per day in the database (not trashed).
fn pages_per_day(world: &DemoWorld) -> BTreeMap<NaiveDate, usize> {
    let mut by_day = BTreeMap::new();
    for page in world.notion.pages(&world.data_source_id) {
        let day = page["properties"]["Date"]["date"]["start"]
            .as_str()
            .and_then(|d| d.parse().ok());
        if let Some(day) = day {
            *by_day.entry(day).or_insert(0) += 1;
        }
    }
    by_day
}
