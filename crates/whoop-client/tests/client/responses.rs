//! What WHOOP's API may answer, broken (it is beyond the app's control): any bytes, JSON of the
//! wrong shape, records with fields missing, null or of the wrong type, bodies cut short, and
//! a server that keeps handing out new page tokens. Each call ends in time with the records or
//! a typed error; never a panic, never a hang.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};
use test_support::json::json_value;
use test_support::scripted_http::{serve, Answer};
use whoop_client::{AccessTokens, DateRange, WhoopApi, WhoopApiConfig, WhoopError};

struct Fixed;

#[async_trait]
impl AccessTokens for Fixed {
    async fn access_token(&self) -> Result<String, WhoopError> {
        Ok("token".into())
    }
    async fn refresh_after_unauthorized(&self, _rejected: &str) -> Result<String, WhoopError> {
        Err(WhoopError::NeedsReconnect("test".into()))
    }
}

fn api(base: &str) -> WhoopApi {
    let executor = test_support::executor::single_try();
    WhoopApi::new(
        WhoopApiConfig {
            api_base: base.into(),
        },
        executor,
        Arc::new(Fixed),
    )
}

fn range() -> DateRange {
    DateRange {
        start: Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
        end: Utc.with_ymd_and_hms(2026, 3, 20, 0, 0, 0).unwrap(),
    }
}

/// A recovery as WHOOP documents it.
fn recovery() -> Value {
    json!({
        "cycle_id": 93845, "sleep_id": "ecfc6a15-4661-442f-a9a4-f160dd7afae8", "user_id": 10129,
        "created_at": "2026-03-11T11:25:44.774Z", "updated_at": "2026-03-11T14:25:44.774Z",
        "score_state": "SCORED",
        "score": {"user_calibrating": false, "recovery_score": 44, "resting_heart_rate": 64,
                  "hrv_rmssd_milli": 31.813562, "spo2_percentage": 95.6875, "skin_temp_celsius": 33.7}
    })
}

fn body() -> impl Strategy<Value = Answer> {
    let page = |records: Vec<Value>, token: Value| json!({"records": records, "next_token": token});
    let status = prop_oneof![8 => Just(200u16), 1 => Just(400u16), 1 => Just(404u16), 1 => Just(418u16), 1 => Just(0u16)];
    let bytes = prop_oneof![
        // A page whose records are anything, with any token (but never an endless one).
        (
            prop::collection::vec(json_value(), 0..4),
            prop_oneof![Just(Value::Null), json_value()]
        )
            .prop_map(move |(records, token)| serde_json::to_vec(&page(records, token)).unwrap()),
        // Real records with one field replaced, removed or nulled.
        (prop::collection::vec((0usize..9, proptest::option::of(json_value())), 1..4)).prop_map(
            move |edits| {
                let records: Vec<Value> = edits
                    .into_iter()
                    .map(|(field, value)| {
                        let mut r = recovery();
                        let keys: Vec<String> = r.as_object().unwrap().keys().cloned().collect();
                        let key = &keys[field % keys.len()];
                        match value {
                            Some(v) => r[key] = v,
                            None => {
                                r.as_object_mut().unwrap().remove(key);
                            }
                        }
                        r
                    })
                    .collect();
                serde_json::to_vec(&page(records, Value::Null)).unwrap()
            }
        ),
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        prop::collection::vec(any::<u8>(), 0..256),
    ];
    (status, bytes, proptest::option::of(0usize..300)).prop_map(|(status, body, cut_at)| Answer {
        status,
        body,
        cut_at,
        headers: Vec::new(),
    })
}

#[test]
fn any_answer_ends_in_time_with_records_or_a_typed_error() {
    let rt = test_support::runtime::two_workers();
    let answer = Arc::new(Mutex::new(Answer::new(200, Vec::new())));
    let base = rt.block_on(serve(answer.clone()));
    let api = api(&base);
    let mut runner = TestRunner::new(Config {
        cases: 96,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&body(), |given| {
            *answer.lock().unwrap() = given.clone();
            rt.block_on(async {
                let recoveries =
                    tokio::time::timeout(Duration::from_secs(10), api.recoveries(range()))
                        .await
                        .map_err(|_| TestCaseError::fail("recoveries hung"))?;
                let profile = tokio::time::timeout(Duration::from_secs(10), api.profile())
                    .await
                    .map_err(|_| TestCaseError::fail("profile hung"))?;
                let whole = given.is_whole_success();
                match recoveries {
                    Ok(records) => prop_assert!(whole, "records from a broken answer: {records:?}"),
                    Err(e) => prop_assert!(
                        matches!(
                            e,
                            WhoopError::Decode(_)
                                | WhoopError::Transport(_)
                                | WhoopError::Server { .. }
                        ),
                        "{e:?}"
                    ),
                }
                if let Err(e) = profile {
                    prop_assert!(!e.to_string().is_empty());
                }
                Ok(())
            })
        })
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_pages_for_ever_is_stopped() {
    let answer = Arc::new(Mutex::new(Answer {
        status: 200,
        body: br#"{"records": [], "next_token": "{NEXT}"}"#.to_vec(),
        cut_at: None,
        headers: Vec::new(),
    }));
    let base = serve(answer).await;
    let error = tokio::time::timeout(Duration::from_secs(60), api(&base).recoveries(range()))
        .await
        .expect("paging ends")
        .unwrap_err();
    assert!(matches!(error, WhoopError::Decode(_)), "{error:?}");
    assert!(error.to_string().contains("more pages"), "{error}");
}

/// A 429 whose wait is huge, negative, not a number or a date (`Retry-After`, or WHOOP's
/// `X-RateLimit-Reset`): a typed error in time, never a panic (`1e20` once overflowed a
/// `Duration` and crashed the process).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_wait_a_429_asks_for_ends_in_a_typed_error() {
    let answer = Arc::new(Mutex::new(Answer::new(429, "{}")));
    let base = serve(answer.clone()).await;
    for header in ["Retry-After", "X-RateLimit-Reset"] {
        for value in [
            "1e20",
            "inf",
            "18446744073709551616",
            "-5",
            "NaN",
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "99999",
        ] {
            *answer.lock().unwrap() = Answer::new(429, "{}").with_header(header, value);
            // A client of its own: a wait that was read holds its limiter back.
            let api = api(&base);
            let result = tokio::time::timeout(Duration::from_secs(10), api.recoveries(range()))
                .await
                .unwrap_or_else(|_| panic!("{header}: {value} hung"));
            let error = result.expect_err("a 429 is no success");
            assert!(
                matches!(error, WhoopError::Server { .. } | WhoopError::RateLimited),
                "{header}: {value}: {error:?}"
            );
        }
    }
}

/// An answer larger than any of WHOOP's (a page of 25 records is a few KB) is refused once it
/// passes the cap, with a typed error, instead of being read into memory whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_body_is_cut_off_at_the_cap() {
    let mut body = br#"{"records": [], "next_token": null, "padding": ""#.to_vec();
    body.resize(http_policy::MAX_BODY + 1024, b'x');
    body.extend_from_slice(b"\"}");
    let base = serve(Arc::new(Mutex::new(Answer::new(200, body)))).await;
    let error = tokio::time::timeout(Duration::from_secs(20), api(&base).recoveries(range()))
        .await
        .expect("ends in time")
        .unwrap_err();
    assert!(matches!(error, WhoopError::Decode(_)), "{error:?}");
    assert!(error.to_string().contains("larger than 8 MB"), "{error}");
}

/// One malformed record costs that record, not its page: the others are read, and the skipped
/// one is counted for the run's report.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_record_is_skipped_and_counted_and_its_page_kept() {
    let mut bad = recovery();
    bad["cycle_id"] = json!("not a number");
    let mut other = recovery();
    other["cycle_id"] = json!(93846);
    let body = json!({"records": [recovery(), bad, other], "next_token": null}).to_string();
    let base = serve(Arc::new(Mutex::new(Answer::new(200, body)))).await;
    let api = api(&base);
    let records = api.recoveries(range()).await.unwrap();
    let cycles: Vec<i64> = records.iter().map(|r| r.cycle_id).collect();
    assert_eq!(cycles, [93845, 93846]);
    assert_eq!(
        api.unreadable_records()
            .load(std::sync::atomic::Ordering::Relaxed),
        1
    );
}

/// A Wi-Fi's sign-in page in WHOOP's place (200 `text/html`, or 511) is the network, not
/// "WHOOP sent something this app can't read".
#[tokio::test]
async fn a_wifi_sign_in_page_is_the_network() {
    let portal = "<!DOCTYPE html>\n<html><body>Accept the terms to continue</body></html>";
    for answer in [
        Answer::new(200, portal).with_header("Content-Type", "text/html; charset=utf-8"),
        // Some portals don't say what they send.
        Answer::new(200, portal).with_header("Content-Type", "text/plain"),
        Answer::new(511, portal).with_header("Content-Type", "text/html"),
    ] {
        let base = serve(Arc::new(Mutex::new(answer.clone()))).await;
        let err = api(&base).recoveries(range()).await.unwrap_err();
        match &err {
            WhoopError::NetworkWebPage(request) => {
                assert!(answer.status == 511 || request == "/v2/recovery", "{err}")
            }
            other => panic!("{answer:?}: {other:?}"),
        }
        assert!(
            err.to_string().contains("web page instead of WHOOP"),
            "{err}"
        );
    }
    let base = serve(Arc::new(Mutex::new(Answer::new(200, "not json")))).await;
    let err = api(&base).recoveries(range()).await.unwrap_err();
    assert!(matches!(err, WhoopError::Decode(_)), "{err:?}");
}

/// A TLS handshake that fails (here: https to a server that speaks plain HTTP, as a network
/// that isn't up yet after a wake-up, or a portal in the middle, may do) and a name that
/// doesn't resolve are "could not reach WHOOP", which passes by itself, like being offline.
#[tokio::test]
async fn a_failed_tls_handshake_or_name_lookup_is_being_offline() {
    // A server that answers a TLS hello in plain HTTP, at once, and hangs up.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let tls_to_plain = format!("https://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        while let Ok((mut stream, _)) = listener.accept().await {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
                .await;
        }
    });
    let err = api(&tls_to_plain).recoveries(range()).await.unwrap_err();
    assert!(matches!(err, WhoopError::Transport(_)), "{err:?}");
    // `.invalid` never resolves (RFC 2606).
    let err = api("https://whoop.invalid")
        .recoveries(range())
        .await
        .unwrap_err();
    assert!(matches!(err, WhoopError::Transport(_)), "{err:?}");
}
