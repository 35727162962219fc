//! Rate-limit headers in WHOOP's format on every API answer, 429 without `Retry-After`, and
//! injected faults.

use crate::whoop_support;

use std::time::{Duration, Instant};

use api_simulators::whoop::{WhoopFault, WhoopSim, WhoopSimHandle};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use whoop_support::*;

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name)
        .unwrap_or_else(|| panic!("missing {name}"))
        .to_str()
        .unwrap()
}

fn remaining(h: &HeaderMap) -> u32 {
    header(h, "x-ratelimit-remaining").parse().unwrap()
}

async fn with_limit(per_minute: u32) -> WhoopSimHandle {
    let mut cfg = config();
    cfg.rate_limit_per_minute = per_minute;
    WhoopSim::start(cfg).await.unwrap()
}

#[tokio::test]
async fn every_api_answer_carries_the_headers() {
    let h = start().await;
    let t = login(&h).await;
    let mut last = None;
    for (path, token, expect) in [
        ("/v2/recovery", t.access.as_str(), StatusCode::OK),
        ("/v2/recovery", "bad-token", StatusCode::UNAUTHORIZED),
        ("/v1/recovery", t.access.as_str(), StatusCode::NOT_FOUND),
        ("/v2/cycle/abc", t.access.as_str(), StatusCode::BAD_REQUEST),
    ] {
        let (status, headers, _) = api_get(&h, token, path, &[]).await;
        assert_eq!(status, expect, "{path}");
        assert_eq!(
            header(&headers, "x-ratelimit-limit"),
            "100, 100;window=60, 10000;window=86400"
        );
        let reset: u64 = header(&headers, "x-ratelimit-reset").parse().unwrap();
        assert!((1..=60).contains(&reset));
        let rem = remaining(&headers);
        if let Some(prev) = last {
            assert_eq!(rem + 1, prev, "each request uses one");
        }
        last = Some(rem);
    }
    assert_eq!(last, Some(96));
}

#[tokio::test]
async fn over_the_limit_is_429_without_retry_after() {
    let h = with_limit(5).await;
    let t = login(&h).await;
    for i in 0..5u32 {
        let (status, headers, _) = api_get(&h, &t.access, "/v2/cycle", &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(remaining(&headers), 4 - i);
    }
    let (status, headers, _) = api_get(&h, &t.access, "/v2/cycle", &[]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(headers.get("retry-after").is_none());
    assert_eq!(remaining(&headers), 0);
    assert!(header(&headers, "x-ratelimit-limit").starts_with("5, 5;window=60"));
    let reset: u64 = header(&headers, "x-ratelimit-reset").parse().unwrap();
    assert!((1..=60).contains(&reset));
    assert_eq!(h.stats().rate_limited_responses, 1);

    // OAuth is not part of the API allowance.
    let (status, body) = refresh(&h, t.refresh.as_deref().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    let access = Tokens::from_json(&body).access;

    h.reset_rate_limit();
    let (status, _, _) = api_get(&h, &access, "/v2/cycle", &[]).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn status_faults_are_served_in_order_then_stop() {
    let h = start().await;
    let t = login(&h).await;
    h.inject_fault(WhoopFault::Status {
        code: 503,
        times: 2,
    });
    h.inject_fault(WhoopFault::Status {
        code: 502,
        times: 1,
    });
    let mut got = Vec::new();
    for _ in 0..4 {
        let (status, headers, _) = api_get(&h, &t.access, "/v2/recovery", &[]).await;
        assert!(headers.contains_key("x-ratelimit-remaining"));
        got.push(status.as_u16());
    }
    assert_eq!(got, vec![503, 503, 502, 200]);
    assert_eq!(h.stats().faults_served, 3);
}

#[tokio::test]
async fn injected_429_carries_its_reset() {
    let h = start().await;
    let t = login(&h).await;
    h.inject_fault(WhoopFault::RateLimited {
        reset_secs: 7,
        times: 1,
    });
    let (status, headers, _) = api_get(&h, &t.access, "/v2/recovery", &[]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&headers, "x-ratelimit-reset"), "7");
    assert_eq!(remaining(&headers), 0);
    assert!(headers.get("retry-after").is_none());
    let (status, _, _) = api_get(&h, &t.access, "/v2/recovery", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h.stats().rate_limited_responses, 1);
}

#[tokio::test]
async fn delays_slow_answers_down() {
    let h = start().await;
    let t = login(&h).await;
    h.inject_fault(WhoopFault::Delay { ms: 300, times: 1 });
    let started = Instant::now();
    let (status, _, _) = api_get(&h, &t.access, "/v2/recovery", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    api_get(&h, &t.access, "/v2/recovery", &[]).await;
    assert!(started.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn clear_faults_drops_the_queue() {
    let h = start().await;
    let t = login(&h).await;
    h.inject_fault(WhoopFault::Status {
        code: 500,
        times: 5,
    });
    h.clear_faults();
    let (status, _, _) = api_get(&h, &t.access, "/v2/recovery", &[]).await;
    assert_eq!(status, StatusCode::OK);
}
