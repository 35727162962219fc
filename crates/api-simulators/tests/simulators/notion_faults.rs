//! Injected failures: refused requests are not applied; lost responses are.

use crate::notion_support;

use std::time::{Duration, Instant};

use api_simulators::notion::{FaultKind, NotionFault, Route};
use notion_support::{day_row, start};
use serde_json::json;

#[tokio::test]
async fn status_faults_refuse_without_applying() {
    let (sim, api) = start().await;
    let ds = sim.daily_tracking_database().data_source_ids[0].clone();
    let expected = [
        (500, "internal_server_error"),
        (502, "bad_gateway"),
        (503, "service_unavailable"),
        (504, "gateway_timeout"),
    ];
    for (status, code) in expected {
        sim.inject_fault(NotionFault::new(
            Route::CreatePage,
            FaultKind::Status(status),
            1,
        ));
        api.create(&ds, day_row("2026-11-24", 0.5))
            .await
            .assert_error(status, code);
    }
    assert!(sim.pages(&ds).is_empty());
    assert_eq!(sim.stats().creates_applied, 0);
    assert_eq!(sim.stats().faults_fired, 4);
    // Used up: the next create goes through.
    assert_eq!(
        api.create(&ds, day_row("2026-11-24", 0.5)).await.status,
        200
    );
    assert_eq!(sim.pages(&ds).len(), 1);
}

#[tokio::test]
async fn faults_only_hit_their_route_and_count_down() {
    let (sim, api) = start().await;
    let ds = sim.daily_tracking_database().data_source_ids[0].clone();
    sim.inject_fault(NotionFault::new(Route::Query, FaultKind::Status(503), 2));
    assert_eq!(
        api.create(&ds, day_row("2026-11-24", 0.5)).await.status,
        200
    );
    api.query(&ds, json!({}))
        .await
        .assert_error(503, "service_unavailable");
    api.query(&ds, json!({}))
        .await
        .assert_error(503, "service_unavailable");
    assert_eq!(api.query(&ds, json!({})).await.status, 200);

    sim.inject_fault(NotionFault::new(Route::Any, FaultKind::Status(500), 1));
    api.get("/v1/users/me")
        .await
        .assert_error(500, "internal_server_error");
    assert_eq!(api.get("/v1/users/me").await.status, 200);
}

#[tokio::test]
async fn apply_then_status_applies_the_write_but_reports_failure() {
    let (sim, api) = start().await;
    let ds = sim.daily_tracking_database().data_source_ids[0].clone();
    sim.inject_fault(NotionFault::new(
        Route::CreatePage,
        FaultKind::ApplyThenStatus(504),
        1,
    ));
    api.create(&ds, day_row("2026-11-24", 0.5))
        .await
        .assert_error(504, "gateway_timeout");
    let pages = sim.pages(&ds);
    assert_eq!(pages.len(), 1, "the create happened");
    assert_eq!(sim.stats().creates_applied, 1);

    let id = pages[0]["id"].as_str().unwrap().to_string();
    sim.inject_fault(NotionFault::new(
        Route::UpdatePage,
        FaultKind::ApplyThenStatus(500),
        1,
    ));
    api.patch(
        &format!("/v1/pages/{id}"),
        json!({"properties": {"Recovery": {"number": 0.9}}}),
    )
    .await
    .assert_error(500, "internal_server_error");
    assert_eq!(sim.pages(&ds)[0]["properties"]["Recovery"]["number"], 0.9);
    assert_eq!(sim.stats().updates_applied, 1);
}

#[tokio::test]
async fn apply_then_drop_closes_the_connection_after_applying() {
    let (sim, api) = start().await;
    let ds = sim.daily_tracking_database().data_source_ids[0].clone();
    sim.inject_fault(NotionFault::new(
        Route::CreatePage,
        FaultKind::ApplyThenDrop,
        1,
    ));
    let body = json!({
        "parent": {"type": "data_source_id", "data_source_id": ds},
        "properties": day_row("2026-11-24", 0.5),
    });
    let result = api
        .request(reqwest::Method::POST, "/v1/pages")
        .json(&body)
        .timeout(Duration::from_secs(10))
        .send()
        .await;
    let err = result.expect_err("no HTTP response at all");
    assert!(
        !err.is_timeout(),
        "the connection was closed, not left hanging: {err}"
    );
    assert!(err.status().is_none());

    let pages = sim.pages(&ds);
    assert_eq!(pages.len(), 1, "the create was applied exactly once");
    assert_eq!(sim.stats().creates_applied, 1);
    assert!(
        sim.stats().by_status.values().sum::<u64>() == 0,
        "no response was recorded"
    );

    // The simulator keeps serving new connections, and the client can find the row.
    let found = api
        .query(
            &ds,
            json!({"filter": {"property": "Date", "date": {"equals": "2026-11-24"}}}),
        )
        .await;
    assert_eq!(found.body["results"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn rate_limited_and_overloaded_faults_carry_retry_after() {
    let (sim, api) = start().await;
    let ds = sim.daily_tracking_database().data_source_ids[0].clone();
    sim.inject_fault(NotionFault::new(
        Route::CreatePage,
        FaultKind::RateLimited {
            retry_after_secs: 2,
        },
        1,
    ));
    let r = api.create(&ds, day_row("2026-11-24", 0.5)).await;
    r.assert_error(429, "rate_limited");
    assert_eq!(r.headers["retry-after"].to_str().unwrap(), "2");
    assert_eq!(sim.stats().rate_limited, 1);

    sim.inject_fault(NotionFault::new(
        Route::Query,
        FaultKind::Overloaded {
            retry_after_secs: 3,
        },
        1,
    ));
    let r = api.query(&ds, json!({})).await;
    r.assert_error(529, "service_overload");
    assert_eq!(r.headers["retry-after"].to_str().unwrap(), "3");
    assert!(sim.pages(&ds).is_empty());
}

#[tokio::test]
async fn conflict_is_409_and_not_applied() {
    let (sim, api) = start().await;
    let ds = sim.daily_tracking_database().data_source_ids[0].clone();
    let id = sim.insert_page(&ds, day_row("2026-11-24", 0.5));
    sim.inject_fault(NotionFault::new(Route::UpdatePage, FaultKind::Conflict, 1));
    api.patch(
        &format!("/v1/pages/{id}"),
        json!({"properties": {"Recovery": {"number": 0.9}}}),
    )
    .await
    .assert_error(409, "conflict_error");
    assert_eq!(sim.pages(&ds)[0]["properties"]["Recovery"]["number"], 0.5);
    assert_eq!(sim.stats().updates_applied, 0);
}

#[tokio::test]
async fn delay_slows_but_serves() {
    let (sim, api) = start().await;
    sim.inject_fault(NotionFault::new(
        Route::UsersMe,
        FaultKind::Delay { ms: 300 },
        1,
    ));
    let t = Instant::now();
    assert_eq!(api.get("/v1/users/me").await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
    let t = Instant::now();
    assert_eq!(api.get("/v1/users/me").await.status, 200);
    assert!(t.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn stop_closes_the_server() {
    let (sim, api) = start().await;
    assert_eq!(api.get("/v1/users/me").await.status, 200);
    sim.stop();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let fresh = reqwest::Client::new();
    let r = fresh
        .get(format!("{}/v1/users/me", api.base))
        .timeout(Duration::from_secs(5))
        .send()
        .await;
    assert!(r.is_err(), "nothing listens after stop");
}
