//! "Create the database for me": under a page the connection can see, typed columns for the
//! chosen metrics, chosen and mapped by id at once, and the next sync fills it.

use crate::support;

use chrono::Duration;
use support::*;
use sync_engine::{ErrorCode, DEFAULT_CREATE_METRICS};

#[tokio::test]
async fn created_database_is_used_mapped_and_filled_with_typed_values() {
    let world = World::new(Options::default()).await;
    world.connect_services().await;
    let home = world.notion.add_page("Health", true);
    world.notion.add_page("Private", false);

    let pages = world.engine.notion_pages().await.unwrap();
    let titles: Vec<&str> = pages.iter().map(|p| p.title.as_str()).collect();
    // Sidebar pages only: rows of the existing database are not places to create one.
    assert_eq!(titles, ["Health"]);
    assert_eq!(pages[0].id, home);

    // A page URL works as well as its id.
    let url = pages[0].url.clone().unwrap();
    let created = world
        .engine
        .notion_create_database(&url, None, None)
        .await
        .unwrap();
    assert!(created.problems.is_empty(), "{:?}", created.problems);
    let target = &created.chosen.target;
    assert_eq!(target.database_title, "Daily Tracking");
    assert_eq!(
        world.notion.database_parent(&target.database_id).as_deref(),
        Some(home.as_str())
    );
    assert!(!created.chosen.auto_mapped);

    // Chosen, and mapped by id with no problems: mapping show agrees.
    let status = world.engine.status().await.unwrap();
    assert_eq!(
        status.notion.database.as_deref(),
        Some("Daily Tracking"),
        "{status:?}"
    );
    let view = world.engine.mapping_show().await.unwrap();
    assert!(view.problems.is_empty(), "{:?}", view.problems);
    assert_eq!(view.day.as_ref().unwrap().name, "Date");
    let mapped: Vec<&str> = view
        .rows
        .iter()
        .filter(|r| r.property.is_some())
        .map(|r| r.key)
        .collect();
    let mut expected = DEFAULT_CREATE_METRICS.map(|k| k.as_str()).to_vec();
    expected.sort();
    let mut got = mapped.clone();
    got.sort();
    assert_eq!(got, expected);
    let schema = |name: &str| view.properties.iter().find(|p| p.name == name).unwrap();
    assert_eq!(schema("Recovery").number_format.as_deref(), Some("percent"));
    assert_eq!(
        schema("Sleep efficiency").number_format.as_deref(),
        Some("percent")
    );
    assert_eq!(schema("Time asleep (h)").kind, "number");
    let sleep = view.rows.iter().find(|r| r.key == "sleep_time").unwrap();
    assert_eq!(
        sleep.property.as_ref().unwrap().unit,
        Some(sync_engine::mapping::DurationUnit::Hours)
    );
    // Mapped by the created properties' ids.
    let recovery = view
        .rows
        .iter()
        .find(|r| r.key == "recovery_score")
        .unwrap();
    assert_eq!(
        recovery.property.as_ref().unwrap().id,
        schema("Recovery").id
    );

    // A sync writes rows with the right typed values.
    let first = today() - Duration::days(6);
    let report = world.sync(first, today()).await.unwrap();
    let truth = world.scored_truth(first, today());
    assert_eq!(report.created as usize, truth.len());
    let rows = world.notion.pages(&target.data_source_id);
    assert_eq!(rows.len(), truth.len());
    for night in &truth {
        let key = night.day.format("%Y-%m-%d").to_string();
        let page = rows
            .iter()
            .find(|p| p["properties"]["Date"]["date"]["start"].as_str() == Some(&key))
            .unwrap_or_else(|| panic!("no row for {key}"));
        let recovery = night.recovery_score.unwrap().round() / 100.0;
        assert_eq!(number(page, "Recovery"), Some(recovery), "{key}");
        let hours = (night.sleep_time_milli.unwrap() as f64 / 3_600_000.0 * 100.0).round() / 100.0;
        assert_eq!(number(page, "Time asleep (h)"), Some(hours), "{key}");
        let efficiency = number(page, "Sleep efficiency").unwrap();
        assert!(
            (0.0..=1.0).contains(&efficiency),
            "a fraction: {efficiency}"
        );
        assert!(number(page, "HRV (ms)").is_some_and(|v| v > 1.0));
        assert_eq!(
            page["properties"]["Name"]["title"][0]["plain_text"].as_str(),
            Some(key.as_str())
        );
    }
    // A second sync has nothing to do.
    let again = world.sync(first, today()).await.unwrap();
    assert_eq!(again.created + again.updated, 0);
}

#[tokio::test]
async fn title_and_metrics_can_be_chosen() {
    let world = World::new(Options::default()).await;
    world.connect_services().await;
    let home = world.notion.add_page("Health", true);
    let metrics = vec![
        "recovery_score".to_string(),
        "deep_sleep".to_string(),
        "bedtime".to_string(),
    ];
    let created = world
        .engine
        .notion_create_database(&home, Some("Sleep log"), Some(&metrics))
        .await
        .unwrap();
    assert_eq!(created.chosen.target.database_title, "Sleep log");
    let keys: Vec<&String> = created.chosen.mapping.metrics.keys().collect();
    assert_eq!(keys, ["bedtime", "deep_sleep", "recovery_score"]);
    let props = &created.chosen.target.schema.properties;
    assert_eq!(props.len(), 5);
    let bedtime = props.iter().find(|p| p.name == "Bedtime").unwrap();
    assert_eq!(bedtime.kind, "date");
    assert!(created.problems.is_empty(), "{:?}", created.problems);
    world
        .sync(today() - Duration::days(2), today())
        .await
        .unwrap();
    let rows = world.notion.pages(&created.chosen.target.data_source_id);
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|p| p["properties"]["Bedtime"]["date"]["start"].is_string()));
}

#[tokio::test]
async fn without_insert_content_it_says_so_and_changes_nothing() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let before = world.engine.status().await.unwrap();
    let home = world.notion.add_page("Health", true);
    world.notion.set_insert_content(false);
    let e = world
        .engine
        .notion_create_database(&home, None, None)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotionNoPermission, "{e:?}");
    assert!(e.message.contains("Insert content"), "{}", e.message);
    assert!(!e.message.contains("whoop-notion"), "{}", e.message);
    // Still syncing into the database chosen before.
    let after = world.engine.status().await.unwrap();
    assert_eq!(after.notion.database, before.notion.database);
    assert_eq!(world.notion.stats().route_count("POST /v1/databases"), 1);
}

#[tokio::test]
async fn a_page_not_shared_is_not_found_and_a_bad_parent_is_invalid() {
    let world = World::new(Options::default()).await;
    world.connect_services().await;
    let private = world.notion.add_page("Private", false);
    let e = world
        .engine
        .notion_create_database(&private, None, None)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotionNotFound, "{e:?}");
    assert!(e.message.contains("Connections"), "{}", e.message);

    let e = world
        .engine
        .notion_create_database("my page", None, None)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let home = world.notion.add_page("Health", true);
    let e = world
        .engine
        .notion_create_database(&home, None, Some(&["vo2max".to_string()]))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    // Nothing was asked of Notion for the invalid ones.
    assert_eq!(world.notion.stats().route_count("POST /v1/databases"), 1);
}
