//! The simulators keep time by the clock they are given (`SimClock`), not the machine's: a
//! test's virtual clock expires tokens, rolls rate-limit windows, ends a `Retry-After` and
//! stamps records, so days of a running app can be simulated in seconds.

use std::sync::Arc;
use std::time::Duration;

use api_simulators::notion::NotionSimConfig;
use api_simulators::whoop::WhoopSim;
use api_simulators::SimClock;
use chrono::{DateTime, TimeZone, Utc};
use http_policy::ManualClock;
use reqwest::StatusCode;

use crate::notion_support::{start_with, TOKEN};
use crate::whoop_support::{api_get, config};

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 12, 6, 0, 0).unwrap()
}

#[tokio::test]
async fn whoop_tokens_expire_and_windows_roll_by_the_given_clock() {
    let clock = ManualClock::new(start());
    let mut cfg = config();
    cfg.clock = SimClock::new(Arc::new(clock.clone()));
    cfg.rate_limit_per_minute = 2;
    let h = WhoopSim::start(cfg).await.unwrap();
    let t = h.issue_tokens("read:cycles offline");
    let get = || api_get(&h, &t.access_token, "/v2/cycle", &[]);
    assert_eq!(get().await.0, StatusCode::OK);
    assert_eq!(get().await.0, StatusCode::OK);
    let (status, headers, _) = get().await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        headers["x-ratelimit-reset"], "60",
        "no time passed on the given clock"
    );
    // A minute on the given clock (none on the machine's): a fresh window.
    clock.advance(Duration::from_secs(60));
    assert_eq!(get().await.0, StatusCode::OK);
    // The access token lives an hour by the given clock.
    clock.advance(Duration::from_secs(3600));
    assert_eq!(get().await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn notion_refills_and_stamps_pages_by_the_given_clock() {
    let clock = ManualClock::new(start());
    let mut cfg = NotionSimConfig::new(TOKEN);
    cfg.clock = SimClock::new(Arc::new(clock.clone()));
    cfg.rate_per_second = 1.0;
    cfg.burst = 1;
    let (sim, api) = start_with(cfg).await;
    assert_eq!(api.get("/v1/users/me").await.status, 200);
    let limited = api.get("/v1/users/me").await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.headers["retry-after"], "1");
    // Asking again before the Retry-After is over on the given clock is a violation.
    let _ = api.get("/v1/users/me").await;
    assert_eq!(sim.stats().retry_after_violations, 1);
    clock.advance(Duration::from_secs(1));
    assert_eq!(api.get("/v1/users/me").await.status, 200);
    assert_eq!(sim.stats().retry_after_violations, 1);
    // Records are stamped with the given clock's time (to the minute, as Notion does).
    clock.advance(Duration::from_secs(3599));
    let db = sim.daily_tracking_database();
    let page = sim.insert_page(&db.data_source_ids[0], serde_json::json!({}));
    let created = sim
        .pages(&db.data_source_ids[0])
        .into_iter()
        .find(|p| p["id"] == page)
        .unwrap()["created_time"]
        .clone();
    assert_eq!(created, "2026-01-12T07:00:00.000Z");
}
