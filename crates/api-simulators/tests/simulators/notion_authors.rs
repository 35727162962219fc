//! Who made a row and who changed it last (`created_by`, `last_edited_by`), per connection and
//! for the person typing in Notion; a row's body (`GET /v1/blocks/{id}/children`); and a new
//! row that queries find only after the index catches up.

use std::sync::Arc;
use std::time::Duration;

use api_simulators::notion::NotionSimConfig;
use api_simulators::SimClock;
use chrono::{TimeZone, Utc};
use http_policy::ManualClock;
use notion_support::{day_row, start, start_with, Api};
use serde_json::json;

use crate::notion_support;

#[tokio::test]
async fn each_row_says_which_connection_or_person_made_and_last_changed_it() {
    let (sim, api) = start().await;
    let ds = sim.daily_tracking_database().data_source_ids[0].clone();
    let other = Api {
        token: "ntn_second_computer".into(),
        ..api.clone()
    };
    let other_bot = sim.add_connection(&other.token);

    let me = api.get("/v1/users/me").await;
    assert_eq!(me.body["id"], sim.bot_id());
    assert_eq!(other.get("/v1/users/me").await.body["id"], other_bot);
    assert_ne!(sim.bot_id(), other_bot);

    let mine = api.create(&ds, day_row("2026-03-01", 0.5)).await.body;
    assert_eq!(mine["created_by"]["id"], sim.bot_id());
    let theirs = other.create(&ds, day_row("2026-03-01", 0.5)).await.body;
    assert_eq!(theirs["created_by"]["id"], other_bot);
    assert_eq!(theirs["last_edited_by"]["id"], other_bot);
    // Both connections see both rows.
    let found = other.query_all(&ds, json!({}), 100).await;
    assert_eq!(found.len(), 2);

    // The other connection edits my row: it is the last to change it, not its maker.
    let id = mine["id"].as_str().unwrap();
    let edited = other
        .patch(
            &format!("/v1/pages/{id}"),
            json!({"properties": day_row("2026-03-01", 0.6)}),
        )
        .await
        .body;
    assert_eq!(edited["created_by"]["id"], sim.bot_id());
    assert_eq!(edited["last_edited_by"]["id"], other_bot);

    // A row the person typed in Notion, and one they changed.
    let typed = sim.insert_page(&ds, day_row("2026-03-02", 0.7));
    let page = api.get(&format!("/v1/pages/{typed}")).await.body;
    assert_eq!(page["created_by"]["id"], sim.person_id());
    sim.edit_page_as_user(
        id,
        json!({"Notes": {"rich_text": [{"text": {"content": "slept badly"}}]}}),
    );
    let page = api.get(&format!("/v1/pages/{id}")).await.body;
    assert_eq!(page["last_edited_by"]["id"], sim.person_id());

    // An unknown token is still refused.
    let stranger = Api {
        token: "ntn_nobody".into(),
        ..api.clone()
    };
    stranger
        .get("/v1/users/me")
        .await
        .assert_error(401, "unauthorized");
}

#[tokio::test]
async fn a_rows_body_is_listed_a_page_at_a_time() {
    let (sim, api) = start().await;
    let ds = sim.daily_tracking_database().data_source_ids[0].clone();
    let row = api.create(&ds, day_row("2026-03-01", 0.5)).await.body;
    let id = row["id"].as_str().unwrap();

    let body = api
        .get(&format!("/v1/blocks/{id}/children?page_size=1"))
        .await;
    assert_eq!(body.status, 200, "{}", body.body);
    assert_eq!(body.body["object"], "list");
    assert_eq!(body.body["type"], "block");
    assert_eq!(body.body["results"], json!([]));
    assert_eq!(body.body["has_more"], false);

    sim.add_paragraph_as_user(id, "Felt great after the run");
    sim.add_paragraph_as_user(id, "Late dinner");
    let first = api
        .get(&format!("/v1/blocks/{id}/children?page_size=1"))
        .await
        .body;
    assert_eq!(first["results"].as_array().unwrap().len(), 1);
    assert_eq!(first["results"][0]["type"], "paragraph");
    assert_eq!(
        first["results"][0]["paragraph"]["rich_text"][0]["plain_text"],
        "Felt great after the run"
    );
    assert_eq!(first["has_more"], true);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = api
        .get(&format!(
            "/v1/blocks/{id}/children?page_size=1&start_cursor={cursor}"
        ))
        .await
        .body;
    assert_eq!(
        second["results"][0]["paragraph"]["rich_text"][0]["plain_text"],
        "Late dinner"
    );
    assert_eq!(second["has_more"], false);

    api.get("/v1/blocks/00000000-0000-0000-0000-000000000000/children")
        .await
        .assert_error(404, "object_not_found");
}

#[tokio::test]
async fn a_new_row_is_found_by_queries_only_once_the_index_catches_up() {
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 3, 20, 7, 0, 0).unwrap());
    let mut config = NotionSimConfig::new(notion_support::TOKEN);
    config.rate_per_second = 10_000.0;
    config.burst = 10_000;
    config.clock = SimClock::new(Arc::new(clock.clone()));
    let (sim, api) = start_with(config).await;
    sim.set_query_lag(Duration::from_secs(3));
    let ds = sim.daily_tracking_database().data_source_ids[0].clone();

    let row = api.create(&ds, day_row("2026-03-20", 0.5)).await.body;
    let id = row["id"].as_str().unwrap();
    assert_eq!(
        api.query_all(&ds, json!({}), 100).await.len(),
        0,
        "not indexed yet"
    );
    assert_eq!(
        api.get(&format!("/v1/pages/{id}")).await.status,
        200,
        "but there"
    );
    clock.advance(Duration::from_secs(2));
    assert_eq!(api.query_all(&ds, json!({}), 100).await.len(), 0);
    clock.advance(Duration::from_secs(1));
    assert_eq!(
        api.query_all(&ds, json!({}), 100).await.len(),
        1,
        "found after 3 s"
    );
}
