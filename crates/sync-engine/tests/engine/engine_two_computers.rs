//! Two computers on one WHOOP account and one Notion database, each with its own profile,
//! WHOOP sign-in and Notion connection. Notion has no unique keys, so when both check a day in
//! the same seconds both create its page; the app converges afterwards to one page per day,
//! whichever computer wrote first, and never trashes a page the user made or touched.

use std::collections::BTreeMap;
use std::time::Duration as StdDuration;

use crate::support;

use api_simulators::notion::{FaultKind, NotionFault, Route};
use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};
use support::*;
use sync_engine::nights::DayRange;
use sync_engine::{Engine, SyncRequest, Trigger};

fn world_options() -> Options {
    Options {
        notion_on_world_clock: true,
        ..Options::default()
    }
}

async fn sync(engine: &Engine, first: NaiveDate, last: NaiveDate, trigger: Trigger) {
    let request = SyncRequest {
        range: DayRange::new(first, last),
        dry_run: false,
        trigger,
    };
    engine.sync(request, &|_| {}).await.unwrap();
}

/// Pages per day in the database (not trashed).
fn pages_per_day(world: &World) -> BTreeMap<String, Vec<Value>> {
    let mut by_day: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for page in world.pages() {
        if let Some(day) = page["properties"]["Date"]["date"]["start"].as_str() {
            by_day.entry(day.to_string()).or_default().push(page);
        }
    }
    by_day
}

fn days_with_two_or_more(world: &World) -> usize {
    pages_per_day(world)
        .values()
        .filter(|p| p.len() > 1)
        .count()
}

/// Neither sees the other's pages while it creates its own (Notion's index lags far behind),
/// as two computers that check in the same second: both back-fill three weeks.
async fn race_backfills(world: &World, other: &Engine, first: NaiveDate) {
    world.notion.set_query_lag(StdDuration::from_secs(3600));
    sync(&world.engine, first, today(), Trigger::Backfill).await;
    sync(other, first, today(), Trigger::Backfill).await;
    world.clock.advance(StdDuration::from_secs(3600));
    world.notion.set_query_lag(StdDuration::from_secs(2));
}

#[tokio::test]
async fn racing_backfills_end_with_one_page_per_day_after_later_syncs() {
    let world = World::new(world_options()).await;
    world.connect().await;
    let laptop = world.second_computer("ntn_laptop").await;
    let first = today() - Duration::days(20);
    race_backfills(&world, &laptop.engine, first).await;
    let scored = world.scored_truth(first, today()).len();
    assert!(scored >= 15, "{scored}");
    assert_eq!(
        days_with_two_or_more(&world),
        scored,
        "the race made two pages for every scored day"
    );

    // Later syncs, one computer after the other, as on any later morning.
    sync(&world.engine, first, today(), Trigger::Manual).await;
    sync(&laptop.engine, first, today(), Trigger::Manual).await;
    assert_eq!(
        days_with_two_or_more(&world),
        0,
        "{:?}",
        pages_per_day(&world).keys()
    );
    let by_day = pages_per_day(&world);
    assert_eq!(by_day.len(), scored);
    // The values are WHOOP's, on every kept page.
    for truth in world.scored_truth(first, today()) {
        let page = &by_day[&truth.day.to_string()][0];
        assert_eq!(
            number(page, "Recovery"),
            Some(truth.recovery_score.unwrap().round() / 100.0),
            "{}",
            truth.day
        );
    }
    // Nothing more to do: a further run on each writes and trashes nothing.
    world.notion.reset_stats();
    sync(&world.engine, first, today(), Trigger::Manual).await;
    sync(&laptop.engine, first, today(), Trigger::Manual).await;
    let stats = world.notion.stats();
    assert_eq!((stats.creates_applied, stats.updates_applied), (0, 0));
}

/// Real time here: both computers run side by side, and what matters is which request reaches
/// Notion first and how long its index takes.
fn on_real_time(env: &mut sync_engine::EngineEnv) {
    env.clock = std::sync::Arc::new(http_policy::SystemClock);
    env.limits.query_settle = StdDuration::from_secs(1);
    // Not Notion's pace: its limit only spreads the two computers' requests apart.
    env.limits.notion_per_second = 1000.0;
    env.limits.notion_burst = 1000;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn six_racing_mornings_converge_the_same_morning() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let desktop = world.another_engine_with(on_real_time);
    let laptop = world.second_computer_with("ntn_laptop", on_real_time).await;
    // Notion shows a new page in queries 300 ms after it is made.
    world.notion.set_query_lag(StdDuration::from_millis(300));
    let mut raced = 0;
    let mut mornings: Vec<NaiveDate> = world
        .scored_truth(today() - Duration::days(20), today())
        .iter()
        .map(|t| t.day)
        .collect();
    mornings = mornings.split_off(mornings.len() - 6);
    for day in mornings {
        // Each create is held a moment, so both computers look before either page exists.
        world.notion.clear_faults();
        world.notion.inject_fault(NotionFault::new(
            Route::CreatePage,
            FaultKind::Delay { ms: 300 },
            2,
        ));
        let creates = world.notion.stats().creates_applied;
        tokio::join!(
            sync(&desktop, day, day, Trigger::Wake),
            sync(&laptop.engine, day, day, Trigger::Wake),
        );
        if world.notion.stats().creates_applied - creates == 2 {
            raced += 1;
        }
        // Converged the same morning, whichever computer created first.
        let pages = &pages_per_day(&world)[&day.to_string()];
        assert_eq!(pages.len(), 1, "{day}: {pages:#?}");
    }
    assert!(
        raced >= 3,
        "both computers created the page on {raced} of 6 mornings"
    );
}

#[tokio::test]
async fn the_users_own_pages_and_pages_with_user_content_are_left_alone() {
    let world = World::new(world_options()).await;
    world.connect().await;
    let laptop = world.second_computer("ntn_laptop").await;
    let first = today() - Duration::days(6);
    // The user typed a page for the first day before the app ever ran.
    let typed = world.insert_user_row(first);
    race_backfills(&world, &laptop.engine, first).await;

    // On a raced day, the user writes notes on one page and something in the other's body.
    let day = first + Duration::days(2);
    let raced = &pages_per_day(&world)[&day.to_string()];
    assert_eq!(raced.len(), 2);
    let (one, two) = (id(&raced[0]), id(&raced[1]));
    world.notion.edit_page_as_user(
        &one,
        json!({"Notes": {"rich_text": [{"text": {"content": "slept badly"}}]}}),
    );
    world.notion.add_paragraph_as_user(&two, "Late dinner");

    sync(&world.engine, first, today(), Trigger::Manual).await;
    sync(&laptop.engine, first, today(), Trigger::Manual).await;
    let by_day = pages_per_day(&world);
    // The user's page stays, whatever the app made beside it.
    assert!(by_day[&first.to_string()].iter().any(|p| id(p) == typed));
    assert!(world
        .notion
        .page_authors(&typed)
        .is_some_and(|(_, _, trashed)| !trashed));
    // Both pages the user touched stay.
    for page in [&one, &two] {
        let (_, _, trashed) = world.notion.page_authors(page).unwrap();
        assert!(!trashed, "{page} was trashed");
    }
    // Every other day converged.
    for (d, pages) in &by_day {
        if *d != first.to_string() && *d != day.to_string() {
            assert_eq!(pages.len(), 1, "{d}");
        }
    }
}

fn id(page: &Value) -> String {
    page["id"].as_str().unwrap().to_string()
}

impl World {
    /// A row the user typed in Notion for `day` (Date and Recovery only).
    fn insert_user_row(&self, day: NaiveDate) -> String {
        self.notion.insert_page(
            self.data_source_id(),
            json!({
                "Date": {"date": {"start": day.to_string()}},
                "Recovery": {"number": 0.5},
            }),
        )
    }
}
