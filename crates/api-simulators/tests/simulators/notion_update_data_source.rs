//! `PATCH /v1/data_sources/{id}`: adding (a relation among them), renaming and removing
//! properties by name or id, with Notion's refusals; a refused request changes nothing.

use crate::notion_support;

use api_simulators::notion::NotionSimConfig;
use notion_support::{day_row, start, start_with, Api, TOKEN};
use serde_json::{json, Value};

async fn schema(api: &Api, ds: &str) -> Value {
    let r = api.get(&format!("/v1/data_sources/{ds}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["properties"].clone()
}

async fn patch(api: &Api, ds: &str, properties: Value) -> notion_support::Resp {
    api.patch(
        &format!("/v1/data_sources/{ds}"),
        json!({ "properties": properties }),
    )
    .await
}

#[tokio::test]
async fn adds_a_dual_relation_to_an_existing_data_source() {
    let (sim, api) = start().await;
    let daily = sim.daily_tracking_database();
    let daily_ds = &daily.data_source_ids[0];
    let workouts = sim.add_database(api_simulators::notion::DatabaseSpec {
        title: "Workouts".into(),
        data_sources: vec![api_simulators::notion::DataSourceSpec {
            name: "Workouts".into(),
            properties: vec![],
        }],
        shared: true,
    });
    let workouts_ds = &workouts.data_source_ids[0];

    let r = patch(
        &api,
        workouts_ds,
        json!({
            "Day": {"relation": {"data_source_id": daily_ds, "type": "dual_property",
                                  "dual_property": {"synced_property_name": "Workouts"}}},
            "Strain": {"number": {"format": "number"}},
        }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["object"], "data_source");
    let day = &r.body["properties"]["Day"];
    assert_eq!(day["relation"]["data_source_id"], daily_ds.as_str());
    assert_eq!(
        day["relation"]["dual_property"]["synced_property_name"],
        "Workouts"
    );
    assert_eq!(r.body["properties"]["Strain"]["number"]["format"], "number");
    assert_eq!(schema(&api, workouts_ds).await, r.body["properties"]);
    let synced = &schema(&api, daily_ds).await["Workouts"];
    assert_eq!(
        synced["id"],
        day["relation"]["dual_property"]["synced_property_id"]
    );

    // The new relation is writable at once, and shows on the day.
    let monday = sim.insert_page(daily_ds, day_row("2026-11-23", 0.5));
    let run = api
        .create(
            workouts_ds,
            json!({"Name": {"title": [{"text": {"content": "Run"}}]},
                   "Day": {"relation": [{"id": monday}]}}),
        )
        .await;
    assert_eq!(run.status, 200, "{}", run.body);
    let day_page = api.get(&format!("/v1/pages/{monday}")).await;
    assert_eq!(
        day_page.body["properties"]["Workouts"]["relation"],
        json!([{"id": run.body["id"]}])
    );

    // Sending the same relation again (a retried request) changes nothing.
    let again = patch(
        &api,
        workouts_ds,
        json!({"Day": {"relation": {"data_source_id": daily_ds, "dual_property": {}}}}),
    )
    .await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["properties"]["Day"], *day);
    let day_page = api.get(&format!("/v1/pages/{monday}")).await;
    assert_eq!(
        day_page.body["properties"]["Workouts"]["relation"],
        json!([{"id": run.body["id"]}])
    );

    // Renaming the synced side shows in the relation's own configuration.
    let synced_id = synced["id"].as_str().unwrap();
    let r = patch(&api, daily_ds, json!({ synced_id: {"name": "Training"} })).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        schema(&api, workouts_ds).await["Day"]["relation"]["dual_property"]["synced_property_name"],
        "Training"
    );

    // Removing one side of a two-way relation removes the other too.
    let r = patch(&api, workouts_ds, json!({"Day": null})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["properties"].get("Day").is_none());
    assert!(schema(&api, daily_ds).await.get("Training").is_none());
    let day_page = api.get(&format!("/v1/pages/{monday}")).await;
    assert!(day_page.body["properties"].get("Training").is_none());
}

#[tokio::test]
async fn renames_and_removes_by_name_or_id_keeping_values() {
    let (sim, api) = start().await;
    let daily = sim.daily_tracking_database();
    let ds = &daily.data_source_ids[0];
    let page = sim.insert_page(ds, day_row("2026-11-23", 0.5));
    let hrv_id = schema(&api, ds).await["HRV"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    sim.insert_page(ds, json!({"HRV": {"number": 61}}));

    let r = patch(
        &api,
        ds,
        json!({ hrv_id.clone(): {"name": "Heart Rate Variability"}, "Notes": null, "Recovery": {"name": "Recovery %"} }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let props = &r.body["properties"];
    assert_eq!(props["Heart Rate Variability"]["id"], hrv_id.as_str());
    assert!(props.get("HRV").is_none() && props.get("Notes").is_none());
    // Values follow the property id through a rename.
    let got = api.get(&format!("/v1/pages/{page}")).await;
    assert_eq!(got.body["properties"]["Recovery %"]["number"], 0.5);
    assert!(got.body["properties"].get("Notes").is_none());

    // A key naming no property, with a type, adds one (named by `name` if given).
    let r = patch(&api, ds, json!({"x": {"name": "Zone 2", "number": {}}})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["properties"]["Zone 2"]["type"], "number");
}

#[tokio::test]
async fn refusals_change_nothing() {
    let (sim, api) = start().await;
    let daily = sim.daily_tracking_database();
    let ds = &daily.data_source_ids[0];
    let before = schema(&api, ds).await;
    let bad = [
        // Unknown property to rename or remove; a key with neither name nor type.
        json!({"Nope": {"name": "Still nope"}}),
        json!({"Nope": null}),
        json!({"HRV": {}}),
        // The title can't go, nor change type; there can't be a second one.
        json!({"Name": null}),
        json!({"Name": {"rich_text": {}}}),
        json!({"Other title": {"title": {}}}),
        // Status can't be created; names must stay unique.
        json!({"State": {"status": {}}}),
        json!({"HRV": {"name": "Strain"}}),
        json!({"Strain 2": {"name": "Calories", "number": {}}}),
        // A good change beside a bad one is not applied either.
        json!({"Notes": null, "Zone": {"relation": {"data_source_id": "00000000-0000-4000-8000-000000000000", "single_property": {}}}}),
        json!("HRV"),
    ];
    for properties in bad {
        let r = patch(&api, ds, properties.clone()).await;
        assert!(
            matches!(r.code(), "validation_error" | "object_not_found"),
            "{properties}: {}",
            r.body
        );
        assert_eq!(schema(&api, ds).await, before, "{properties}");
    }
    // Unknown data source: 404.
    patch(&api, "00000000-0000-4000-8000-000000000000", json!({}))
        .await
        .assert_error(404, "object_not_found");
}

#[tokio::test]
async fn needs_the_update_content_capability() {
    let mut config = NotionSimConfig::new(TOKEN);
    config.rate_per_second = 10_000.0;
    config.burst = 10_000;
    let (sim, api) = start_with(config).await;
    let daily = sim.daily_tracking_database();
    sim.set_update_content(false);
    patch(
        &api,
        &daily.data_source_ids[0],
        json!({"Zone": {"number": {}}}),
    )
    .await
    .assert_error(403, "restricted_resource");
    assert_eq!(sim.stats().route_count("PATCH /v1/data_sources/{id}"), 1);
}
