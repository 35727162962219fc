//! What WHOOP's API may answer, broken (issue 10, "external inputs"): any bytes, JSON of the
//! wrong shape, records with fields missing, null or of the wrong type, bodies cut short, and
//! a server that keeps handing out new page tokens. Each call ends in time with the records or
//! a typed error; never a panic, never a hang.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{TimeZone, Utc};
use http_policy::{Executor, Jitter, RateLimiter, RetryPolicy, SystemClock};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
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

/// How the server answers: a status (0: it hangs up) and a body, sent whole or cut after
/// some bytes.
#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    body: Vec<u8>,
    cut_at: Option<usize>,
}

/// A server on loopback answering every request with the current [`Answer`]; a body with
/// `{TOKEN}` gets a new token each time (a server that pages for ever).
async fn server(answer: Arc<Mutex<Answer>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut served = 0u64;
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                continue;
            };
            served += 1;
            let answer = answer.lock().unwrap().clone();
            let n = served;
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(k) => head.extend_from_slice(&buf[..k]),
                    }
                }
                let body = if answer.body.windows(7).any(|w| w == b"{TOKEN}") {
                    String::from_utf8_lossy(&answer.body)
                        .replace("{TOKEN}", &format!("t{n}"))
                        .into_bytes()
                } else {
                    answer.body.clone()
                };
                if answer.status == 0 {
                    // Hung up without a word.
                    return;
                }
                // Cut inside the body: the headers promise more than comes.
                let sent = answer
                    .cut_at
                    .filter(|cut| *cut < body.len())
                    .unwrap_or(body.len());
                let mut response = format!(
                    "HTTP/1.1 {} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    answer.status,
                    body.len()
                )
                .into_bytes();
                response.extend_from_slice(&body[..sent]);
                let _ = stream.write_all(&response).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    base
}

fn api(base: &str) -> WhoopApi {
    let executor = Executor::new(
        reqwest::Client::new(),
        Arc::new(SystemClock),
        RateLimiter::unlimited(),
        // Retries are another test's business: here they would only add waits.
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        },
        Jitter::seeded(1),
    );
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

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
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
    })
}

#[test]
fn any_answer_ends_in_time_with_records_or_a_typed_error() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let answer = Arc::new(Mutex::new(Answer {
        status: 200,
        body: Vec::new(),
        cut_at: None,
    }));
    let base = rt.block_on(server(answer.clone()));
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
                let whole =
                    given.status == 200 && given.cut_at.is_none_or(|cut| cut >= given.body.len());
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
        body: br#"{"records": [], "next_token": "{TOKEN}"}"#.to_vec(),
        cut_at: None,
    }));
    let base = server(answer).await;
    let error = tokio::time::timeout(Duration::from_secs(60), api(&base).recoveries(range()))
        .await
        .expect("paging ends")
        .unwrap_err();
    assert!(matches!(error, WhoopError::Decode(_)), "{error:?}");
    assert!(error.to_string().contains("more pages"), "{error}");
}
