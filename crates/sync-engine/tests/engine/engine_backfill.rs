//! All of someone's history: where it begins (a binary search, a dozen small requests), a long
//! range written in chunks newest first with an honest progress count, a morning sync that gets
//! its turn between chunks instead of waiting for the end, and a run cut off midway that the
//! next run finishes with no duplicate.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Duration as Days;
use sync_engine::nights::{DayRange, WhoopWindow};
use sync_engine::report::Progress;
use sync_engine::{SyncRequest, Trigger};

use crate::support::*;

fn world_of(days: u32) -> Options {
    Options {
        days,
        ..Options::default()
    }
}

/// Every scored day has exactly one page.
fn one_page_per_scored_day(world: &World, first: chrono::NaiveDate) {
    let scored = world.scored_truth(first, today());
    let pages = world.pages();
    let mut days: Vec<String> = pages
        .iter()
        .map(|p| {
            p["properties"]["Date"]["date"]["start"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    days.sort();
    let before = days.len();
    days.dedup();
    assert_eq!(before, days.len(), "a day has two pages");
    assert_eq!(days.len(), scored.len());
}

#[tokio::test]
async fn the_first_day_is_found_in_a_dozen_requests() {
    let world = World::new(world_of(400)).await;
    world.connect().await;
    world.whoop.reset_stats();
    let first = world.engine.first_whoop_day().await.unwrap().unwrap();
    let oldest = world.truth().iter().map(|t| t.day).min().unwrap();
    // The search stops within a day of the first cycle's start (the evening before at most).
    assert!(
        first <= oldest && oldest - first <= Days::days(2),
        "found {first}, the oldest night is {oldest}"
    );
    let requests = world.whoop.stats().requests_total;
    assert!(requests <= 16, "{requests} requests to find the first day");
}

#[tokio::test]
async fn no_records_yet_means_no_first_day() {
    let world = World::new(world_of(0)).await;
    world.connect().await;
    assert_eq!(world.engine.first_whoop_day().await.unwrap(), None);
}

#[tokio::test]
async fn a_long_range_is_written_in_chunks_with_honest_progress() {
    let world = World::new(world_of(400)).await;
    world.connect().await;
    let first = world.engine.first_whoop_day().await.unwrap().unwrap();
    let ticks: Arc<Mutex<Vec<(usize, usize, bool)>>> = Arc::default();
    let seen = ticks.clone();
    let progress = move |p: Progress| {
        if let Progress::Writing { done, total, exact } = p {
            seen.lock().unwrap().push((done, total, exact));
        }
    };
    let request = SyncRequest {
        range: DayRange::new(first, today()),
        dry_run: false,
        trigger: Trigger::Backfill,
    };
    world.notion.reset_stats();
    let report = world.engine.sync(request, &progress).await.unwrap();
    one_page_per_scored_day(&world, first);
    assert_eq!(report.created, world.scored_truth(first, today()).len());
    // Oldest first in the report, as in the history, though written newest first.
    assert!(report.days.windows(2).all(|w| w[0].day < w[1].day));

    let ticks = ticks.lock().unwrap().clone();
    let (done, total, exact) = *ticks.last().unwrap();
    assert_eq!((done, total, exact), (report.created, report.created, true));
    for pair in ticks.windows(2) {
        assert!(pair[1].0 >= pair[0].0, "done never goes back: {pair:?}");
    }
    // An estimate never claims to be exact, and the total is known (exact) before the end.
    assert!(
        ticks.iter().any(|t| !t.2),
        "the first chunks' totals are estimates"
    );
    let exact_from = ticks.iter().position(|t| t.2).unwrap();
    assert!(ticks[exact_from..].iter().all(|t| t.1 == report.created));

    // Notion: one write per page, one query per 90-day chunk (a page of 100 each), the
    // schema read before the first write, and (an unattended run) one more look at the days
    // it created, for another computer's pages of the same days (100 a page); nothing else.
    let notion = world.notion.stats();
    let chunks = DayRange::new(first, today())
        .unwrap()
        .chunks_newest_first(90)
        .len() as u64;
    assert_eq!(
        notion.requests_total,
        report.created as u64 + chunks + 1 + (report.created as u64).div_ceil(100),
        "{:?}",
        notion.by_route
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_morning_sync_gets_its_turn_between_chunks() {
    let world = World::new(world_of(400)).await;
    world.connect().await;
    let first = today() - Days::days(399);
    let backfill_engine = world.another_engine();
    let started = std::time::Instant::now();
    let backfill = tokio::spawn(async move {
        let request = SyncRequest {
            range: DayRange::new(first, today()),
            dry_run: false,
            trigger: Trigger::Backfill,
        };
        backfill_engine
            .sync(request, &|_| {})
            .await
            .map(|_| started.elapsed())
    });
    // The backfill is writing.
    while world.pages().len() < 20 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let morning = world.another_engine();
    let report = world
        .sync_with(&morning, today() - Days::days(1), today(), false)
        .await
        .unwrap();
    let morning_done = started.elapsed();
    let written_by_then = world.pages().len();
    let backfill_done = backfill.await.unwrap().unwrap();
    // It ran between two chunks: the backfill had older chunks still to write.
    let all = world.scored_truth(first, today()).len();
    assert!(
        written_by_then + 90 <= all,
        "the morning sync ended after {written_by_then} of {all} pages ({morning_done:?}; \
         the backfill ended at {backfill_done:?})"
    );
    // The two runs never wrote the same day twice.
    one_page_per_scored_day(&world, first);
    assert_eq!(report.created, 0, "the backfill had written today first");
}

#[tokio::test]
async fn a_run_cut_off_midway_is_finished_by_the_next_with_no_duplicates() {
    let world = World::new(world_of(300)).await;
    world.connect().await;
    let first = today() - Days::days(299);
    let cut = world.another_engine();
    let range = DayRange::new(first, today());
    let cutting = async {
        let request = SyncRequest {
            range,
            dry_run: false,
            trigger: Trigger::Backfill,
        };
        cut.sync(request, &|_| {}).await
    };
    // Cut off (as by a kill) once about a third is written.
    tokio::select! {
        _ = cutting => panic!("the run finished before it was cut off"),
        _ = async {
            while world.pages().len() < 90 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        } => {}
    }
    drop(cut);
    let written = world.pages().len();
    assert!((90..250).contains(&written), "{written}");

    let report = world.sync(first, today()).await.unwrap();
    one_page_per_scored_day(&world, first);
    assert_eq!(
        report.created + report.unchanged,
        world.scored_truth(first, today()).len()
    );
    assert!(report.unchanged >= written - 1, "what was written stays");
    // The history shows the cut-off run as interrupted, and the one that finished.
    let runs = world.engine.history(5).unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].ok, Some(true));
    assert_eq!(runs[1].ok, None);
}

#[tokio::test]
async fn a_long_range_reads_each_whoop_record_once_whatever_the_chunks() {
    let world = World::new(world_of(700)).await;
    world.connect().await;
    let range = DayRange::new(today() - Days::days(699), today()).unwrap();
    let chunks = range.chunks_newest_first(sync_engine::CHUNK_DAYS);
    assert!(chunks.len() >= 7, "{} chunks", chunks.len());
    world.whoop.reset_stats();
    let report = world.sync(range.first, range.last).await.unwrap();
    assert_eq!(
        report.created,
        world.scored_truth(range.first, range.last).len()
    );

    // Each collection paged once over the run's window: ⌈records/25⌉ requests, not a
    // part-filled page per chunk plus the day and a half chunk windows share.
    let data = world.whoop.dataset();
    let window = range.whoop_window(at(&world.clock));
    let inside = |t: chrono::DateTime<chrono::Utc>| t >= window.start && t < window.end;
    let sleeps = data.sleeps.iter().filter(|s| inside(s.start)).count();
    let recoveries = data
        .recoveries
        .iter()
        .filter(|r| data.sleep(&r.sleep_id).is_some_and(|s| inside(s.start)))
        .count();
    let cycles = data.cycles.iter().filter(|c| inside(c.start)).count();
    let stats = world.whoop.stats();
    let requests = |suffix: &str| -> u64 {
        stats
            .requests_by_path
            .iter()
            .filter(|(path, _)| path.ends_with(suffix))
            .map(|(_, n)| n)
            .sum()
    };
    let pages = |n: usize| n.div_ceil(25) as u64;
    assert_eq!(requests("/v2/recovery"), pages(recoveries));
    assert_eq!(requests("/v2/activity/sleep"), pages(sleeps));
    assert_eq!(requests("/v2/cycle"), pages(cycles));

    // Around every chunk border, a run of those few days alone (its own WHOOP query) finds
    // nothing to change: the days at the borders got their whole night.
    for chunk in &chunks[..chunks.len() - 1] {
        let (first, last) = (chunk.first - Days::days(2), chunk.first + Days::days(1));
        // A minute later, as far as WHOOP's allowance goes (this clock stands still).
        world.whoop.reset_rate_limit();
        let again = world.sync(first, last).await.unwrap();
        assert_eq!(
            (again.created, again.updated, again.unchanged),
            (0, 0, world.scored_truth(first, last).len()),
            "{first}..{last}"
        );
    }
}
