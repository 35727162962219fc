//! Creating and updating rows: page shape, validation, ids in place of names, renames.

use crate::notion_support;

use api_simulators::notion::{DataSourceSpec, DatabaseSpec, PropertyKind};
use notion_support::{day_row, start, title_of, Api};
use serde_json::{json, Value};

async fn schema(api: &Api, ds: &str) -> Value {
    let r = api.get(&format!("/v1/data_sources/{ds}")).await;
    assert_eq!(r.status, 200);
    r.body["properties"].clone()
}

#[tokio::test]
async fn created_page_has_notion_shape() {
    let (sim, api) = start().await;
    let db = sim.daily_tracking_database();
    let ds = &db.data_source_ids[0];
    let mut props = day_row("2026-11-24", 0.78);
    props["Sleep"] = json!({"rich_text": [{"text": {"content": "7h 12m"}}]});
    props["Workout"] = json!({"checkbox": true});
    props["Mood"] = json!({"select": {"name": "Good"}});
    let r = api.create(ds, props).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let page = &r.body;

    assert_eq!(page["object"], "page");
    assert_eq!(page["id"].as_str().unwrap().len(), 36);
    assert_eq!(
        page["parent"],
        json!({"type": "data_source_id", "data_source_id": ds, "database_id": db.database_id})
    );
    assert_eq!(page["in_trash"], false);
    assert!(page.get("archived").is_none());
    assert!(page["url"]
        .as_str()
        .unwrap()
        .starts_with("https://www.notion.so/"));
    for t in ["created_time", "last_edited_time"] {
        let s = page[t].as_str().unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(s).is_ok(), "{t}: {s}");
    }

    let p = &page["properties"];
    assert_eq!(p["Name"]["id"], "title");
    assert_eq!(p["Name"]["type"], "title");
    let title = &p["Name"]["title"][0];
    assert_eq!(title["type"], "text");
    assert_eq!(title["text"]["content"], "2026-11-24");
    assert_eq!(title["plain_text"], "2026-11-24");
    assert_eq!(title["annotations"]["bold"], false);
    assert_eq!(
        p["Date"]["date"],
        json!({"start": "2026-11-24", "end": null, "time_zone": null})
    );
    assert_eq!(p["Recovery"]["type"], "number");
    assert_eq!(p["Recovery"]["number"], 0.78);
    assert_eq!(p["HRV"]["number"], Value::Null, "unset number is null");
    assert_eq!(p["Notes"]["rich_text"], json!([]), "unset text is empty");
    assert_eq!(p["Sleep"]["rich_text"][0]["plain_text"], "7h 12m");
    assert_eq!(p["Workout"]["checkbox"], true);
    assert_eq!(p["Mood"]["select"]["name"], "Good");
    assert!(p["Mood"]["select"]["id"].is_string() && p["Mood"]["select"]["color"].is_string());
    assert_eq!(p["Created"]["created_time"], page["created_time"]);
    let formula = &p["Score Formula"]["formula"];
    assert_eq!(formula["type"], "number");
    assert!((formula["number"].as_f64().unwrap() - 78.0).abs() < 1e-9);
    for (name, v) in p.as_object().unwrap() {
        assert!(v["id"].is_string() && v["type"].is_string(), "{name}: {v}");
    }

    // GET returns the same page, and the handle sees it.
    let got = api
        .get(&format!("/v1/pages/{}", page["id"].as_str().unwrap()))
        .await;
    assert_eq!(&got.body, page);
    assert_eq!(sim.pages(ds), vec![page.clone()]);
    assert_eq!(sim.stats().creates_applied, 1);
}

#[tokio::test]
async fn validation_errors_apply_nothing() {
    let (sim, api) = start().await;
    let db = sim.daily_tracking_database();
    let ds = &db.data_source_ids[0];
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"Recovry": {"number": 1}}),
            "Recovry is not a property that exists.",
        ),
        (
            json!({"Recovery": {"number": "78"}}),
            "Recovery is expected to be number.",
        ),
        (
            json!({"Recovery": {"rich_text": []}}),
            "Recovery is expected to be number.",
        ),
        (
            json!({"Recovery": 0.5}),
            "Recovery is expected to be number.",
        ),
        (
            json!({"Workout": {"checkbox": "yes"}}),
            "Workout is expected to be checkbox.",
        ),
        (
            json!({"Score Formula": {"formula": {"number": 1}}}),
            "Score Formula",
        ),
        (
            json!({"Created": {"created_time": "2026-11-24T00:00:00Z"}}),
            "Created",
        ),
        (json!({"Date": {"date": {"start": "24/11/2026"}}}), "start"),
        (
            json!({"Notes": {"rich_text": [{"text": {"content": "x".repeat(2001)}}]}}),
            "2000",
        ),
        (json!({"Mood": {"select": {"name": "a,b"}}}), "comma"),
    ];
    for (props, needle) in cases {
        let r = api.create(ds, props.clone()).await;
        r.assert_error(400, "validation_error");
        assert!(r.message().contains(needle), "{props} → {}", r.message());
    }
    // A valid property alongside an invalid one is not applied either.
    let mut mixed = day_row("2026-11-24", 0.5);
    mixed["Nope"] = json!({"number": 1});
    api.create(ds, mixed)
        .await
        .assert_error(400, "validation_error");
    let r = api
        .post("/v1/pages", json!({"parent": {"data_source_id": ds}}))
        .await;
    r.assert_error(400, "validation_error");
    assert!(sim.pages(ds).is_empty());
    assert_eq!(sim.stats().creates_applied, 0);
}

#[tokio::test]
async fn empty_strings_are_refused_and_null_clears() {
    let (sim, api) = start().await;
    let db = sim.add_database(DatabaseSpec {
        title: "Links".into(),
        data_sources: vec![DataSourceSpec {
            name: "Links".into(),
            properties: vec![
                api_simulators::notion::PropertySpec::new("Name", PropertyKind::Title),
                api_simulators::notion::PropertySpec::new("Link", PropertyKind::Url),
                api_simulators::notion::PropertySpec::new("Score", PropertyKind::number()),
            ],
        }],
        shared: true,
    });
    let ds = &db.data_source_ids[0];
    api.create(ds, json!({"Link": {"url": ""}}))
        .await
        .assert_error(400, "validation_error");
    let r = api
        .create(
            ds,
            json!({"Link": {"url": "https://example.com"}, "Score": {"number": 3}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_string();

    let r = api
        .patch(
            &format!("/v1/pages/{id}"),
            json!({"properties": {"Link": {"url": null}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["properties"]["Link"]["url"], Value::Null);
    assert_eq!(
        r.body["properties"]["Score"]["number"], 3,
        "untouched property kept"
    );
}

#[tokio::test]
async fn patch_changes_only_named_properties() {
    let (sim, api) = start().await;
    let db = sim.daily_tracking_database();
    let ds = &db.data_source_ids[0];
    let mut props = day_row("2026-11-24", 0.5);
    props["HRV"] = json!({"number": 61});
    props["Notes"] = json!({"rich_text": [{"text": {"content": "typed by me"}}]});
    let id = sim.insert_page(ds, props);

    let r = api
        .patch(
            &format!("/v1/pages/{id}"),
            json!({"properties": {"Recovery": {"number": 0.9}, "HRV": {"number": null}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let p = &r.body["properties"];
    assert_eq!(p["Recovery"]["number"], 0.9);
    assert_eq!(p["HRV"]["number"], Value::Null);
    assert_eq!(p["Notes"]["rich_text"][0]["plain_text"], "typed by me");
    assert_eq!(title_of(&r.body), "2026-11-24");
    assert_eq!(sim.stats().updates_applied, 1);

    api.patch(
        "/v1/pages/00000000-0000-4000-8000-000000000000",
        json!({"properties": {}}),
    )
    .await
    .assert_error(404, "object_not_found");
}

#[tokio::test]
async fn select_with_unknown_name_creates_the_option() {
    let (sim, api) = start().await;
    let db = sim.daily_tracking_database();
    let ds = &db.data_source_ids[0];
    let r = api
        .create(ds, json!({"Mood": {"select": {"name": "Ecstatic"}}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let options = schema(&api, ds).await["Mood"]["select"]["options"].clone();
    assert!(options
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["name"] == "Ecstatic"));
}

#[tokio::test]
async fn property_ids_work_in_place_of_names_and_survive_renames() {
    let (sim, api) = start().await;
    let db = sim.daily_tracking_database();
    let ds = &db.data_source_ids[0];
    let recovery_id = schema(&api, ds).await["Recovery"]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let r = api
        .create(ds, json!({"title": {"title": [{"text": {"content": "by id"}}]}, recovery_id.clone(): {"number": 0.42}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["properties"]["Recovery"]["number"], 0.42);
    let page_id = r.body["id"].as_str().unwrap().to_string();

    sim.rename_property(ds, "Recovery", "Recovery %");
    let after = schema(&api, ds).await;
    assert!(after.get("Recovery").is_none());
    assert_eq!(after["Recovery %"]["id"], recovery_id.as_str());

    // Old name fails, id still works, value kept under the new name.
    api.patch(
        &format!("/v1/pages/{page_id}"),
        json!({"properties": {"Recovery": {"number": 0.5}}}),
    )
    .await
    .assert_error(400, "validation_error");
    let r = api
        .patch(
            &format!("/v1/pages/{page_id}"),
            json!({"properties": {recovery_id.clone(): {"number": 0.5}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["properties"]["Recovery %"]["number"], 0.5);
    assert_eq!(
        r.body["properties"]["Recovery %"]["id"],
        recovery_id.as_str()
    );
}

#[tokio::test]
async fn type_changes_and_removals_show_in_schema_and_writes() {
    let (sim, api) = start().await;
    let db = sim.daily_tracking_database();
    let ds = &db.data_source_ids[0];
    sim.change_property_type(ds, "HRV", PropertyKind::RichText);
    assert_eq!(schema(&api, ds).await["HRV"]["type"], "rich_text");
    let r = api.create(ds, json!({"HRV": {"number": 60}})).await;
    r.assert_error(400, "validation_error");
    assert!(
        r.message().contains("HRV is expected to be rich_text"),
        "{}",
        r.message()
    );

    sim.remove_property(ds, "Strain");
    assert!(schema(&api, ds).await.get("Strain").is_none());
    api.create(ds, json!({"Strain": {"number": 10}}))
        .await
        .assert_error(400, "validation_error");
}

#[tokio::test]
async fn parents_data_source_forms_and_multi_source_databases() {
    let (sim, api) = start().await;
    let db = sim.daily_tracking_database();
    let ds = &db.data_source_ids[0];
    let short = api
        .post(
            "/v1/pages",
            json!({"parent": {"data_source_id": ds}, "properties": {}}),
        )
        .await;
    assert_eq!(short.status, 200, "{}", short.body);
    let by_db = api
        .post("/v1/pages", json!({"parent": {"type": "database_id", "database_id": db.database_id}, "properties": {}}))
        .await;
    assert_eq!(
        by_db.status, 200,
        "single-source database parent is accepted: {}",
        by_db.body
    );
    assert_eq!(by_db.body["parent"]["data_source_id"], ds.as_str());

    let multi = sim.add_database(DatabaseSpec {
        title: "Two".into(),
        data_sources: vec![
            DataSourceSpec {
                name: "A".into(),
                properties: vec![],
            },
            DataSourceSpec {
                name: "B".into(),
                properties: vec![],
            },
        ],
        shared: true,
    });
    api.post(
        "/v1/pages",
        json!({"parent": {"database_id": multi.database_id}, "properties": {}}),
    )
    .await
    .assert_error(400, "validation_error");

    let hidden = sim.add_database(DatabaseSpec {
        shared: false,
        ..api_simulators::notion::daily_tracking_spec()
    });
    api.create(&hidden.data_source_ids[0], json!({}))
        .await
        .assert_error(404, "object_not_found");
}

#[tokio::test]
async fn trash_hides_rows_and_blocks_edits() {
    let (sim, api) = start().await;
    let db = sim.daily_tracking_database();
    let ds = &db.data_source_ids[0];
    let id = sim.insert_page(ds, day_row("2026-11-24", 0.5));
    let r = api
        .patch(&format!("/v1/pages/{id}"), json!({"in_trash": true}))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["in_trash"], true);
    assert!(sim.pages(ds).is_empty());
    let q = api.query(ds, json!({})).await;
    assert_eq!(q.body["results"], json!([]));
    api.patch(
        &format!("/v1/pages/{id}"),
        json!({"properties": {"Recovery": {"number": 1}}}),
    )
    .await
    .assert_error(400, "validation_error");
    assert_eq!(
        api.get(&format!("/v1/pages/{id}")).await.body["in_trash"],
        true
    );

    // `archived` is gone in 2026-03-11.
    let new = Api {
        version: "2026-03-11".into(),
        ..api.clone()
    };
    new.patch(&format!("/v1/pages/{id}"), json!({"archived": false}))
        .await
        .assert_error(400, "validation_error");
    let r = new
        .patch(&format!("/v1/pages/{id}"), json!({"in_trash": false}))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(sim.pages(ds).len(), 1);
}
