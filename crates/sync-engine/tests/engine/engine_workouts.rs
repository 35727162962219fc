//! The day's workouts as daily metrics: counted on the day they start (in their own offset,
//! abroad and past midnight too), strain and energy summed over the scored ones; read only
//! when mapped, and a sign-in without `read:workout` syncs everything else and says so.

use crate::support;

use chrono::Duration;
use http_policy::Clock;
use serde_json::json;
use support::*;
use sync_engine::doctor::{CheckId, CheckStatus};
use sync_engine::ErrorCode;

/// Maps two workout metrics to number columns the generated database has.
async fn map_workouts(world: &World) {
    world
        .engine
        .mapping_set(&[
            ("workout_count".into(), "Strain".into(), None),
            ("workout_strain".into(), "Respiratory Rate".into(), None),
        ])
        .await
        .unwrap();
}

#[tokio::test]
async fn workouts_are_counted_and_summed_on_the_day_they_start() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    map_workouts(&world).await;
    let (first, last) = (today() - Duration::days(34), today());
    let report = world.sync(first, last).await.unwrap();
    assert_eq!(report.needs_whoop_scope, None);
    let checks = world.engine.doctor().await.unwrap();
    let check = checks
        .iter()
        .find(|c| c.id == CheckId::WhoopWorkouts)
        .unwrap();
    assert_eq!(check.status, CheckStatus::Pass, "{check:?}");

    let dataset = world.whoop.dataset();
    let now = world.clock.now();
    let history = world.engine.day_values(first, last).unwrap();
    let (mut with_two, mut abroad, mut past_midnight) = (0, 0, 0);
    for (day, values) in &history {
        let on_day: Vec<(whoop_client::Workout, _)> = dataset
            .workouts
            .iter()
            .zip(&dataset.workout_truth)
            // What has started by the sync's moment (the generated world goes on to the
            // evening of its last day).
            .filter(|(w, truth)| truth.day == *day && w.start < now)
            .map(|(w, truth)| {
                let read = serde_json::from_value(serde_json::to_value(w).unwrap()).unwrap();
                (read, truth)
            })
            .collect();
        let scored = || {
            on_day
                .iter()
                .filter(|(w, _)| w.score_state == whoop_client::ScoreState::Scored)
                .map(|(w, _)| w.score.clone().unwrap())
        };
        let strain: f64 = scored().map(|s| s.strain.unwrap()).sum();
        let kj: f64 = scored().map(|s| s.kilojoule.unwrap()).sum();
        assert_eq!(
            values["workout_count"]["value"],
            json!(on_day.len() as f64),
            "{day}: {on_day:#?}"
        );
        assert_eq!(
            values["workout_strain"]["value"],
            json!((strain * 10.0).round() / 10.0),
            "{day}"
        );
        assert_eq!(
            values["active_energy_kj"]["value"],
            json!(kj.round()),
            "{day}"
        );
        assert_eq!(
            values["active_energy_kcal"]["value"],
            json!((kj / 4.184).round()),
            "{day}"
        );
        let page = &world.pages_on(*day)[0];
        assert_eq!(number(page, "Strain"), Some(on_day.len() as f64), "{day}");
        with_two += usize::from(on_day.len() >= 2);
        abroad += on_day.iter().filter(|(_, t)| t.abroad).count();
        past_midnight += on_day.iter().filter(|(_, t)| t.crosses_midnight).count();
    }
    assert!(with_two >= 1, "a day with two workouts");
    assert!(abroad >= 1, "a workout abroad");
    assert!(past_midnight >= 1, "a workout past midnight");
}

#[tokio::test]
async fn without_workouts_mapped_they_are_not_read() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    world.whoop.reset_stats();
    world
        .sync(today() - Duration::days(6), today())
        .await
        .unwrap();
    let stats = world.whoop.stats();
    assert!(
        !stats.requests_by_path.keys().any(|p| p.contains("workout")),
        "{stats:?}"
    );
}

#[tokio::test]
async fn a_sign_in_without_workouts_syncs_the_rest_and_says_what_connecting_again_adds() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    map_workouts(&world).await;
    world.sign_in_without_workouts();
    // Check setup says so, as a warning with the code whose action is to reconnect.
    let checks = world.engine.doctor().await.unwrap();
    let check = checks
        .iter()
        .find(|c| c.id == CheckId::WhoopWorkouts)
        .unwrap();
    assert_eq!(
        (check.status, check.code),
        (CheckStatus::Warn, Some(ErrorCode::WhoopReconnect)),
        "{check:?}"
    );
    assert!(check.detail.contains("workout_count"), "{check:?}");
    world.whoop.reset_stats();

    let (first, last) = (today() - Duration::days(6), today());
    let report = world.sync(first, last).await.unwrap();
    assert_eq!(report.needs_whoop_scope.as_deref(), Some("read:workout"));
    assert!(report.created >= 3, "{report:#?}");
    let stats = world.whoop.stats();
    assert!(
        !stats.requests_by_path.keys().any(|p| p.contains("workout")),
        "no workout read is even tried: {stats:?}"
    );
    for (day, values) in world.engine.day_values(first, last).unwrap() {
        assert!(values.get("workout_count").is_none(), "{day}: {values}");
        assert!(values.get("recovery_score").is_some(), "{day}: {values}");
        assert_eq!(number(&world.pages_on(day)[0], "Strain"), None, "{day}");
    }
}
