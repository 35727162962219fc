//! Relation properties: a "Workouts" database created with a two-way relation to "Daily
//! Tracking", relation values written and read on both sides, refused links, the 100-item
//! limit, the 25 shown in a page object, and relation filters.

use crate::notion_support;

use notion_support::{day_row, start, Api};
use serde_json::{json, Value};

/// Creates "Workouts" under a fresh page with `Day` relating to `daily_ds`; returns its data
/// source id.
async fn create_workouts(api: &Api, parent: &str, daily_ds: &str, relation: Value) -> String {
    let r = api
        .post(
            "/v1/databases",
            json!({
                "parent": {"type": "page_id", "page_id": parent},
                "title": [{"type": "text", "text": {"content": "Workouts"}}],
                "initial_data_source": {"properties": {
                    "Name": {"title": {}},
                    "WHOOP ID": {"rich_text": {}},
                    "Day": {"relation": relation_with_target(relation, daily_ds)},
                }},
            }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["data_sources"][0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn relation_with_target(mut relation: Value, target: &str) -> Value {
    relation["data_source_id"] = json!(target);
    relation
}

fn dual() -> Value {
    json!({"type": "dual_property", "dual_property": {}})
}

fn workout(name: &str, whoop_id: &str, days: &[&str]) -> Value {
    let links: Vec<Value> = days.iter().map(|d| json!({"id": d})).collect();
    json!({
        "Name": {"title": [{"text": {"content": name}}]},
        "WHOOP ID": {"rich_text": [{"text": {"content": whoop_id}}]},
        "Day": {"relation": links},
    })
}

fn ids_of(property: &Value) -> Vec<String> {
    property["relation"]
        .as_array()
        .unwrap_or_else(|| panic!("not a relation value: {property}"))
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

async fn page(api: &Api, id: &str) -> Value {
    let r = api.get(&format!("/v1/pages/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

async fn schema(api: &Api, ds: &str) -> Value {
    let r = api.get(&format!("/v1/data_sources/{ds}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["properties"].clone()
}

#[tokio::test]
async fn a_dual_relation_shows_on_both_data_sources() {
    let (sim, api) = start().await;
    let daily = sim.daily_tracking_database();
    let daily_ds = &daily.data_source_ids[0];
    let home = sim.add_page("Health", true);
    let workouts_ds = create_workouts(&api, &home, daily_ds, dual()).await;

    let workouts = schema(&api, &workouts_ds).await;
    let day = &workouts["Day"];
    assert_eq!(day["type"], "relation");
    assert_eq!(day["name"], "Day");
    assert_eq!(day["relation"]["data_source_id"], daily_ds.as_str());
    assert_eq!(day["relation"]["database_id"], daily.database_id.as_str());
    assert_eq!(day["relation"]["type"], "dual_property");
    // Notion names the other side after the new database and the property.
    let synced_name = "Related to Workouts (Day)";
    assert_eq!(
        day["relation"]["dual_property"]["synced_property_name"],
        synced_name
    );
    let daily_props = schema(&api, daily_ds).await;
    let synced = &daily_props[synced_name];
    assert_eq!(synced["type"], "relation");
    assert_eq!(
        synced["id"],
        day["relation"]["dual_property"]["synced_property_id"]
    );
    assert_eq!(synced["relation"]["data_source_id"], workouts_ds.as_str());
    assert_eq!(
        synced["relation"]["dual_property"]["synced_property_id"],
        day["id"]
    );
    assert_eq!(
        synced["relation"]["dual_property"]["synced_property_name"],
        "Day"
    );
}

#[tokio::test]
async fn writing_one_side_updates_the_other_page() {
    let (sim, api) = start().await;
    let daily = sim.daily_tracking_database();
    let daily_ds = &daily.data_source_ids[0];
    let home = sim.add_page("Health", true);
    let workouts_ds = create_workouts(&api, &home, daily_ds, dual()).await;
    let monday = api.create(daily_ds, day_row("2026-11-23", 0.5)).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let tuesday = api.create(daily_ds, day_row("2026-11-24", 0.7)).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();

    // Undashed ids are accepted and answered dashed, as everywhere.
    let run = api
        .create(
            &workouts_ds,
            workout("Run", "w-1", &[&monday.replace('-', "")]),
        )
        .await;
    assert_eq!(run.status, 200, "{}", run.body);
    let day = &run.body["properties"]["Day"];
    assert_eq!(day["type"], "relation");
    assert_eq!(day["has_more"], false);
    assert_eq!(ids_of(day), vec![monday.clone()]);
    let run_id = run.body["id"].as_str().unwrap().to_string();

    let synced = "Related to Workouts (Day)";
    let mon = page(&api, &monday).await;
    assert_eq!(ids_of(&mon["properties"][synced]), vec![run_id.clone()]);
    assert_eq!(mon["properties"][synced]["has_more"], false);
    let tue = page(&api, &tuesday).await;
    assert_eq!(ids_of(&tue["properties"][synced]), Vec::<String>::new());

    // Moving the workout to Tuesday unlinks it from Monday.
    let moved = api
        .patch(
            &format!("/v1/pages/{run_id}"),
            json!({"properties": {"Day": {"relation": [{"id": tuesday}]}}}),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert!(ids_of(&page(&api, &monday).await["properties"][synced]).is_empty());
    assert_eq!(
        ids_of(&page(&api, &tuesday).await["properties"][synced]),
        vec![run_id.clone()]
    );

    // Writing from the day's side links the other way too.
    let ride = api.create(&workouts_ds, workout("Ride", "w-2", &[])).await;
    let ride_id = ride.body["id"].as_str().unwrap().to_string();
    let r = api
        .patch(
            &format!("/v1/pages/{tuesday}"),
            json!({"properties": {synced: {"relation": [{"id": run_id}, {"id": ride_id}]}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        ids_of(&page(&api, &ride_id).await["properties"]["Day"]),
        vec![tuesday.clone()]
    );

    // An empty array clears both sides.
    api.patch(
        &format!("/v1/pages/{run_id}"),
        json!({"properties": {"Day": {"relation": []}}}),
    )
    .await;
    assert_eq!(
        ids_of(&page(&api, &tuesday).await["properties"][synced]),
        [ride_id]
    );
}

#[tokio::test]
async fn a_single_relation_has_no_other_side() {
    let (sim, api) = start().await;
    let daily = sim.daily_tracking_database();
    let daily_ds = &daily.data_source_ids[0];
    let home = sim.add_page("Health", true);
    let workouts_ds = create_workouts(
        &api,
        &home,
        daily_ds,
        json!({"type": "single_property", "single_property": {}}),
    )
    .await;
    let day = &schema(&api, &workouts_ds).await["Day"];
    assert_eq!(day["relation"]["type"], "single_property");
    assert_eq!(day["relation"]["single_property"], json!({}));
    let before = schema(&api, daily_ds).await;
    assert!(before
        .as_object()
        .unwrap()
        .keys()
        .all(|k| !k.starts_with("Related to")));

    let monday = sim.insert_page(daily_ds, day_row("2026-11-23", 0.5));
    let run = api
        .create(&workouts_ds, workout("Run", "w-1", &[&monday]))
        .await;
    assert_eq!(run.status, 200, "{}", run.body);
    assert_eq!(ids_of(&run.body["properties"]["Day"]), [monday]);
}

#[tokio::test]
async fn links_to_pages_outside_the_target_are_refused() {
    let (sim, api) = start().await;
    let daily = sim.daily_tracking_database();
    let daily_ds = &daily.data_source_ids[0];
    let home = sim.add_page("Health", true);
    let workouts_ds = create_workouts(&api, &home, daily_ds, dual()).await;
    let other_workout = sim.insert_page(&workouts_ds, workout("Yoga", "w-9", &[]));
    let unknown = "00000000-0000-4000-8000-000000000000";

    let bad = [
        json!([{"id": other_workout}]),
        json!([{"id": unknown}]),
        json!([{"id": "not-a-uuid"}]),
        json!(["2a5f0c4e-1234-4abc-8def-0123456789ab"]),
        json!([{}]),
        json!({"id": unknown}),
        json!(null),
    ];
    for value in bad {
        let mut props = workout("Run", "w-1", &[]);
        props["Day"] = json!({"relation": value});
        let r = api.create(&workouts_ds, props).await;
        r.assert_error(400, "validation_error");
    }
    // A page of a database the connection can't see is refused too.
    let hidden = sim.add_database(api_simulators::notion::daily_tracking_spec());
    let hidden_day = sim.insert_page(&hidden.data_source_ids[0], day_row("2026-11-23", 0.5));
    sim.set_shared(&hidden.database_id, false);
    let r = api
        .create(&workouts_ds, workout("Run", "w-1", &[&hidden_day]))
        .await;
    r.assert_error(400, "validation_error");
    // Nothing was created by any of them.
    assert_eq!(sim.pages(&workouts_ds).len(), 1);
}

#[tokio::test]
async fn more_than_100_links_are_refused_and_a_page_shows_25() {
    let (sim, api) = start().await;
    let daily = sim.daily_tracking_database();
    let daily_ds = &daily.data_source_ids[0];
    let home = sim.add_page("Health", true);
    let workouts_ds = create_workouts(&api, &home, daily_ds, dual()).await;
    let days: Vec<String> = (0..101)
        .map(|i| {
            sim.insert_page(
                daily_ds,
                day_row(&format!("2026-01-{:02}", i % 28 + 1), 0.5),
            )
        })
        .collect();
    let all: Vec<&str> = days.iter().map(String::as_str).collect();
    let r = api.create(&workouts_ds, workout("Run", "w-1", &all)).await;
    r.assert_error(400, "validation_error");
    assert!(r.message().contains("100"), "{}", r.message());

    let r = api
        .create(&workouts_ds, workout("Run", "w-1", &all[..100]))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let day = &r.body["properties"]["Day"];
    assert_eq!(ids_of(day).len(), 25);
    assert_eq!(day["has_more"], true);
}

#[tokio::test]
async fn relation_and_rich_text_filters() {
    let (sim, api) = start().await;
    let daily = sim.daily_tracking_database();
    let daily_ds = &daily.data_source_ids[0];
    let home = sim.add_page("Health", true);
    let workouts_ds = create_workouts(&api, &home, daily_ds, dual()).await;
    let monday = sim.insert_page(daily_ds, day_row("2026-11-23", 0.5));
    let tuesday = sim.insert_page(daily_ds, day_row("2026-11-24", 0.5));
    let run = sim.insert_page(&workouts_ds, workout("Run", "w-1", &[&monday]));
    let ride = sim.insert_page(&workouts_ds, workout("Ride", "w-2", &[&monday, &tuesday]));
    let rest = sim.insert_page(&workouts_ds, workout("Rest", "w-3", &[]));

    let found = |filter: Value| {
        let api = api.clone();
        let ds = workouts_ds.clone();
        async move {
            let mut ids: Vec<String> = api
                .query_all(&ds, json!({"filter": filter}), 100)
                .await
                .iter()
                .map(|p| p["id"].as_str().unwrap().to_string())
                .collect();
            ids.sort();
            ids
        }
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(
        found(json!({"property": "Day", "relation": {"contains": monday}})).await,
        sorted(vec![run.clone(), ride.clone()])
    );
    assert_eq!(
        found(json!({"property": "Day", "relation": {"contains": tuesday.replace('-', "")}})).await,
        vec![ride.clone()]
    );
    assert_eq!(
        found(json!({"property": "Day", "relation": {"does_not_contain": tuesday}})).await,
        sorted(vec![run.clone(), rest.clone()])
    );
    assert_eq!(
        found(json!({"property": "Day", "relation": {"is_empty": true}})).await,
        vec![rest.clone()]
    );
    assert_eq!(
        found(json!({"property": "Day", "relation": {"is_not_empty": true}})).await,
        sorted(vec![run.clone(), ride.clone()])
    );
    // The synced side filters too.
    let days = api
        .query_all(
            daily_ds,
            json!({"filter": {"property": "Related to Workouts (Day)", "relation": {"contains": run}}}),
            100,
        )
        .await;
    assert_eq!(days.len(), 1);
    assert_eq!(days[0]["id"], monday.as_str());
    // Looking a workout up by its WHOOP ID: exact, case-sensitive.
    assert_eq!(
        found(json!({"property": "WHOOP ID", "rich_text": {"equals": "w-2"}})).await,
        vec![ride.clone()]
    );
    assert!(
        found(json!({"property": "WHOOP ID", "rich_text": {"equals": "W-2"}}))
            .await
            .is_empty()
    );
    assert!(
        found(json!({"property": "WHOOP ID", "rich_text": {"equals": "w-"}}))
            .await
            .is_empty()
    );

    for bad in [
        json!({"property": "Day", "relation": {"contains": "monday"}}),
        json!({"property": "Day", "relation": {"equals": monday}}),
        json!({"property": "Day", "relation": {"is_empty": false}}),
        json!({"property": "Day", "rich_text": {"equals": monday}}),
    ] {
        api.query(&workouts_ds, json!({"filter": bad}))
            .await
            .assert_error(400, "validation_error");
    }
}

#[tokio::test]
async fn a_relation_to_an_unknown_or_unshared_data_source_is_refused() {
    let (sim, api) = start().await;
    let home = sim.add_page("Health", true);
    let hidden = sim.daily_tracking_database();
    sim.set_shared(&hidden.database_id, false);
    for target in [
        hidden.data_source_ids[0].clone(),
        "00000000-0000-4000-8000-000000000000".to_string(),
    ] {
        let r = api
            .post(
                "/v1/databases",
                json!({
                    "parent": {"type": "page_id", "page_id": home},
                    "title": [{"text": {"content": "Workouts"}}],
                    "initial_data_source": {"properties": {
                        "Name": {"title": {}},
                        "Day": {"relation": relation_with_target(dual(), &target)},
                    }},
                }),
            )
            .await;
        r.assert_error(404, "object_not_found");
    }
    let found = api
        .post(
            "/v1/search",
            json!({"filter": {"property": "object", "value": "data_source"}}),
        )
        .await;
    assert_eq!(found.body["results"], json!([]), "nothing was created");
    // Badly formed relation configurations are 400s.
    let daily = sim.daily_tracking_database();
    for relation in [
        json!({"type": "dual_property", "dual_property": {}}),
        json!({"data_source_id": daily.data_source_ids[0]}),
        json!({"data_source_id": "nope", "single_property": {}}),
        json!({"data_source_id": daily.data_source_ids[0], "type": "single_property", "dual_property": {}}),
        json!({"database_id": daily.database_id, "dual_property": {}}),
    ] {
        let r = api
            .post(
                "/v1/databases",
                json!({
                    "parent": {"type": "page_id", "page_id": home},
                    "initial_data_source": {"properties": {"Day": {"relation": relation}}},
                }),
            )
            .await;
        r.assert_error(400, "validation_error");
    }
}
