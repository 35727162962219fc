//! The body measurement (weight, height, WHOOP's max heart rate for the user) as daily
//! metrics: read once per run when one is mapped, written in the units the mapping chose, on
//! the page of the day the run read it only (WHOOP keeps no history of it); a sign-in without
//! `read:body_measurement` syncs everything else and says so.

use crate::support;

use api_simulators::whoop::UserBodyMeasurement;
use chrono::Duration;
use http_policy::Clock;
use secret_store::SecretStore;
use support::*;
use sync_engine::plan::ActionKind;
use sync_engine::report::SyncReport;

/// Weight in pounds into a number column, height in inches into a text column, the max heart
/// rate into another number column (of the generated database).
async fn map_body(world: &World) {
    world
        .engine
        .mapping_set(&[
            ("body_weight".into(), "Calories".into(), Some("lb".into())),
            ("body_height".into(), "Notes".into(), Some("in".into())),
            ("body_max_heart_rate".into(), "Strain".into(), None),
        ])
        .await
        .unwrap();
}

/// Requests for the body measurement the simulator saw.
fn body_reads(world: &World) -> u64 {
    let stats = world.whoop.stats();
    stats
        .requests_by_path
        .iter()
        .filter(|(path, _)| path.contains("measurement/body"))
        .map(|(_, n)| n)
        .sum()
}

fn action_on(report: &SyncReport, day: chrono::NaiveDate) -> ActionKind {
    report.days.iter().find(|d| d.day == day).unwrap().action
}

#[tokio::test]
async fn the_body_goes_on_the_page_of_the_day_it_was_read_and_nowhere_else() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let (first, last) = (today() - Duration::days(20), today());
    // Not mapped: not read (days before the backfill's, whose columns this writes).
    world.whoop.reset_stats();
    world
        .sync(first - Duration::days(3), first - Duration::days(1))
        .await
        .unwrap();
    assert_eq!(body_reads(&world), 0);

    map_body(&world).await;
    world.whoop.reset_stats();
    let report = world.sync(first, last).await.unwrap();
    assert_eq!(report.needs_whoop_scope, None);
    assert_eq!(body_reads(&world), 1, "once for the whole backfill");
    // The simulator's user is WHOOP's example: 90.7185 kg, 1.8288 m, 200 bpm.
    let page = &world.pages_on(today())[0];
    assert_eq!(number(page, "Calories"), Some(200.0), "{page:#}");
    assert_eq!(text(page, "Notes"), "72.0 in");
    assert_eq!(number(page, "Strain"), Some(200.0));
    let back_filled: Vec<_> = first.iter_days().take_while(|d| *d < today()).collect();
    let mut pages_seen = 0;
    for day in &back_filled {
        for page in world.pages_on(*day) {
            pages_seen += 1;
            assert_eq!(number(&page, "Calories"), None, "{day}");
            assert_eq!(text(&page, "Notes"), "", "{day}");
            assert_eq!(number(&page, "Strain"), None, "{day}");
        }
    }
    assert!(
        pages_seen >= 10,
        "the backfill wrote its days: {pages_seen}"
    );

    // Again later the same day, the same measurement: today is unchanged, nothing written.
    world
        .clock
        .advance(std::time::Duration::from_secs(3 * 3600));
    let again = world
        .sync(today() - Duration::days(6), today())
        .await
        .unwrap();
    assert_eq!(
        action_on(&again, today()),
        ActionKind::Unchanged,
        "{again:#?}"
    );
    assert_eq!(again.updated + again.created, 0, "{again:#?}");

    // The user enters a new weight: today's page follows, the days before still have none.
    world.whoop.set_body_measurement(UserBodyMeasurement {
        height_meter: 1.8288,
        weight_kilogram: 88.0,
        max_heart_rate: 200,
    });
    let lighter = world
        .sync(today() - Duration::days(6), today())
        .await
        .unwrap();
    assert_eq!(action_on(&lighter, today()), ActionKind::Updated);
    assert_eq!(lighter.updated, 1, "{lighter:#?}");
    // 88 kg = 194.007 lb.
    assert_eq!(number(&world.pages_on(today())[0], "Calories"), Some(194.0));

    // The next day: yesterday keeps the weight it was written with, whatever WHOOP says now.
    world.whoop.set_body_measurement(UserBodyMeasurement {
        height_meter: 1.8288,
        weight_kilogram: 86.0,
        max_heart_rate: 199,
    });
    world
        .clock
        .advance(std::time::Duration::from_secs(24 * 3600));
    let tomorrow = world
        .sync(today() - Duration::days(6), today() + Duration::days(1))
        .await
        .unwrap();
    assert_eq!(
        action_on(&tomorrow, today()),
        ActionKind::Unchanged,
        "{tomorrow:#?}"
    );
    assert_eq!(number(&world.pages_on(today())[0], "Calories"), Some(194.0));
}

#[tokio::test]
async fn a_sign_in_without_the_body_measurement_syncs_the_rest_and_says_what_connecting_again_adds()
{
    let world = World::new(Options::default()).await;
    world.connect().await;
    map_body(&world).await;
    world
        .engine
        .mapping_set(&[("workout_count".into(), "Respiratory Rate".into(), None)])
        .await
        .unwrap();
    // A developer app that allows neither workouts nor the body measurement.
    let issued = world
        .whoop
        .issue_tokens("offline read:recovery read:cycles read:sleep read:profile");
    let tokens = whoop_client::TokenSet {
        access_token: issued.access_token,
        refresh_token: issued.refresh_token,
        expires_at: world.clock.now() + Duration::seconds(issued.expires_in),
        scope: issued.scope,
    };
    let key = format!(
        "{}/whoop.tokens",
        world.engine.load_config().unwrap().profile_id
    );
    world
        .secrets
        .set(&key, &serde_json::to_string(&tokens).unwrap())
        .unwrap();
    world.whoop.reset_stats();

    let (first, last) = (today() - Duration::days(6), today());
    let report = world.sync(first, last).await.unwrap();
    assert_eq!(
        report.needs_whoop_scope.as_deref(),
        Some("read:workout read:body_measurement")
    );
    assert!(report.created >= 3, "{report:#?}");
    assert_eq!(body_reads(&world), 0, "no read is even tried");
    for (day, values) in world.engine.day_values(first, last).unwrap() {
        assert!(values.get("body_weight").is_none(), "{day}: {values}");
        assert!(values.get("recovery_score").is_some(), "{day}: {values}");
        assert_eq!(number(&world.pages_on(day)[0], "Calories"), None, "{day}");
    }
}
