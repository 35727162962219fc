//! What reaches the sign-in's loopback listener and the pasted address: any local
//! process can connect to the port, so forged, replayed and garbage
//! requests, huge heads and stalled connections must neither end the sign-in, nor hand out a
//! code, nor hold up the browser's real answer.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use url::form_urlencoded;
use whoop_client::{parse_redirect, LoopbackCallback, WhoopError};

const STATE: &str = "s7Hq-the-state-of-this-sign-in-Zk2";
const CODE: &str = "the-real-code";

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Query parameters as a browser (or a forger) might send them: any order, repeats, extras.
fn params() -> impl Strategy<Value = Vec<(String, String)>> {
    let key = prop_oneof![
        Just("state".to_string()),
        Just("code".to_string()),
        Just("error".to_string()),
        Just("error_description".to_string()),
        "[a-z_]{1,8}",
    ];
    let value = prop_oneof![
        Just(STATE.to_string()),
        Just(CODE.to_string()),
        Just(String::new()),
        ".{0,16}"
    ];
    prop::collection::vec((key, value), 0..6)
}

fn query(params: &[(String, String)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        query.append_pair(k, v);
    }
    query.finish()
}

/// What the sign-in must make of these parameters, from OAuth's rules alone: a code only with
/// exactly one `state`, ours, one non-empty `code` and no `error`.
fn model(params: &[(String, String)]) -> Option<String> {
    let all = |key: &str| -> Vec<&String> {
        params
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v)
            .collect()
    };
    let (states, codes, errors) = (all("state"), all("code"), all("error"));
    (states.len() == 1
        && states[0] == STATE
        && errors.is_empty()
        && codes.len() == 1
        && !codes[0].is_empty())
    .then(|| codes[0].clone())
}

/// Would this request end the sign-in (with its code or a refusal)? Only one carrying our
/// state exactly once can.
fn ends_the_sign_in(params: &[(String, String)]) -> bool {
    let states: Vec<_> = params.iter().filter(|(k, _)| k == "state").collect();
    let repeated = |key: &str| params.iter().filter(|(k, _)| k == key).count() > 1;
    states.len() == 1 && states[0].1 == STATE && !repeated("code") && !repeated("error")
}

#[test]
fn a_pasted_address_gives_a_code_only_when_it_is_this_sign_ins_answer() {
    let address = prop_oneof![
        params().prop_map(|p| format!("https://localhost:8765/callback?{}", query(&p))),
        params().prop_map(|p| format!("whoop-notion-sync://oauth/callback?{}", query(&p))),
        ".{0,64}",
    ];
    runner(256)
        .run(&address, |pasted| {
            let expected = url::Url::parse(pasted.trim()).ok().and_then(|url| {
                let params: Vec<(String, String)> = url
                    .query_pairs()
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                model(&params)
            });
            match parse_redirect(&pasted, STATE) {
                Ok(code) => prop_assert_eq!(Some(code), expected),
                Err(e) => {
                    prop_assert_eq!(None, expected);
                    prop_assert!(!e.to_string().is_empty());
                }
            }
            Ok(())
        })
        .unwrap();
}

async fn listen(
    timeout: Duration,
) -> (
    u16,
    tokio::task::JoinHandle<(Result<String, WhoopError>, Duration)>,
) {
    let callback = LoopbackCallback::bind("http://127.0.0.1:0/callback")
        .await
        .unwrap();
    let port = callback.local_addr().unwrap().port();
    let waiter = tokio::spawn(async move {
        let started = Instant::now();
        let result = callback.wait(STATE, timeout).await;
        (result, started.elapsed())
    });
    (port, waiter)
}

/// Sends `request` on a connection of its own, half-closes it and returns the status line of
/// the answer ("" when the listener closed without one).
async fn send(port: u16, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let _ = stream.write_all(request).await;
    let _ = stream.shutdown().await;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(8), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the listener neither answered nor closed");
    String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

fn get(params: &[(String, String)]) -> Vec<u8> {
    format!(
        "GET /callback?{} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        query(params)
    )
    .into_bytes()
}

/// Requests another local process could send: any bytes, any request line, and requests to
/// the redirect path that aren't this sign-in's answer.
fn forged() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        "[A-Z]{0,7} .{0,64} HTTP/1\\.[01]\r\n(.{0,32}\r\n){0,3}\r\n".prop_map(String::into_bytes),
        params()
            .prop_filter("not this sign-in's answer", |p| !ends_the_sign_in(p))
            .prop_map(|p| get(&p)),
        params().prop_map(|p| format!(
            "GET //elsewhere.example/callback?{} HTTP/1.1\r\n\r\n",
            query(&p)
        )
        .into_bytes()),
    ]
}

#[test]
fn forged_requests_neither_end_the_sign_in_nor_hold_up_the_real_answer() {
    let rt = test_support::runtime::two_workers();
    runner(48)
        .run(&prop::collection::vec(forged(), 1..4), |requests| {
            rt.block_on(async {
                let (port, waiter) = listen(Duration::from_secs(10)).await;
                for request in &requests {
                    let status = send(port, request).await;
                    prop_assert!(
                        !status.contains("200"),
                        "a forged request was welcomed: {status}"
                    );
                }
                let real = [
                    ("code".to_string(), CODE.to_string()),
                    ("state".to_string(), STATE.to_string()),
                ];
                prop_assert_eq!(send(port, &get(&real)).await, "HTTP/1.1 200 OK");
                let (result, _) = waiter.await.unwrap();
                prop_assert_eq!(result.unwrap(), CODE);
                // The listener is gone with the sign-in: the same answer again finds no one.
                prop_assert!(TcpStream::connect(("127.0.0.1", port)).await.is_err());
                Ok(())
            })
        })
        .unwrap();
}

#[test]
fn requests_carrying_the_state_once_end_the_sign_in_with_the_right_outcome() {
    let rt = test_support::runtime::two_workers();
    let answers = params()
        .prop_filter("this sign-in's answer", |p| ends_the_sign_in(p))
        .prop_map(|p| p);
    runner(48)
        .run(&answers, |params| {
            rt.block_on(async {
                let (port, waiter) = listen(Duration::from_secs(10)).await;
                let status = send(port, &get(&params)).await;
                let (result, _) = waiter.await.unwrap();
                match model(&params) {
                    Some(code) => {
                        prop_assert_eq!(status, "HTTP/1.1 200 OK");
                        prop_assert_eq!(result.unwrap(), code);
                    }
                    None => {
                        let error = result.unwrap_err();
                        prop_assert!(
                            matches!(error, WhoopError::AuthorizationDenied(_)),
                            "{error:?}"
                        );
                    }
                }
                Ok(())
            })
        })
        .unwrap();
}

#[tokio::test]
async fn stalled_trickling_and_huge_requests_dont_hold_up_the_browser() {
    let (port, waiter) = listen(Duration::from_secs(20)).await;
    // Half a request line, then nothing.
    let mut stalled = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    stalled.write_all(b"GET /callback?sta").await.unwrap();
    // A byte now and then, for ever.
    let trickle = tokio::spawn(async move {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        for _ in 0..100 {
            if stream.write_all(b"X").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    // A head of 1 MB.
    let mut huge = b"GET /callback HTTP/1.1\r\n".to_vec();
    for i in 0..20_000 {
        huge.extend(format!("X-Padding-{i}: {}\r\n", "p".repeat(40)).as_bytes());
    }
    huge.extend(b"\r\n");
    let huge_status = send(port, &huge).await;
    assert!(
        huge_status.is_empty() || huge_status.contains("431"),
        "{huge_status}"
    );

    // The browser's answer is served at once all the same.
    let started = Instant::now();
    let real = [
        ("state".to_string(), STATE.to_string()),
        ("code".to_string(), CODE.to_string()),
    ];
    assert_eq!(send(port, &get(&real)).await, "HTTP/1.1 200 OK");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(waiter.await.unwrap().0.unwrap(), CODE);
    trickle.abort();
}

#[tokio::test]
async fn with_only_forged_answers_the_timeout_says_what_came() {
    let (port, waiter) = listen(Duration::from_millis(600)).await;
    let forged = [
        ("code".to_string(), "stolen".to_string()),
        ("state".to_string(), "guessed".to_string()),
    ];
    assert!(send(port, &get(&forged)).await.contains("400"));
    // A refusal without our state can't end the sign-in either.
    let refusal = [("error".to_string(), "access_denied".to_string())];
    assert!(send(port, &get(&refusal)).await.contains("400"));
    let (result, took) = waiter.await.unwrap();
    assert!(took < Duration::from_secs(3), "{took:?}");
    let error = result.unwrap_err();
    assert!(
        matches!(
            error,
            WhoopError::AuthorizationDenied(_) | WhoopError::StateMismatch
        ),
        "{error:?}"
    );

    // And with nothing at all, it is the timeout.
    let (_, waiter) = listen(Duration::from_millis(200)).await;
    let (result, _) = waiter.await.unwrap();
    assert!(matches!(result, Err(WhoopError::CallbackTimeout(_))));
}
