//! `POST /v1/databases` under a page, and searching for pages to put it under.

use crate::notion_support;

use api_simulators::notion::NotionSimConfig;
use notion_support::{start, start_with, TOKEN};
use serde_json::{json, Value};

fn body(page_id: &str) -> Value {
    json!({
        "parent": {"type": "page_id", "page_id": page_id},
        "title": [{"type": "text", "text": {"content": "Daily Tracking"}}],
        "initial_data_source": {"properties": {
            "Name": {"title": {}},
            "Date": {"date": {}},
            "Recovery": {"number": {"format": "percent"}},
            "Time Asleep (h)": {"type": "number", "number": {"format": "number"}},
            "Mood": {"select": {"options": [{"name": "Good"}, {"name": "Bad", "color": "red"}]}},
        }},
    })
}

#[tokio::test]
async fn creates_a_database_under_a_shared_page_that_is_then_usable() {
    let (sim, api) = start().await;
    let home = sim.add_page("Health", true);

    let r = api.post("/v1/databases", body(&home)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let db = &r.body;
    assert_eq!(db["object"], "database");
    assert_eq!(db["title"][0]["plain_text"], "Daily Tracking");
    assert_eq!(db["parent"], json!({"type": "page_id", "page_id": home}));
    let sources = db["data_sources"].as_array().unwrap();
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0]["name"], "Daily Tracking");
    let db_id = db["id"].as_str().unwrap();
    let ds = sources[0]["id"].as_str().unwrap();
    assert_eq!(sim.database_parent(db_id).as_deref(), Some(home.as_str()));

    // Retrievable: the database, then its data source with the schema asked for.
    let got = api.get(&format!("/v1/databases/{db_id}")).await;
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(got.body["data_sources"], db["data_sources"]);
    let schema = api.get(&format!("/v1/data_sources/{ds}")).await;
    assert_eq!(schema.status, 200, "{}", schema.body);
    let props = schema.body["properties"].as_object().unwrap();
    assert_eq!(props.len(), 5);
    assert_eq!(props["Name"]["type"], "title");
    assert_eq!(props["Name"]["id"], "title");
    assert_eq!(props["Date"]["type"], "date");
    assert_eq!(props["Recovery"]["number"]["format"], "percent");
    assert_eq!(props["Time Asleep (h)"]["number"]["format"], "number");
    let mood: Vec<&str> = props["Mood"]["select"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(mood, ["Good", "Bad"]);

    // Writable and queryable like any other data source; listed by search.
    let row = api
        .create(
            ds,
            json!({"Name": {"title": [{"text": {"content": "Tue"}}]},
                   "Date": {"date": {"start": "2026-11-24"}},
                   "Recovery": {"number": 0.78}}),
        )
        .await;
    assert_eq!(row.status, 200, "{}", row.body);
    let q = api
        .query(
            ds,
            json!({"filter": {"property": "Date", "date": {"equals": "2026-11-24"}}}),
        )
        .await;
    assert_eq!(q.status, 200, "{}", q.body);
    assert_eq!(q.body["results"].as_array().unwrap().len(), 1);
    assert_eq!(
        q.body["results"][0]["properties"]["Recovery"]["number"],
        0.78
    );
    let found = api
        .post(
            "/v1/search",
            json!({"filter": {"property": "object", "value": "data_source"}}),
        )
        .await;
    assert!(found.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["id"] == ds));
    assert_eq!(sim.stats().route_count("POST /v1/databases"), 1);
}

#[tokio::test]
async fn without_insert_content_it_is_403_restricted_resource() {
    let mut config = NotionSimConfig::new(TOKEN);
    config.rate_per_second = 10_000.0;
    config.burst = 10_000;
    config.insert_content = false;
    let (sim, api) = start_with(config).await;
    let home = sim.add_page("Health", true);
    let r = api.post("/v1/databases", body(&home)).await;
    r.assert_error(403, "restricted_resource");
    assert_eq!(r.message(), "Insufficient permissions for this endpoint.");

    // Granting the capability (Notion: the connection's settings) makes it work.
    sim.set_insert_content(true);
    assert_eq!(api.post("/v1/databases", body(&home)).await.status, 200);
    sim.set_insert_content(false);
    api.post("/v1/databases", body(&home))
        .await
        .assert_error(403, "restricted_resource");
}

#[tokio::test]
async fn a_page_not_shared_or_unknown_is_404() {
    let (sim, api) = start().await;
    let private = sim.add_page("Private", false);
    for id in [
        private.clone(),
        "00000000-0000-4000-8000-000000000000".to_string(),
    ] {
        let r = api.post("/v1/databases", body(&id)).await;
        r.assert_error(404, "object_not_found");
        assert!(r.message().contains("shared"), "{}", r.message());
    }
    // Sharing it makes it a valid parent.
    sim.set_page_shared(&private, true);
    assert_eq!(api.post("/v1/databases", body(&private)).await.status, 200);
    // A data source id is not a page.
    let daily = sim.daily_tracking_database();
    api.post("/v1/databases", body(&daily.data_source_ids[0]))
        .await
        .assert_error(404, "object_not_found");
}

#[tokio::test]
async fn bad_bodies_are_400_validation_error() {
    let (sim, api) = start().await;
    let home = sim.add_page("Health", true);
    let with_props = |props: Value| {
        let mut b = body(&home);
        b["initial_data_source"]["properties"] = props;
        b
    };
    let bad = [
        // Status properties can't be created through the API.
        with_props(json!({"Name": {"title": {}}, "State": {"status": {}}})),
        // Unknown and unsupported types.
        with_props(json!({"Name": {"title": {}}, "X": {"sparkline": {}}})),
        // A relation without its target data source.
        with_props(json!({"Name": {"title": {}}, "X": {"relation": {}}})),
        // A number format Notion doesn't have.
        with_props(json!({"Name": {"title": {}}, "X": {"number": {"format": "percentage"}}})),
        // Two titles; a type that disagrees with its configuration; not an object.
        with_props(json!({"Name": {"title": {}}, "Other": {"title": {}}})),
        with_props(json!({"Name": {"title": {}}, "X": {"type": "date", "number": {}}})),
        with_props(json!({"Name": {"title": {}}, "X": 5})),
        // Parents: missing, not a page, not a uuid.
        json!({"title": [], "initial_data_source": {"properties": {}}}),
        json!({"parent": {"type": "workspace", "workspace": true}}),
        json!({"parent": {"type": "page_id", "page_id": "not-a-page"}}),
        // Title not a rich text array.
        json!({"parent": {"type": "page_id", "page_id": home}, "title": "Daily"}),
    ];
    for b in bad {
        api.post("/v1/databases", b.clone())
            .await
            .assert_error(400, "validation_error");
    }
    // Nothing was created by any of them.
    let found = api
        .post(
            "/v1/search",
            json!({"filter": {"property": "object", "value": "data_source"}}),
        )
        .await;
    assert_eq!(found.body["results"], json!([]));
}

#[tokio::test]
async fn search_for_pages_lists_shared_pages_and_pages_through() {
    let (sim, api) = start().await;
    let health = sim.add_page("Health", true);
    let journal = sim.add_page("Journal", true);
    let hidden = sim.add_page("Private notes", false);
    let _db = sim.daily_tracking_database();

    let filter = json!({"property": "object", "value": "page"});
    let r = api.post("/v1/search", json!({"filter": filter})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let results = r.body["results"].as_array().unwrap();
    let ids: Vec<&str> = results.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&health.as_str()) && ids.contains(&journal.as_str()));
    assert!(!ids.contains(&hidden.as_str()));
    assert!(results.iter().all(|p| p["object"] == "page"));
    let page = results.iter().find(|p| p["id"] == health.as_str()).unwrap();
    assert_eq!(
        page["parent"],
        json!({"type": "workspace", "workspace": true})
    );
    assert_eq!(page["properties"]["title"]["type"], "title");
    assert_eq!(
        page["properties"]["title"]["title"][0]["plain_text"],
        "Health"
    );
    assert!(page["url"]
        .as_str()
        .unwrap()
        .starts_with("https://www.notion.so/Health-"));

    // Data sources aren't pages.
    let r = api
        .post("/v1/search", json!({"filter": filter, "query": "health"}))
        .await;
    let ids: Vec<&str> = r.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [health.as_str()]);

    // Paginated like every list.
    let first = api
        .post("/v1/search", json!({"filter": filter, "page_size": 1}))
        .await;
    assert_eq!(first.body["has_more"], true);
    let second = api
        .post(
            "/v1/search",
            json!({"filter": filter, "page_size": 1, "start_cursor": first.body["next_cursor"]}),
        )
        .await;
    assert_eq!(second.status, 200, "{}", second.body);
    assert_ne!(
        first.body["results"][0]["id"],
        second.body["results"][0]["id"]
    );

    // A shared page can be read; an unshared one is 404.
    let got = api.get(&format!("/v1/pages/{health}")).await;
    assert_eq!(got.status, 200, "{}", got.body);
    api.get(&format!("/v1/pages/{hidden}"))
        .await
        .assert_error(404, "object_not_found");
}
