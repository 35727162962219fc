//! The whole engine against both simulators: the right day, the right numbers, never a
//! duplicate, no write when nothing changed.

use crate::support;

use api_simulators::notion::{FaultKind, NotionFault, Route};
use api_simulators::whoop::ScoreState;
use chrono::Duration;
use serde_json::json;
use support::*;
use sync_engine::plan::ActionKind;

#[tokio::test]
async fn a_backfill_writes_each_scored_night_on_its_own_local_day() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let (first, last) = (today() - Duration::days(34), today());
    let report = world.sync(first, last).await.unwrap();

    let scored = world.scored_truth(first, last);
    assert!(
        scored.len() >= 25,
        "the generator gave {} scored nights",
        scored.len()
    );
    assert_eq!(report.created, scored.len(), "{report:#?}");
    for night in &scored {
        let pages = world.pages_on(night.day);
        assert_eq!(pages.len(), 1, "{}: {} pages", night.day, pages.len());
        let page = &pages[0];
        let recovery = night.recovery_score.unwrap();
        assert_eq!(
            number(page, "Recovery"),
            Some(recovery.round() / 100.0),
            "{}",
            night.day
        );
        let hours = (night.sleep_time_milli.unwrap() as f64 / 3_600_000.0 * 100.0).round() / 100.0;
        assert_eq!(
            number(page, "Time Asleep (h)"),
            Some(hours),
            "{}",
            night.day
        );
        assert_eq!(
            page["properties"]["Name"]["title"][0]["plain_text"],
            night.day.to_string()
        );
    }
    // Unscorable nights and empty days are reported, never written.
    for night in world
        .truth()
        .iter()
        .filter(|t| t.day >= first && t.state == ScoreState::Unscorable)
    {
        assert!(world.pages_on(night.day).is_empty());
        assert_eq!(report.day(night.day).unwrap().action, ActionKind::Skipped);
    }
    let skipped = report
        .days
        .iter()
        .filter(|d| d.action == ActionKind::Skipped)
        .count();
    assert_eq!(skipped + report.created + report.waiting, 35);
    assert!(
        report.skipped >= 2,
        "at least one unscorable night and one empty day"
    );
    // The history has the run and its days.
    let runs = world.engine.history(5).unwrap();
    assert_eq!(runs[0].counts.created as usize, report.created);
    assert_eq!(runs[0].ok, Some(true));
}

#[tokio::test]
async fn nothing_changed_means_no_write_and_at_most_four_requests() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    world
        .sync(today() - Duration::days(29), today())
        .await
        .unwrap();
    let before = world.notion.stats();

    let again = world
        .sync(today() - Duration::days(29), today())
        .await
        .unwrap();
    assert_eq!((again.created, again.updated), (0, 0), "{again:#?}");
    assert!(again.unchanged >= 20);

    let daily = world.sync(today(), today()).await.unwrap();
    assert_eq!(daily.days[0].action, ActionKind::Unchanged);
    let total = daily.requests.whoop + daily.requests.notion;
    assert!(
        total <= 4,
        "steady-state daily sync took {total} requests ({:?})",
        daily.requests
    );
    let after = world.notion.stats();
    assert_eq!(after.creates_applied, before.creates_applied);
    assert_eq!(after.updates_applied, before.updates_applied);
}

#[tokio::test]
async fn a_late_rescore_updates_only_that_day_and_only_what_changed() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let (first, last) = (today() - Duration::days(9), today());
    world.sync(first, last).await.unwrap();
    let night = world.scored_truth(first, last)[3].clone();
    assert!(world.whoop.rescore(night.day, 12.0));

    let report = world.sync(first, last).await.unwrap();
    assert_eq!(report.updated, 1, "{report:#?}");
    assert_eq!(report.day(night.day).unwrap().action, ActionKind::Updated);
    assert_eq!(
        number(&world.pages_on(night.day)[0], "Recovery"),
        Some(0.12)
    );
}

#[tokio::test]
async fn a_pending_night_waits_and_lands_once_scored() {
    let world = World::new(Options {
        pending_today: true,
        ..Options::default()
    })
    .await;
    world.connect().await;
    let report = world
        .sync(today() - Duration::days(2), today())
        .await
        .unwrap();
    assert_eq!(report.day(today()).unwrap().action, ActionKind::Waiting);
    assert!(world.pages_on(today()).is_empty());

    assert!(world.whoop.score_pending(today()));
    let report = world.sync(today(), today()).await.unwrap();
    assert_eq!(report.day(today()).unwrap().action, ActionKind::Created);
    assert_eq!(world.pages_on(today()).len(), 1);
}

/// Two pages the user made for one date: the day's page (the oldest; Notion's minute-rounded
/// `created_time` ties here, so the smaller id, as every computer would pick) gets the values,
/// and nothing the user made is deleted or changed besides the mapped columns.
#[tokio::test]
async fn two_pages_on_one_date_update_the_oldest_and_delete_nothing() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let day = world.scored_truth(today() - Duration::days(5), today())[0].day;
    let date = json!({"date": {"start": day.to_string()}});
    let with_notes = world.notion.insert_page(
        world.data_source_id(),
        json!({"Date": date, "Notes": {"rich_text": [{"text": {"content": "mine"}}]}}),
    );
    let plain = world
        .notion
        .insert_page(world.data_source_id(), json!({"Date": date}));
    let chosen = with_notes.clone().min(plain.clone());

    let report = world.sync(day, day).await.unwrap();
    let d = report.day(day).unwrap();
    assert_eq!(d.action, ActionKind::Updated);
    assert_eq!(d.page_id.as_deref(), Some(chosen.as_str()));
    assert!(d.reason.as_deref().unwrap().contains("2 pages"), "{d:?}");
    let pages = world.pages_on(day);
    assert_eq!(pages.len(), 2, "nothing created, nothing deleted");
    let kept = pages.iter().find(|p| p["id"] == chosen.as_str()).unwrap();
    assert!(number(kept, "Recovery").is_some());
    let noted = pages
        .iter()
        .find(|p| p["id"] == with_notes.as_str())
        .unwrap();
    assert_eq!(
        text(noted, "Notes"),
        "mine",
        "the user's own columns are left alone"
    );
}

#[tokio::test]
async fn a_lost_create_is_looked_for_before_creating_again() {
    let world = World::new(Options::default()).await;
    world.connect().await;
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
    world.notion.inject_fault(NotionFault::new(
        Route::CreatePage,
        FaultKind::Status(502),
        1,
    ));
    let (first, last) = (today() - Duration::days(6), today());
    let report = world.sync(first, last).await.unwrap();
    let scored = world.scored_truth(first, last);
    assert_eq!(report.created, scored.len());
    for night in scored {
        assert_eq!(
            world.pages_on(night.day).len(),
            1,
            "{} must have exactly one page",
            night.day
        );
    }
}

#[tokio::test]
async fn transient_faults_and_rate_limits_are_waited_out() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    world
        .notion
        .inject_fault(NotionFault::new(Route::Query, FaultKind::Status(503), 2));
    world.notion.inject_fault(NotionFault::new(
        Route::Query,
        FaultKind::RateLimited {
            retry_after_secs: 7,
        },
        1,
    ));
    world
        .notion
        .inject_fault(NotionFault::new(Route::UpdatePage, FaultKind::Conflict, 1));
    world
        .whoop
        .inject_fault(api_simulators::whoop::WhoopFault::RateLimited {
            reset_secs: 20,
            times: 1,
        });
    world
        .whoop
        .inject_fault(api_simulators::whoop::WhoopFault::Status {
            code: 500,
            times: 1,
        });
    let started = at(&world.clock);
    let report = world
        .sync(today() - Duration::days(3), today())
        .await
        .unwrap();
    assert!(report.created >= 3, "{report:#?}");
    // The virtual clock shows we waited at least as long as the services asked.
    assert!(at(&world.clock) - started >= Duration::seconds(20));
}

#[tokio::test]
async fn a_dry_run_writes_nothing_and_says_what_it_would_do() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let report = world
        .sync_with(&world.engine, today() - Duration::days(6), today(), true)
        .await
        .unwrap();
    assert!(report.created >= 5);
    assert!(world.pages().is_empty());
    assert_eq!(world.notion.stats().creates_applied, 0);
}

#[tokio::test]
async fn an_unconfigured_sync_is_refused_without_a_history_entry() {
    let world = World::new(Options::default()).await;
    let err = world.sync(today(), today()).await.unwrap_err();
    assert_eq!(err.code, sync_engine::ErrorCode::WhoopNotConnected);
    assert!(world.engine.history(10).unwrap().is_empty());
}

/// The engine keeps its Notion client and rate limiter for its life (the tray host's is the
/// whole day): a Retry-After that ended one run still holds for the next run, which waits it
/// out on the clock instead of hitting Notion early and being refused again.
#[tokio::test]
async fn a_retry_after_holds_across_runs_of_one_engine() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    world.sync(today(), today()).await.unwrap();

    // Run 1: Notion answers every try with "come back in 90 s"; the run gives up.
    let tries = world.engine.env().retry.max_attempts;
    let refuse = || {
        world.notion.inject_fault(NotionFault::new(
            Route::Any,
            FaultKind::RateLimited {
                retry_after_secs: 90,
            },
            tries,
        ))
    };
    refuse();
    world.notion.reset_stats();
    let err = world.sync(today(), today()).await.unwrap_err();
    assert_eq!(err.code, sync_engine::ErrorCode::RateLimited, "{err:?}");
    assert_eq!(world.notion.stats().rate_limited, u64::from(tries));
    let refused_at = at(&world.clock);

    // Run 2, on the same engine (a clone, as the app hands it around): nothing is sent
    // before the 90 s are up, so Notion refuses nothing.
    let engine = world.engine.clone();
    let report = world
        .sync_with(&engine, today(), today(), false)
        .await
        .unwrap();
    assert!(report.requests.notion > 0);
    assert!(
        at(&world.clock) - refused_at >= Duration::seconds(90),
        "run 2 started {} after the refusal",
        at(&world.clock) - refused_at
    );
    assert_eq!(world.notion.stats().rate_limited, u64::from(tries));

    // Another engine (another process) has no such memory: without the refusals it goes at
    // once, so the wait above is the engine's, not the simulator's.
    refuse();
    world.sync(today(), today()).await.unwrap_err();
    let refused_at = at(&world.clock);
    world
        .sync_with(&world.another_engine(), today(), today(), false)
        .await
        .unwrap();
    assert!(at(&world.clock) - refused_at < Duration::seconds(90));
}

/// Naps are the day's on their own: counted on the day they end (in their own offset), their
/// time is what the scored ones slept, and the night's numbers don't include them. A nap count
/// mapped to a number column is written there.
#[tokio::test]
async fn naps_are_counted_on_their_own_day_and_stay_out_of_the_night() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    world
        .engine
        .mapping_set(&[("nap_count".into(), "Strain".into(), None)])
        .await
        .unwrap();
    let (first, last) = (today() - Duration::days(34), today());
    world.sync(first, last).await.unwrap();

    let naps: Vec<whoop_client::Sleep> = world
        .whoop
        .dataset()
        .sleeps
        .iter()
        .filter(|s| s.nap)
        .map(|s| serde_json::from_value(serde_json::to_value(s).unwrap()).unwrap())
        .collect();
    let history = world.engine.day_values(first, last).unwrap();
    let mut days_with_naps = 0;
    for (day, values) in &history {
        let on_day: Vec<_> = naps
            .iter()
            .filter(|n| sync_engine::nights::day_of(n) == *day)
            .collect();
        let asleep: i64 = on_day
            .iter()
            .filter(|n| n.score_state == whoop_client::ScoreState::Scored)
            .map(|n| {
                let s = n.score.as_ref().unwrap().stage_summary.as_ref().unwrap();
                s.total_light_sleep_time_milli.unwrap()
                    + s.total_slow_wave_sleep_time_milli.unwrap()
                    + s.total_rem_sleep_time_milli.unwrap()
            })
            .sum();
        assert_eq!(
            values["nap_count"]["value"],
            json!(on_day.len() as f64),
            "{day}"
        );
        assert_eq!(values["nap_time"]["value"], json!(asleep), "{day}");
        let pages = world.pages_on(*day);
        assert_eq!(
            number(&pages[0], "Strain"),
            Some(on_day.len() as f64),
            "{day}"
        );
        if !on_day.is_empty() {
            days_with_naps += 1;
            // The night's time asleep is the main sleep's alone.
            let night = world.truth().into_iter().find(|t| t.day == *day).unwrap();
            assert_eq!(
                values["sleep_time"]["value"],
                json!(night.sleep_time_milli.unwrap()),
                "{day}"
            );
        }
    }
    assert!(days_with_naps >= 1, "the generator planted a nap");
}
