//! Users rename, retype and delete columns: the mapping follows renames by id, and anything
//! else stops the run before a single write, with a message that says what to do.

use crate::support;

use api_simulators::notion::PropertyKind;
use chrono::Duration;
use support::*;
use sync_engine::{ErrorCode, SyncError};

async fn synced_world() -> World {
    let world = World::new(Options::default()).await;
    world.connect().await;
    world
        .sync(today() - Duration::days(6), today())
        .await
        .unwrap();
    world
}

#[tokio::test]
async fn auto_mapping_fits_the_daily_tracking_database() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let view = world.engine.mapping_show().await.unwrap();
    assert_eq!(view.day.as_ref().unwrap().name, "Date");
    let mapped = |key: &str| {
        view.rows
            .iter()
            .find(|r| r.key == key)
            .unwrap()
            .property
            .as_ref()
            .map(|p| p.name.clone())
    };
    assert_eq!(mapped("recovery_score").as_deref(), Some("Recovery"));
    assert_eq!(mapped("hrv").as_deref(), Some("HRV"));
    assert_eq!(mapped("resting_heart_rate").as_deref(), Some("Resting HR"));
    assert_eq!(mapped("sleep_time").as_deref(), Some("Time Asleep (h)"));
    assert_eq!(
        mapped("sleep_efficiency").as_deref(),
        Some("Sleep Efficiency")
    );
    assert_eq!(mapped("day_strain").as_deref(), Some("Strain"));
    assert!(view.problems.is_empty(), "{:?}", view.problems);
    // Read-only and unrelated columns are never proposed.
    for row in &view.rows {
        assert!(
            !row.compatible
                .iter()
                .any(|c| c == "Created" || c == "Score Formula" || c == "Workout"),
            "{row:?}"
        );
    }
}

#[tokio::test]
async fn a_renamed_column_keeps_working() {
    let world = synced_world().await;
    world
        .notion
        .rename_property(world.data_source_id(), "Recovery", "Recovery %");
    let night = world.scored_truth(today() - Duration::days(6), today())[1].clone();
    world.whoop.rescore(night.day, 33.0);
    let report = world
        .sync(today() - Duration::days(6), today())
        .await
        .unwrap();
    assert_eq!(report.updated, 1);
    assert_eq!(
        number(&world.pages_on(night.day)[0], "Recovery %"),
        Some(0.33)
    );
    let view = world.engine.mapping_show().await.unwrap();
    let row = view
        .rows
        .iter()
        .find(|r| r.key == "recovery_score")
        .unwrap();
    assert_eq!(row.property.as_ref().unwrap().name, "Recovery %");
}

async fn assert_broken_before_any_write(world: &World, key: &str) -> SyncError {
    let night = world.scored_truth(today() - Duration::days(6), today())[2].clone();
    world.whoop.rescore(night.day, 5.0);
    let before = world.notion.stats();
    let error = world
        .sync(today() - Duration::days(6), today())
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::MappingBroken, "{error:?}");
    assert!(error.message.contains(key), "{}", error.message);
    assert!(
        error.message.contains("mapping"),
        "says what to do: {}",
        error.message
    );
    let after = world.notion.stats();
    assert_eq!(
        (after.creates_applied, after.updates_applied),
        (before.creates_applied, before.updates_applied)
    );
    let runs = world.engine.history(1).unwrap();
    assert_eq!(runs[0].error_code, Some(ErrorCode::MappingBroken));
    error
}

#[tokio::test]
async fn a_deleted_column_stops_the_run_before_any_write() {
    let world = synced_world().await;
    world.notion.remove_property(world.data_source_id(), "HRV");
    assert_broken_before_any_write(&world, "hrv").await;
    // The user fixes it, and syncing works again.
    world
        .engine
        .mapping_unset(&["hrv".to_string()])
        .await
        .unwrap();
    let report = world
        .sync(today() - Duration::days(6), today())
        .await
        .unwrap();
    assert_eq!(report.updated, 1);
}

#[tokio::test]
async fn a_retyped_column_stops_the_run_before_any_write() {
    let world = synced_world().await;
    world
        .notion
        .change_property_type(world.data_source_id(), "Resting HR", PropertyKind::Checkbox);
    assert_broken_before_any_write(&world, "resting_heart_rate").await;
}

#[tokio::test]
async fn mapping_set_checks_types_and_units() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let err = world
        .engine
        .mapping_set(&[("bedtime".into(), "Workout".into(), None)])
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("checkbox"), "{}", err.message);
    let err = world
        .engine
        .mapping_set(&[("recovery_score".into(), "Created".into(), None)])
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    let err = world
        .engine
        .mapping_set(&[("no_such_metric".into(), "Notes".into(), None)])
        .await
        .unwrap_err();
    assert!(
        err.message.contains("recovery_score"),
        "lists the metrics: {}",
        err.message
    );
    let err = world
        .engine
        .mapping_set(&[("hrv".into(), "Nope".into(), None)])
        .await
        .unwrap_err();
    assert!(
        err.message.contains("Recovery"),
        "lists the properties: {}",
        err.message
    );
    // All or nothing: one bad assignment applies none.
    let err = world
        .engine
        .mapping_set(&[
            (
                "sleep_time".into(),
                "Time Asleep (h)".into(),
                Some("minutes".into()),
            ),
            ("x".into(), "y".into(), None),
        ])
        .await;
    assert!(err.is_err());
    let view = world.engine.mapping_show().await.unwrap();
    let unit = view
        .rows
        .iter()
        .find(|r| r.key == "sleep_time")
        .unwrap()
        .property
        .as_ref()
        .unwrap()
        .unit;
    assert_eq!(unit, Some(sync_engine::mapping::DurationUnit::Hours));

    world
        .engine
        .mapping_set(&[
            (
                "sleep_time".into(),
                "Time Asleep (h)".into(),
                Some("minutes".into()),
            ),
            ("bedtime".into(), "Notes".into(), None),
        ])
        .await
        .unwrap();
    let day = world.scored_truth(today() - Duration::days(3), today())[0].clone();
    world.sync(day.day, day.day).await.unwrap();
    let page = &world.pages_on(day.day)[0];
    let minutes = (day.sleep_time_milli.unwrap() as f64 / 60_000.0).round();
    assert_eq!(number(page, "Time Asleep (h)"), Some(minutes));
    let bedtime = text(page, "Notes");
    assert!(
        bedtime.len() == 5 && bedtime.as_bytes()[2] == b':',
        "a time of day: {bedtime:?}"
    );
}

#[tokio::test]
async fn choosing_a_database_by_url_and_the_errors_around_it() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let url = format!(
        "https://www.notion.so/me/Daily-Tracking-{}?v=abc",
        world.db.database_id.replace('-', "")
    );
    let chosen = world.engine.notion_use(&url, None).await.unwrap();
    assert_eq!(chosen.target.data_source_id, world.data_source_id());

    let err = world
        .engine
        .notion_use("not a url", None)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);

    world.notion.set_shared(&world.db.database_id, false);
    let err = world
        .engine
        .notion_use(&world.db.database_id, None)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotionNotFound);
    assert!(
        err.message.contains("Connections"),
        "says how to share: {}",
        err.message
    );
    world.notion.set_shared(&world.db.database_id, true);

    let two = world
        .notion
        .add_database(api_simulators::notion::DatabaseSpec {
            title: "Two sources".into(),
            data_sources: vec![
                api_simulators::notion::DataSourceSpec {
                    name: "Alpha".into(),
                    properties: vec![api_simulators::notion::PropertySpec::new(
                        "Date",
                        PropertyKind::Date,
                    )],
                },
                api_simulators::notion::DataSourceSpec {
                    name: "Beta".into(),
                    properties: vec![api_simulators::notion::PropertySpec::new(
                        "Day",
                        PropertyKind::Date,
                    )],
                },
            ],
            shared: true,
        });
    let err = world
        .engine
        .notion_use(&two.database_id, None)
        .await
        .unwrap_err();
    assert!(
        err.message.contains("Alpha") && err.message.contains("Beta"),
        "{}",
        err.message
    );
    let chosen = world
        .engine
        .notion_use(&two.database_id, Some("Beta"))
        .await
        .unwrap();
    assert_eq!(chosen.target.data_source_id, two.data_source_ids[1]);
    assert_eq!(chosen.mapping.day.unwrap().name, "Day");
    let sources = world.engine.notion_databases().await.unwrap();
    assert!(
        sources.iter().any(|s| s.name == "Alpha")
            && sources.iter().any(|s| s.id == world.data_source_id())
    );

    // Deleted in Notion: search still finds it (marked in_trash), the list leaves it out.
    world.notion.set_database_in_trash(&two.database_id, true);
    let sources = world.engine.notion_databases().await.unwrap();
    assert!(
        !sources
            .iter()
            .any(|s| s.name == "Alpha" || s.name == "Beta"),
        "{sources:?}"
    );
    assert!(sources.iter().any(|s| s.id == world.data_source_id()));
    world.notion.set_database_in_trash(&two.database_id, false);
    let sources = world.engine.notion_databases().await.unwrap();
    assert!(sources.iter().any(|s| s.name == "Alpha"), "restored");
}

#[tokio::test]
async fn concurrent_mapping_edits_are_all_kept() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let edits = [
        ("hrv", "Notes"),
        ("spo2", "Sleep"),
        ("day_strain", "Calories"),
        ("resting_heart_rate", "Strain"),
    ];
    let mut tasks = tokio::task::JoinSet::new();
    for (key, property) in edits {
        let engine = world.another_engine();
        tasks.spawn(async move {
            engine
                .mapping_set(&[(key.to_string(), property.to_string(), None)])
                .await
        });
        let reader = world.another_engine();
        tasks.spawn(async move { reader.mapping_show().await });
    }
    while let Some(result) = tasks.join_next().await {
        result.unwrap().unwrap();
    }
    let view = world.engine.mapping_show().await.unwrap();
    for (key, property) in edits {
        let row = view.rows.iter().find(|r| r.key == key).unwrap();
        assert_eq!(
            row.property.as_ref().map(|p| p.name.as_str()),
            Some(property),
            "{key} was lost"
        );
    }
}
