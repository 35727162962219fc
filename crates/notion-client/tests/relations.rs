//! The client against the Notion simulator: reading a relation's target from a schema,
//! `update_data_source` (adding a two-way relation, retried like every call), and a page's
//! relation ids on both sides.

use std::sync::Arc;

use api_simulators::notion::{
    DataSourceSpec, DatabaseSpec, FaultKind, NotionFault, NotionSim, NotionSimConfig,
    NotionSimHandle, Route,
};
use http_policy::{Executor, Jitter, RateLimiter, RetryPolicy, SystemClock};
use notion_client::{NotionApi, NotionApiConfig, NotionError, RelationTarget};
use serde_json::json;

const TOKEN: &str = "ntn_client_relations";

async fn start(executor: Executor) -> (NotionSimHandle, NotionApi) {
    let mut config = NotionSimConfig::new(TOKEN);
    config.rate_per_second = 10_000.0;
    config.burst = 10_000;
    let sim = NotionSim::start(config).await.expect("simulator starts");
    let api = NotionApi::new(
        NotionApiConfig {
            base: sim.base_url(),
        },
        TOKEN.into(),
        executor,
    );
    (sim, api)
}

/// Retries as the app does (a few tries, honouring Retry-After), without the rate limit.
fn retrying() -> Executor {
    Executor::new(
        reqwest::Client::new(),
        Arc::new(SystemClock),
        RateLimiter::unlimited(),
        RetryPolicy {
            max_attempts: 3,
            ..RetryPolicy::default()
        },
        Jitter::seeded(1),
    )
}

/// Daily Tracking and an empty "Workouts"; their data source ids.
fn databases(sim: &NotionSimHandle) -> (String, String) {
    let daily = sim.daily_tracking_database();
    let workouts = sim.add_database(DatabaseSpec {
        title: "Workouts".into(),
        data_sources: vec![DataSourceSpec {
            name: "Workouts".into(),
            properties: vec![],
        }],
        shared: true,
    });
    (
        daily.data_source_ids[0].clone(),
        workouts.data_source_ids[0].clone(),
    )
}

fn day_relation(target: &str) -> serde_json::Value {
    json!({"Day": {"relation": {"data_source_id": target, "type": "dual_property", "dual_property": {}}}})
}

#[tokio::test]
async fn adds_a_two_way_relation_and_reads_both_targets() {
    let (sim, api) = start(test_support::executor::single_try()).await;
    let (daily_ds, workouts_ds) = databases(&sim);

    let schema = api
        .update_data_source(&workouts_ds, day_relation(&daily_ds))
        .await
        .expect("schema updated");
    let day = schema.by_name("Day").expect("Day added");
    assert_eq!(day.kind, "relation");
    assert_eq!(
        day.relation,
        Some(RelationTarget {
            data_source_id: daily_ds.clone(),
            dual: true
        })
    );
    // The other side, as Notion names it, points back.
    let daily = api.data_source(&daily_ds).await.unwrap();
    let synced = daily
        .by_name("Related to Workouts (Day)")
        .expect("synced property");
    assert_eq!(
        synced.relation,
        Some(RelationTarget {
            data_source_id: workouts_ds.clone(),
            dual: true
        })
    );
    // Other properties have no target.
    assert!(daily.by_name("HRV").unwrap().relation.is_none());
}

#[tokio::test]
async fn a_page_keeps_its_relation_ids_on_both_sides() {
    let (sim, api) = start(test_support::executor::single_try()).await;
    let (daily_ds, workouts_ds) = databases(&sim);
    let schema = api
        .update_data_source(
            &workouts_ds,
            json!({"Day": {"relation": {"data_source_id": daily_ds, "dual_property": {}}},
                   "WHOOP ID": {"rich_text": {}}}),
        )
        .await
        .unwrap();
    let day_id = schema.by_name("Day").unwrap().id.clone();
    let monday = sim.insert_page(
        &daily_ds,
        json!({"Name": {"title": [{"text": {"content": "Mon"}}]}, "Date": {"date": {"start": "2026-11-23"}}}),
    );

    let run = api
        .create_page(
            &workouts_ds,
            json!({"Name": {"title": [{"text": {"content": "Run"}}]},
                   "WHOOP ID": {"rich_text": [{"text": {"content": "w-1"}}]},
                   "Day": {"relation": [{"id": monday}]}}),
        )
        .await
        .unwrap();
    assert_eq!(run.relation_ids(&day_id), vec![monday.clone()]);
    assert!(run.relation_complete(&day_id));
    assert!(run.relation_ids("no such property").is_empty());

    // Found again by its WHOOP ID, still linked.
    let found = api
        .query(
            &workouts_ds,
            json!({"property": "WHOOP ID", "rich_text": {"equals": "w-1"}}),
            json!([]),
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].relation_ids(&day_id), vec![monday.clone()]);

    // The day lists the workout on its synced property.
    let daily = api.data_source(&daily_ds).await.unwrap();
    let synced_id = daily
        .by_name("Related to Workouts (Day)")
        .unwrap()
        .id
        .clone();
    let days = api
        .query(
            &daily_ds,
            json!({"property": synced_id, "relation": {"contains": run.id}}),
            json!([]),
        )
        .await
        .unwrap();
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].id, monday);
    assert_eq!(days[0].relation_ids(&synced_id), vec![run.id.clone()]);

    // Unlinking is a write like any other.
    let run = api
        .update_page(&run.id, json!({"Day": {"relation": []}}))
        .await
        .unwrap();
    assert!(run.relation_ids(&day_id).is_empty());
}

#[tokio::test]
async fn update_data_source_is_retried_and_refusals_are_typed() {
    let (sim, api) = start(retrying()).await;
    let (daily_ds, workouts_ds) = databases(&sim);
    sim.inject_fault(NotionFault::new(
        Route::UpdateDataSource,
        FaultKind::Status(503),
        1,
    ));
    let schema = api
        .update_data_source(&workouts_ds, day_relation(&daily_ds))
        .await
        .expect("retried after the 503");
    assert!(schema.by_name("Day").is_some());
    assert_eq!(
        sim.stats().route_count("PATCH /v1/data_sources/{id}"),
        2,
        "one failure, one success"
    );

    let unknown = "00000000-0000-4000-8000-000000000000";
    let err = api
        .update_data_source(&workouts_ds, day_relation(unknown))
        .await
        .unwrap_err();
    assert!(matches!(err, NotionError::NotFound { .. }), "{err:?}");
    let err = api
        .update_data_source(&workouts_ds, json!({"Name": null}))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, NotionError::Rejected { code, .. } if code == "validation_error"),
        "{err:?}"
    );
}
