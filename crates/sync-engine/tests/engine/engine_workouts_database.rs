//! Workouts as their own pages: a Workouts database created beside the daily one (or picked
//! and linked by the user's leave), one page per WHOOP workout found again by its id, linked
//! to its day's page; re-scores update, deletions are reported and never trashed, an unchanged
//! workout costs no write, and a sign-in without workouts keeps the days syncing.

use crate::support;

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use http_policy::Clock;
use serde_json::Value;
use support::*;
use sync_engine::workouts::WorkoutField;
use sync_engine::workouts_setup::EnergyUnit;

/// Creates the Workouts database in a page of its own (the generated daily database is at
/// the workspace's top level, so there is no page beside it).
async fn with_workouts(world: &World) -> String {
    let page = world.notion.add_page("Health", true);
    let created = world
        .engine
        .workouts_create_database(Some(&page), None, EnergyUnit::Kcal)
        .await
        .unwrap();
    assert!(created.problems.is_empty(), "{:?}", created.problems);
    assert!(!created.can_add_day_link);
    created.data_source_id
}

/// The workouts of `first..=last` that have started by the world's moment, by id.
fn workouts_in(world: &World, first: NaiveDate, last: NaiveDate) -> BTreeMap<String, NaiveDate> {
    let now = world.clock.now();
    let dataset = world.whoop.dataset();
    dataset
        .workouts
        .iter()
        .zip(&dataset.workout_truth)
        .filter(|(w, t)| t.day >= first && t.day <= last && w.start < now)
        .map(|(w, t)| (w.id.clone(), t.day))
        .collect()
}

fn plain(page: &Value, column: &str) -> String {
    page["properties"][column]["rich_text"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["plain_text"].as_str())
        .collect()
}

fn links(page: &Value, column: &str) -> Vec<String> {
    page["properties"][column]["relation"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["id"].as_str().map(String::from))
        .collect()
}

#[tokio::test]
async fn each_workout_gets_one_page_linked_to_its_day_and_a_second_run_writes_nothing() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let workouts_ds = with_workouts(&world).await;
    let (first, last) = (today() - Duration::days(20), today());
    let report = world.sync(first, last).await.unwrap();
    let expected = workouts_in(&world, first, last);
    let pending: Vec<&String> = {
        let dataset = world.whoop.dataset();
        let ids: Vec<String> = dataset
            .workouts
            .iter()
            .filter(|w| w.score_state == api_simulators::whoop::ScoreState::PendingScore)
            .map(|w| w.id.clone())
            .collect();
        expected.keys().filter(|id| ids.contains(id)).collect()
    };
    let done = report.workouts.clone().expect("workouts are on");
    assert_eq!(
        done.created as usize,
        expected.len() - pending.len(),
        "{done:?}"
    );
    assert_eq!(done.waiting as usize, pending.len());
    assert!(done.deleted_in_whoop.is_empty());

    let pages = world.notion.pages(&workouts_ds);
    assert_eq!(pages.len(), expected.len() - pending.len());
    // The preview shows the newest scored workout exactly as its page holds it.
    let preview = world.engine.workouts_preview().await.unwrap();
    let title = preview.title.clone().unwrap();
    let page = pages
        .iter()
        .filter(|p| {
            p["properties"]["Name"]["title"][0]["plain_text"].as_str() == Some(title.as_str())
        })
        .max_by_key(|p| {
            p["properties"]["Start"]["date"]["start"]
                .as_str()
                .map(String::from)
        })
        .unwrap_or_else(|| panic!("{title}"));
    let cell = |field: WorkoutField| {
        preview
            .cells
            .iter()
            .find(|c| c.field == field)
            .map(|c| c.value.clone())
            .unwrap()
    };
    assert_eq!(
        cell(WorkoutField::Strain).parse::<f64>().ok(),
        page["properties"]["Strain"]["number"].as_f64()
    );
    assert_eq!(cell(WorkoutField::WhoopId), plain(page, "WHOOP ID"));
    let mut linked = 0;
    for page in &pages {
        let id = plain(page, "WHOOP ID");
        let day = expected.get(&id).copied().unwrap_or_else(|| panic!("{id}"));
        // The start keeps the workout's own offset, so its date is the workout's day.
        let start = page["properties"]["Start"]["date"]["start"]
            .as_str()
            .unwrap();
        assert_eq!(&start[..10], day.format("%Y-%m-%d").to_string(), "{page:#}");
        let day_pages = world.pages_on(day);
        let day_links = links(page, "Day");
        match day_pages.first() {
            Some(day_page) => {
                assert_eq!(day_links, [day_page["id"].as_str().unwrap()], "{day}");
                linked += 1;
            }
            None => assert!(day_links.is_empty()),
        }
    }
    assert!(linked > 0);
    assert_eq!(done.unlinked as usize, pages.len() - linked);
    // The day's page shows its workouts through the two-way link.
    let some_day = expected.values().next().unwrap();
    if let Some(day_page) = world.pages_on(*some_day).first() {
        // Notion names the other side after the database and the column.
        let back = links(day_page, "Related to Workouts (Day)");
        assert!(!back.is_empty(), "{day_page:#}");
    }

    world.notion.reset_stats();
    let again = world.sync(first, last).await.unwrap();
    let done = again.workouts.unwrap();
    assert_eq!((done.created, done.updated), (0, 0), "{done:?}");
    assert_eq!(done.unchanged as usize, pages.len());
    let stats = world.notion.stats();
    assert_eq!(
        stats.creates_applied + stats.updates_applied,
        0,
        "{stats:?}"
    );
    assert_eq!(world.notion.pages(&workouts_ds).len(), pages.len());
}

#[tokio::test]
async fn a_rescored_workout_updates_its_page_and_a_deleted_one_is_reported_not_trashed() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let workouts_ds = with_workouts(&world).await;
    let (first, last) = (today() - Duration::days(10), today());
    world.sync(first, last).await.unwrap();
    let pages = world.notion.pages(&workouts_ds);
    let scored: Vec<String> = pages
        .iter()
        .filter(|p| p["properties"]["Strain"]["number"].is_number())
        .map(|p| plain(p, "WHOOP ID"))
        .collect();
    assert!(scored.len() >= 2, "{pages:#?}");
    assert!(world.whoop.rescore_workout(&scored[0], 17.3));
    assert!(world.whoop.delete_workout(&scored[1]));

    let report = world.sync(first, last).await.unwrap();
    let done = report.workouts.unwrap();
    assert_eq!((done.created, done.updated), (0, 1), "{done:?}");
    assert_eq!(done.deleted_in_whoop.len(), 1, "{done:?}");
    let pages = world.notion.pages(&workouts_ds);
    let rescored = pages
        .iter()
        .find(|p| plain(p, "WHOOP ID") == scored[0])
        .unwrap();
    assert_eq!(rescored["properties"]["Strain"]["number"], 17.3);
    let deleted = pages
        .iter()
        .find(|p| plain(p, "WHOOP ID") == scored[1])
        .expect("the page of a workout deleted in WHOOP stays");
    assert_eq!(deleted["in_trash"], false);
    assert!(done.deleted_in_whoop[0].contains(" · "), "{done:?}");
}

#[tokio::test]
async fn a_database_the_user_picks_is_linked_to_the_days_only_when_they_let_the_app() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    // The user's own database: a title, a date, an id column and a select; no link.
    let page = world.notion.add_page("Training", true);
    let mine = world
        .engine
        .workouts_create_database(Some(&page), Some("Training log"), EnergyUnit::Kj)
        .await
        .unwrap();
    world
        .notion
        .remove_property(&mine.data_source_id, WorkoutField::Day.label());
    // Chosen afresh (after turning workouts off), it is mapped by its column names.
    assert!(world.engine.workouts_off().unwrap());
    let chosen = world
        .engine
        .workouts_use(&mine.database_id, None)
        .await
        .unwrap();
    assert!(chosen.can_add_day_link);
    let row = |view: &sync_engine::workouts_setup::WorkoutsDatabase, field: WorkoutField| {
        view.rows.iter().find(|r| r.field == field).unwrap().clone()
    };
    assert!(row(&chosen, WorkoutField::Day).property.is_none());
    assert!(row(&chosen, WorkoutField::EnergyKj).property.is_some());

    let (first, last) = (today() - Duration::days(6), today());
    world.sync(first, last).await.unwrap();
    let pages = world.notion.pages(&mine.data_source_id);
    assert!(!pages.is_empty());
    assert!(pages.iter().all(|p| p["properties"].get("Day").is_none()));

    let linked = world.engine.workouts_add_day_link().await.unwrap();
    assert!(!linked.can_add_day_link);
    assert!(row(&linked, WorkoutField::Day).property.is_some());
    let report = world.sync(first, last).await.unwrap();
    let done = report.workouts.unwrap();
    assert!(done.updated as usize >= 1, "{done:?}");
    let pages = world.notion.pages(&mine.data_source_id);
    assert!(pages.iter().any(|p| !links(p, "Day").is_empty()));

    // Mapping by name or id, type-checked.
    let err = world
        .engine
        .workouts_map("strain", Some("Start"), None)
        .await
        .unwrap_err();
    assert!(
        err.message.contains("use a number or text property"),
        "{err:?}"
    );
    let err = world
        .engine
        .workouts_map("vo2", Some("Strain"), None)
        .await
        .unwrap_err();
    assert!(err.message.contains("unknown workout field"), "{err:?}");
    // Turning workouts off leaves the database and its pages.
    assert!(world.engine.workouts_off().unwrap());
    assert_eq!(world.notion.pages(&mine.data_source_id).len(), pages.len());
    let report = world.sync(first, last).await.unwrap();
    assert!(report.workouts.is_none());
}

#[tokio::test]
async fn a_dry_run_writes_no_workout_and_a_sign_in_without_workouts_syncs_the_days() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let workouts_ds = with_workouts(&world).await;
    let (first, last) = (today() - Duration::days(6), today());
    let dry = world
        .sync_with(&world.engine, first, last, true)
        .await
        .unwrap();
    assert!(dry.workouts.unwrap().created > 0);
    assert!(world.notion.pages(&workouts_ds).is_empty());

    world.sign_in_without_workouts();
    let report = world.sync(first, last).await.unwrap();
    assert_eq!(report.needs_whoop_scope.as_deref(), Some("read:workout"));
    assert!(report.workouts.is_none());
    assert!(report.created > 0);
    assert!(world.notion.pages(&workouts_ds).is_empty());
}

#[tokio::test]
async fn check_setup_lists_the_workouts_database_only_when_workouts_are_on() {
    use sync_engine::doctor::{CheckId, CheckStatus};
    let world = World::new(Options::default()).await;
    world.connect().await;
    let listed = |checks: &[sync_engine::doctor::Check]| {
        checks
            .iter()
            .find(|c| c.id == CheckId::WorkoutsDatabase)
            .cloned()
    };
    assert!(listed(&world.engine.doctor().await.unwrap()).is_none());
    let workouts_ds = with_workouts(&world).await;
    let check = listed(&world.engine.doctor().await.unwrap()).unwrap();
    assert_eq!(check.status, CheckStatus::Pass, "{check:?}");
    // The user deletes the column a workout's page is found by.
    world.notion.remove_property(&workouts_ds, "WHOOP ID");
    let check = listed(&world.engine.doctor().await.unwrap()).unwrap();
    assert_eq!(
        (check.status, check.code),
        (
            CheckStatus::Fail,
            Some(sync_engine::ErrorCode::MappingBroken)
        ),
        "{check:?}"
    );
    assert!(check.detail.contains("WHOOP ID"), "{check:?}");
    // And the sync says so, after writing the days.
    let err = world
        .sync(today() - Duration::days(3), today())
        .await
        .unwrap_err();
    assert_eq!(err.code, sync_engine::ErrorCode::MappingBroken);
    assert!(err.message.contains("Workouts"), "{err:?}");
    assert!(!world.pages_on(today() - Duration::days(1)).is_empty());
}

#[tokio::test]
async fn two_computers_that_raced_end_with_one_page_per_workout_and_per_day() {
    use std::time::Duration as StdDuration;
    let world = World::new(Options {
        notion_on_world_clock: true,
        ..Options::default()
    })
    .await;
    world.connect().await;
    let workouts_ds = with_workouts(&world).await;
    let laptop = world.second_computer("ntn_laptop").await;
    let database = world
        .engine
        .load_config()
        .unwrap()
        .workouts
        .unwrap()
        .database_id;
    laptop.engine.workouts_use(&database, None).await.unwrap();
    let (first, last) = (today() - Duration::days(10), today());

    // Neither sees the other's pages while it writes its own.
    world.notion.set_query_lag(StdDuration::from_secs(3600));
    world.sync(first, last).await.unwrap();
    world
        .sync_with(&laptop.engine, first, last, false)
        .await
        .unwrap();
    world.clock.advance(StdDuration::from_secs(3600));
    world.notion.set_query_lag(StdDuration::from_secs(2));
    let per_id = |world: &World| {
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        for page in world.notion.pages(&workouts_ds) {
            *ids.entry(plain(&page, "WHOOP ID")).or_default() += 1;
        }
        ids
    };
    let raced = per_id(&world);
    assert!(
        raced.len() >= 3 && raced.values().all(|n| *n == 2),
        "{raced:?}"
    );

    // Later syncs, one computer after the other, as on any later morning.
    world.sync(first, last).await.unwrap();
    world
        .sync_with(&laptop.engine, first, last, false)
        .await
        .unwrap();
    let after = per_id(&world);
    assert_eq!(after.len(), raced.len());
    assert!(after.values().all(|n| *n == 1), "{after:?}");
    let mut days: BTreeMap<String, usize> = BTreeMap::new();
    for page in world.pages() {
        let day = page["properties"]["Date"]["date"]["start"]
            .as_str()
            .unwrap()
            .to_string();
        *days.entry(day).or_default() += 1;
    }
    assert!(days.values().all(|n| *n == 1), "{days:?}");
    // Each kept workout links to its day's kept page.
    for page in world.notion.pages(&workouts_ds) {
        let start = page["properties"]["Start"]["date"]["start"]
            .as_str()
            .unwrap();
        let day: NaiveDate = start[..10].parse().unwrap();
        if let Some(day_page) = world.pages_on(day).first() {
            assert_eq!(
                links(&page, "Day"),
                [day_page["id"].as_str().unwrap()],
                "{day}"
            );
        }
    }
}

#[tokio::test]
async fn a_lost_workout_create_is_looked_for_by_its_whoop_id_before_creating_again() {
    use api_simulators::notion::{FaultKind, NotionFault, Route};
    let world = World::new(Options::default()).await;
    world.connect().await;
    let (first, last) = (today() - Duration::days(6), today());
    // The days first, without workouts, so the next creates are the workouts'.
    world.sync(first, last).await.unwrap();
    let workouts_ds = with_workouts(&world).await;
    world.notion.inject_fault(NotionFault::new(
        Route::CreatePage,
        FaultKind::ApplyThenDrop,
        1,
    ));
    world.notion.inject_fault(NotionFault::new(
        Route::CreatePage,
        FaultKind::ApplyThenStatus(504),
        1,
    ));
    let report = world.sync(first, last).await.unwrap();
    let done = report.workouts.unwrap();
    assert!(done.created >= 2, "{done:?}");
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for page in world.notion.pages(&workouts_ds) {
        *ids.entry(plain(&page, "WHOOP ID")).or_default() += 1;
    }
    assert_eq!(ids.len() as u32, done.created, "{done:?}");
    assert!(ids.values().all(|n| *n == 1), "{ids:?}");
}
