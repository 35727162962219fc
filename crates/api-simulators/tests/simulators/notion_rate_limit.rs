//! The per-connection token bucket: bursts beyond it get 429 + Retry-After; a client pacing
//! itself below the average rate never sees one.

use crate::notion_support;

use std::time::Duration;

use api_simulators::notion::NotionSimConfig;
use notion_support::{start_with, TOKEN};

fn config(rate: f64, burst: u32) -> NotionSimConfig {
    let mut c = NotionSimConfig::new(TOKEN);
    c.rate_per_second = rate;
    c.burst = burst;
    c
}

#[test]
fn defaults_match_notion_documentation() {
    let c = NotionSimConfig::new("t");
    assert_eq!(c.rate_per_second, 3.0);
    assert_eq!(c.burst, 5);
}

#[tokio::test]
async fn bursting_gets_429_with_retry_after() {
    let (sim, api) = start_with(config(1.0, 3)).await;
    let mut statuses = Vec::new();
    let mut limited = None;
    for _ in 0..8 {
        let r = api.get("/v1/users/me").await;
        statuses.push(r.status);
        if r.status == 429 && limited.is_none() {
            limited = Some(r);
        }
    }
    assert_eq!(
        &statuses[..3],
        &[200, 200, 200],
        "burst allowed: {statuses:?}"
    );
    let limited = limited.expect("a 429 after the burst");
    limited.assert_error(429, "rate_limited");
    let retry_after: u64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .expect("integer seconds");
    assert!(retry_after >= 1);
    let n429 = statuses.iter().filter(|s| **s == 429).count() as u64;
    assert!(n429 >= 4, "{statuses:?}");
    assert_eq!(sim.stats().rate_limited, n429);

    // Waiting as told is enough.
    tokio::time::sleep(Duration::from_secs(retry_after)).await;
    assert_eq!(api.get("/v1/users/me").await.status, 200);
}

#[tokio::test]
async fn pacing_below_the_rate_is_never_limited() {
    let (sim, api) = start_with(config(20.0, 1)).await;
    for i in 0..12u32 {
        // At most ~14 requests a second against a limit of 20: the gap is measured from the
        // previous response, so a slow response never bunches two requests together.
        if i > 0 {
            tokio::time::sleep(Duration::from_millis(70)).await;
        }
        let r = api.get("/v1/users/me").await;
        assert_eq!(r.status, 200, "request {i}: {}", r.body);
    }
    assert_eq!(sim.stats().rate_limited, 0);
    assert_eq!(sim.stats().requests_total, 12);
}

#[tokio::test]
async fn set_rate_changes_limits_at_runtime_and_bad_tokens_do_not_spend() {
    let (sim, api) = start_with(config(1000.0, 1000)).await;
    sim.set_rate(0.5, 1);
    assert_eq!(api.get("/v1/users/me").await.status, 200);
    let r = api.get("/v1/users/me").await;
    r.assert_error(429, "rate_limited");
    assert_eq!(r.headers["retry-after"].to_str().unwrap(), "2");

    sim.set_rate(1000.0, 1000);
    let stranger = notion_support::Api {
        token: "nope".into(),
        ..api.clone()
    };
    for _ in 0..3 {
        stranger
            .get("/v1/users/me")
            .await
            .assert_error(401, "unauthorized");
    }
    assert_eq!(api.get("/v1/users/me").await.status, 200);
}

#[tokio::test]
async fn requests_before_retry_after_is_over_are_counted() {
    let (sim, api) = start_with(config(1.0, 1)).await;
    assert_eq!(api.get("/v1/users/me").await.status, 200);
    let limited = api.get("/v1/users/me").await;
    limited.assert_error(429, "rate_limited");
    assert_eq!(limited.headers["retry-after"].to_str().unwrap(), "1");
    assert_eq!(
        sim.stats().retry_after_violations,
        0,
        "the 429 itself is no violation"
    );

    // Too early, whatever the answer.
    api.get("/v1/users/me").await;
    api.get("/v1/users/me").await;
    assert_eq!(sim.stats().retry_after_violations, 2);

    // Waiting as told is not a violation.
    let waited = sim.stats().retry_after_violations;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(api.get("/v1/users/me").await.status, 200);
    assert_eq!(sim.stats().retry_after_violations, waited);
}

#[tokio::test]
async fn a_client_that_paces_itself_never_violates() {
    let (sim, api) = start_with(config(20.0, 1)).await;
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(70)).await;
        assert_eq!(api.get("/v1/users/me").await.status, 200);
    }
    let stats = sim.stats();
    assert_eq!((stats.rate_limited, stats.retry_after_violations), (0, 0));
}

#[tokio::test]
async fn each_connection_has_its_own_bucket_and_retry_after() {
    let (sim, api) = start_with(config(1.0, 1)).await;
    sim.add_connection("ntn_laptop");
    let laptop = notion_support::Api {
        token: "ntn_laptop".into(),
        ..api.clone()
    };
    assert_eq!(api.get("/v1/users/me").await.status, 200);
    api.get("/v1/users/me")
        .await
        .assert_error(429, "rate_limited");
    // The other connection's bucket is full, and it was told nothing.
    assert_eq!(laptop.get("/v1/users/me").await.status, 200);
    assert_eq!(sim.stats().retry_after_violations, 0);
    laptop
        .get("/v1/users/me")
        .await
        .assert_error(429, "rate_limited");
    // Too early for the first connection: one violation, its own.
    api.get("/v1/users/me").await;
    assert_eq!(sim.stats().retry_after_violations, 1);
}
