//! Search, database → data sources, and schema shapes.

use crate::notion_support;

use api_simulators::notion::{DataSourceSpec, DatabaseSpec, PropertyKind, PropertySpec};
use notion_support::{day_row, start};
use serde_json::{json, Value};

fn simple_db(title: &str, shared: bool) -> DatabaseSpec {
    DatabaseSpec {
        title: title.into(),
        data_sources: vec![DataSourceSpec {
            name: title.into(),
            properties: vec![PropertySpec::new("Name", PropertyKind::Title)],
        }],
        shared,
    }
}

fn ids(results: &Value) -> Vec<String> {
    results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn search_lists_only_shared_data_sources() {
    let (sim, api) = start().await;
    let daily = sim.daily_tracking_database();
    let hidden = sim.add_database(simple_db("Private Journal", false));
    let other = sim.add_database(simple_db("Reading List", true));

    let r = api
        .post(
            "/v1/search",
            json!({"filter": {"property": "object", "value": "data_source"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["object"], "list");
    assert_eq!(r.body["type"], "page_or_data_source");
    assert_eq!(r.body["has_more"], false);
    let found = ids(&r.body["results"]);
    assert_eq!(found.len(), 2);
    assert!(found.contains(&daily.data_source_ids[0]));
    assert!(found.contains(&other.data_source_ids[0]));
    assert!(!found.contains(&hidden.data_source_ids[0]));

    let ds = r.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == daily.data_source_ids[0].as_str())
        .unwrap();
    assert_eq!(ds["object"], "data_source");
    assert_eq!(
        ds["parent"],
        json!({"type": "database_id", "database_id": daily.database_id})
    );
    assert_eq!(ds["title"][0]["plain_text"], "Daily Tracking");
    assert!(ds.get("archived").is_none());

    // Text query matches titles, case-insensitively.
    let r = api
        .post(
            "/v1/search",
            json!({"query": "daily", "filter": {"property": "object", "value": "data_source"}}),
        )
        .await;
    assert_eq!(
        ids(&r.body["results"]),
        vec![daily.data_source_ids[0].clone()]
    );

    // Sharing later makes it appear.
    sim.set_shared(&hidden.database_id, true);
    let r = api
        .post(
            "/v1/search",
            json!({"filter": {"property": "object", "value": "data_source"}}),
        )
        .await;
    assert_eq!(ids(&r.body["results"]).len(), 3);

    // A database deleted in Notion is in the trash, and search still finds it, marked so.
    sim.set_database_in_trash(&other.database_id, true);
    let r = api
        .post(
            "/v1/search",
            json!({"filter": {"property": "object", "value": "data_source"}}),
        )
        .await;
    let trashed = r.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == other.data_source_ids[0].as_str())
        .expect("search finds what is in the trash");
    assert_eq!(trashed["in_trash"], true);
    let r = api
        .get(&format!("/v1/databases/{}", other.database_id))
        .await;
    assert_eq!(r.body["in_trash"], true, "{}", r.body);
}

#[tokio::test]
async fn search_without_filter_also_returns_pages_and_pages_through() {
    let (sim, api) = start().await;
    let daily = sim.daily_tracking_database();
    let ds = &daily.data_source_ids[0];
    sim.insert_page(ds, day_row("2026-11-20", 0.5));
    sim.insert_page(ds, day_row("2026-11-21", 0.6));

    let r = api.post("/v1/search", json!({})).await;
    let kinds: Vec<&str> = r.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["object"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "page").count(), 2);
    assert_eq!(kinds.iter().filter(|k| **k == "data_source").count(), 1);

    let first = api.post("/v1/search", json!({"page_size": 2})).await;
    assert_eq!(first.body["results"].as_array().unwrap().len(), 2);
    assert_eq!(first.body["has_more"], true);
    let second = api
        .post(
            "/v1/search",
            json!({"page_size": 2, "start_cursor": first.body["next_cursor"]}),
        )
        .await;
    assert_eq!(second.body["results"].as_array().unwrap().len(), 1);
    assert_eq!(second.body["has_more"], false);
    let mut all = ids(&first.body["results"]);
    all.extend(ids(&second.body["results"]));
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 3);
}

#[tokio::test]
async fn search_refuses_the_pre_2025_database_filter() {
    let (_sim, api) = start().await;
    let r = api
        .post(
            "/v1/search",
            json!({"filter": {"property": "object", "value": "database"}}),
        )
        .await;
    r.assert_error(400, "validation_error");
    let r = api.post("/v1/search", json!({"page_size": 101})).await;
    r.assert_error(400, "validation_error");
}

#[tokio::test]
async fn database_lists_its_data_sources_without_schema() {
    let (sim, api) = start().await;
    let multi = sim.add_database(DatabaseSpec {
        title: "Health".into(),
        data_sources: vec![
            DataSourceSpec {
                name: "Days".into(),
                properties: vec![],
            },
            DataSourceSpec {
                name: "Workouts".into(),
                properties: vec![],
            },
        ],
        shared: true,
    });
    let r = api
        .get(&format!("/v1/databases/{}", multi.database_id))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["object"], "database");
    assert_eq!(r.body["id"], multi.database_id.as_str());
    assert_eq!(r.body["title"][0]["plain_text"], "Health");
    assert!(
        r.body.get("properties").is_none(),
        "schema lives on data sources"
    );
    let sources = r.body["data_sources"].as_array().unwrap();
    assert_eq!(
        sources,
        &vec![
            json!({"id": multi.data_source_ids[0], "name": "Days"}),
            json!({"id": multi.data_source_ids[1], "name": "Workouts"}),
        ]
    );

    // Users paste ids from URLs: no dashes.
    let compact = multi.database_id.replace('-', "");
    assert_eq!(
        api.get(&format!("/v1/databases/{compact}")).await.status,
        200
    );
}

#[tokio::test]
async fn database_404s_for_unshared_unknown_and_wrong_kind_of_id() {
    let (sim, api) = start().await;
    let daily = sim.daily_tracking_database();
    let hidden = sim.add_database(simple_db("Secret", false));
    let page = sim.insert_page(&daily.data_source_ids[0], day_row("2026-11-24", 0.7));

    for id in [
        hidden.database_id.clone(),
        daily.data_source_ids[0].clone(),
        page,
        "00000000-0000-4000-8000-000000000000".to_string(),
    ] {
        api.get(&format!("/v1/databases/{id}"))
            .await
            .assert_error(404, "object_not_found");
    }
    api.get("/v1/databases/not-a-uuid")
        .await
        .assert_error(400, "validation_error");

    // Nor is a database id a data source id.
    api.get(&format!("/v1/data_sources/{}", daily.database_id))
        .await
        .assert_error(404, "object_not_found");

    sim.set_shared(&daily.database_id, false);
    api.get(&format!("/v1/databases/{}", daily.database_id))
        .await
        .assert_error(404, "object_not_found");
    api.get(&format!("/v1/data_sources/{}", daily.data_source_ids[0]))
        .await
        .assert_error(404, "object_not_found");
}

#[tokio::test]
async fn data_source_schema_has_ids_types_and_configs() {
    let (sim, api) = start().await;
    let daily = sim.daily_tracking_database();
    let r = api
        .get(&format!("/v1/data_sources/{}", daily.data_source_ids[0]))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let ds = &r.body;
    assert_eq!(ds["object"], "data_source");
    assert_eq!(
        ds["parent"],
        json!({"type": "database_id", "database_id": daily.database_id})
    );
    let props = ds["properties"].as_object().unwrap();
    assert_eq!(props.len(), 18);

    let name = &props["Name"];
    assert_eq!(name["id"], "title");
    assert_eq!(name["type"], "title");
    assert_eq!(name["title"], json!({}));

    let recovery = &props["Recovery"];
    assert_eq!(recovery["name"], "Recovery");
    assert_eq!(recovery["type"], "number");
    assert_eq!(recovery["number"]["format"], "percent");
    assert_eq!(props["HRV"]["number"]["format"], "number");

    let mood = &props["Mood"]["select"]["options"];
    let names: Vec<&str> = mood
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Great", "Good", "Okay", "Bad"]);
    assert!(mood[0]["id"].is_string() && mood[0]["color"].is_string());

    assert_eq!(props["Score Formula"]["type"], "formula");
    assert!(props["Score Formula"]["formula"]["expression"].is_string());
    assert_eq!(props["Created"]["type"], "created_time");
    assert_eq!(props["Workout"]["type"], "checkbox");
    assert_eq!(props["Sleep"]["type"], "rich_text");

    // Property ids are short opaque strings, unique, and never the name.
    let mut seen = std::collections::HashSet::new();
    for (key, p) in props {
        let id = p["id"].as_str().unwrap();
        assert!(seen.insert(id.to_string()), "duplicate id {id}");
        if key != "Name" {
            assert_ne!(id, key);
            assert!(id.len() <= 12, "{id}");
        }
    }
}
