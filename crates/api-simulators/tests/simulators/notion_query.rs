//! Querying a data source: date filters by day, compound filters, ids for names, sorts,
//! pagination without gaps, page size limit.

use crate::notion_support;

use std::collections::HashSet;

use notion_support::{day_row, start, title_of, Api};
use serde_json::{json, Value};

/// Rows for 2026-11-20 … 2026-11-24 plus one without a date.
async fn seeded() -> (api_simulators::notion::NotionSimHandle, Api, String) {
    let (sim, api) = start().await;
    let db = sim.daily_tracking_database();
    let ds = db.data_source_ids[0].clone();
    for (i, day) in [
        "2026-11-20",
        "2026-11-21",
        "2026-11-22",
        "2026-11-23",
        "2026-11-24",
    ]
    .iter()
    .enumerate()
    {
        let mut row = day_row(day, 0.5 + i as f64 / 10.0);
        row["Workout"] = json!({"checkbox": i % 2 == 0});
        row["Notes"] = json!({"rich_text": [{"text": {"content": format!("note {day}")}}]});
        sim.insert_page(&ds, row);
    }
    sim.insert_page(
        &ds,
        json!({"Name": {"title": [{"text": {"content": "undated"}}]}}),
    );
    (sim, api, ds)
}

fn titles(r: &Value) -> Vec<String> {
    let mut t: Vec<String> = r["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(title_of)
        .collect();
    t.sort();
    t
}

async fn date_query(api: &Api, ds: &str, cond: Value) -> Vec<String> {
    let r = api
        .query(ds, json!({"filter": {"property": "Date", "date": cond}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    titles(&r.body)
}

#[tokio::test]
async fn date_filters_compare_by_day() {
    let (_sim, api, ds) = seeded().await;
    assert_eq!(
        date_query(&api, &ds, json!({"equals": "2026-11-22"})).await,
        ["2026-11-22"]
    );
    assert_eq!(
        date_query(&api, &ds, json!({"before": "2026-11-22"})).await,
        ["2026-11-20", "2026-11-21"]
    );
    assert_eq!(
        date_query(&api, &ds, json!({"after": "2026-11-22"})).await,
        ["2026-11-23", "2026-11-24"]
    );
    assert_eq!(
        date_query(&api, &ds, json!({"on_or_before": "2026-11-21"})).await,
        ["2026-11-20", "2026-11-21"]
    );
    assert_eq!(
        date_query(&api, &ds, json!({"on_or_after": "2026-11-24"})).await,
        ["2026-11-24"]
    );
    assert_eq!(
        date_query(&api, &ds, json!({"is_empty": true})).await,
        ["undated"]
    );
    assert_eq!(
        date_query(&api, &ds, json!({"is_not_empty": true}))
            .await
            .len(),
        5
    );
    // A date-time inside the day matches the date-only row for `equals`.
    assert_eq!(
        date_query(&api, &ds, json!({"equals": "2026-11-23T15:00:00Z"})).await,
        ["2026-11-23"]
    );
}

#[tokio::test]
async fn compound_filters_and_other_types() {
    let (_sim, api, ds) = seeded().await;
    let range = json!({"filter": {"and": [
        {"property": "Date", "date": {"on_or_after": "2026-11-21"}},
        {"property": "Date", "date": {"on_or_before": "2026-11-23"}},
    ]}});
    let r = api.query(&ds, range).await;
    assert_eq!(titles(&r.body), ["2026-11-21", "2026-11-22", "2026-11-23"]);

    let either = json!({"filter": {"or": [
        {"property": "Date", "date": {"equals": "2026-11-20"}},
        {"property": "Recovery", "number": {"greater_than_or_equal_to": 0.85}},
    ]}});
    assert_eq!(
        titles(&api.query(&ds, either).await.body),
        ["2026-11-20", "2026-11-24"]
    );

    let workouts = json!({"filter": {"property": "Workout", "checkbox": {"equals": true}}});
    assert_eq!(
        titles(&api.query(&ds, workouts).await.body),
        ["2026-11-20", "2026-11-22", "2026-11-24"]
    );
    let notes =
        json!({"filter": {"property": "Notes", "rich_text": {"contains": "NOTE 2026-11-2"}}});
    assert_eq!(titles(&api.query(&ds, notes).await.body).len(), 5);
    let title = json!({"filter": {"property": "Name", "title": {"equals": "undated"}}});
    assert_eq!(titles(&api.query(&ds, title).await.body), ["undated"]);

    let too_deep = json!({"filter": {"and": [{"or": [{"and": [
        {"property": "Workout", "checkbox": {"equals": true}}
    ]}]}]}});
    api.query(&ds, too_deep)
        .await
        .assert_error(400, "validation_error");
}

#[tokio::test]
async fn filter_by_property_id_and_unknown_property() {
    let (_sim, api, ds) = seeded().await;
    let schema = api.get(&format!("/v1/data_sources/{ds}")).await.body;
    let date_id = schema["properties"]["Date"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = api
        .query(
            &ds,
            json!({"filter": {"property": date_id, "date": {"equals": "2026-11-21"}}}),
        )
        .await;
    assert_eq!(titles(&r.body), ["2026-11-21"]);

    let r = api
        .query(
            &ds,
            json!({"filter": {"property": "Day", "date": {"equals": "2026-11-21"}}}),
        )
        .await;
    r.assert_error(400, "validation_error");
    assert!(r.message().contains("Day"));
    // The filter type must match the property type.
    api.query(
        &ds,
        json!({"filter": {"property": "Date", "number": {"equals": 1}}}),
    )
    .await
    .assert_error(400, "validation_error");
    api.query(
        &ds,
        json!({"filter": {"property": "Date", "date": {"equals": "soon"}}}),
    )
    .await
    .assert_error(400, "validation_error");
    api.query(
        &ds,
        json!({"sorts": [{"property": "Nope", "direction": "ascending"}]}),
    )
    .await
    .assert_error(400, "validation_error");
}

#[tokio::test]
async fn sorts_by_property_and_timestamp() {
    let (_sim, api, ds) = seeded().await;
    let r = api
        .query(
            &ds,
            json!({"sorts": [{"property": "Date", "direction": "descending"}]}),
        )
        .await;
    let order: Vec<String> = r.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(title_of)
        .collect();
    assert_eq!(
        order,
        [
            "2026-11-24",
            "2026-11-23",
            "2026-11-22",
            "2026-11-21",
            "2026-11-20",
            "undated"
        ],
        "empty dates sort last"
    );
    let r = api
        .query(
            &ds,
            json!({"sorts": [{"timestamp": "created_time", "direction": "ascending"}]}),
        )
        .await;
    let order: Vec<String> = r.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(title_of)
        .collect();
    assert_eq!(order.first().unwrap(), "2026-11-20");
    assert_eq!(order.last().unwrap(), "undated");
}

#[tokio::test]
async fn pagination_over_250_rows_has_no_gaps_or_duplicates() {
    let (sim, api) = start().await;
    let db = sim.daily_tracking_database();
    let ds = &db.data_source_ids[0];
    let start_day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    for i in 0..250 {
        let day = (start_day + chrono::Duration::days(i))
            .format("%Y-%m-%d")
            .to_string();
        sim.insert_page(ds, day_row(&day, 0.5));
    }
    sim.reset_stats();

    let mut seen = HashSet::new();
    let mut body = json!({"page_size": 100});
    let mut sizes = Vec::new();
    loop {
        let r = api.query(ds, body.clone()).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let results = r.body["results"].as_array().unwrap();
        sizes.push(results.len());
        for p in results {
            assert!(
                seen.insert(p["id"].as_str().unwrap().to_string()),
                "duplicate {}",
                p["id"]
            );
        }
        if r.body["has_more"] == true {
            let cursor = r.body["next_cursor"]
                .as_str()
                .expect("cursor when has_more");
            body["start_cursor"] = json!(cursor);
        } else {
            assert_eq!(r.body["next_cursor"], Value::Null);
            break;
        }
    }
    assert_eq!(sizes, [100, 100, 50]);
    assert_eq!(seen.len(), 250);
    assert_eq!(
        sim.stats().route_count("POST /v1/data_sources/{id}/query"),
        3
    );
    assert_eq!(sim.stats().max_page_size_seen, 100);

    // Same set with a filter and a smaller page size.
    let june = api
        .query_all(
            ds,
            json!({"filter": {"and": [
                {"property": "Date", "date": {"on_or_after": "2026-06-01"}},
                {"property": "Date", "date": {"on_or_before": "2026-06-30"}},
            ]}}),
            7,
        )
        .await;
    assert_eq!(june.len(), 30);
}

#[tokio::test]
async fn page_size_over_100_and_bad_cursors_are_refused() {
    let (sim, api, ds) = seeded().await;
    api.query(&ds, json!({"page_size": 101}))
        .await
        .assert_error(400, "validation_error");
    assert_eq!(sim.stats().max_page_size_seen, 101);
    api.query(&ds, json!({"start_cursor": "not-a-cursor"}))
        .await
        .assert_error(400, "validation_error");
    api.query("00000000-0000-4000-8000-000000000000", json!({}))
        .await
        .assert_error(404, "object_not_found");
    let r = api.query(&ds, json!({})).await;
    assert_eq!(r.body["object"], "list");
    assert_eq!(r.body["type"], "page_or_data_source");
    assert_eq!(r.body["results"].as_array().unwrap().len(), 6);
    assert_eq!(sim.stats().max_page_size_seen, 101);
}

#[tokio::test]
async fn filter_properties_limits_returned_properties() {
    let (_sim, api, ds) = seeded().await;
    let schema = api.get(&format!("/v1/data_sources/{ds}")).await.body;
    let date_id = schema["properties"]["Date"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let encoded: String = url::form_urlencoded::byte_serialize(date_id.as_bytes()).collect();
    let r = api
        .post(
            &format!(
                "/v1/data_sources/{ds}/query?filter_properties={encoded}&filter_properties=title"
            ),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let props = r.body["results"][0]["properties"].as_object().unwrap();
    let mut keys: Vec<&String> = props.keys().collect();
    keys.sort();
    assert_eq!(keys, ["Date", "Name"]);
}
