//! What Notion's API may answer, broken (it is beyond the app's control): any bytes, JSON of the
//! wrong shape, pages and schemas with fields missing, null or of the wrong type, bodies cut
//! short, and a server that keeps saying "more" with new cursors. Each call ends in time with
//! what it asked for or a typed error; never a panic, never a hang.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value};
use test_support::json::json_value;
use test_support::scripted_http::{serve, Answer};

use crate::{NotionApi, NotionApiConfig, NotionError};

fn api(base: &str) -> NotionApi {
    let executor = test_support::executor::single_try();
    NotionApi::new(
        NotionApiConfig { base: base.into() },
        "secret".into(),
        executor,
    )
}

/// A row of a daily tracking database, as Notion sends it.
fn page() -> Value {
    json!({
        "object": "page", "id": "59833787-2cf9-4fdf-8782-e53db20768a5",
        "url": "https://www.notion.so/59833787", "archived": false, "in_trash": false,
        "properties": {
            "Date": {"id": "d", "type": "date", "date": {"start": "2026-03-19", "end": null}},
            "Recovery": {"id": "r", "type": "number", "number": 44},
            "Name": {"id": "title", "type": "title", "title": [{"plain_text": "2026-03-19"}]}
        }
    })
}

/// A data source's schema, as Notion sends it.
fn data_source() -> Value {
    json!({
        "object": "data_source", "id": "ds1", "title": [{"plain_text": "Daily"}],
        "parent": {"type": "database_id", "database_id": "db1"},
        "properties": {
            "Date": {"id": "d", "name": "Date", "type": "date", "date": {}},
            "Recovery": {"id": "r", "name": "Recovery", "type": "number", "number": {"format": "number"}},
            "Mood": {"id": "m", "name": "Mood", "type": "select", "select": {"options": [{"name": "ok"}]}}
        }
    })
}

/// `good` with values at some JSON pointers replaced by anything, or removed.
fn mangled(good: Value) -> impl Strategy<Value = Value> {
    let mut pointers = Vec::new();
    fn walk(v: &Value, at: String, out: &mut Vec<String>) {
        out.push(at.clone());
        match v {
            Value::Object(m) => m
                .iter()
                .for_each(|(k, v)| walk(v, format!("{at}/{k}"), out)),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, v)| walk(v, format!("{at}/{i}"), out)),
            _ => {}
        }
    }
    walk(&good, String::new(), &mut pointers);
    pointers.retain(|p| !p.is_empty());
    prop::collection::vec(
        (
            prop::sample::select(pointers),
            proptest::option::of(json_value()),
        ),
        1..4,
    )
    .prop_map(move |edits| {
        let mut v = good.clone();
        for (pointer, value) in edits {
            match value {
                Some(value) => {
                    if let Some(slot) = v.pointer_mut(&pointer) {
                        *slot = value;
                    }
                }
                None => {
                    let (parent, key) = pointer.rsplit_once('/').unwrap();
                    match v.pointer_mut(parent) {
                        Some(Value::Object(m)) => {
                            m.remove(key);
                        }
                        Some(Value::Array(a)) => {
                            if let Ok(i) = key.parse::<usize>() {
                                if i < a.len() {
                                    a.remove(i);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        v
    })
}

fn answers() -> impl Strategy<Value = Answer> {
    let status = prop_oneof![
        8 => Just(200u16),
        1 => Just(400u16),
        1 => Just(401u16),
        1 => Just(404u16),
        1 => Just(0u16),
    ];
    let body = prop_oneof![
        prop::collection::vec(mangled(page()), 0..3).prop_map(|results| {
            serde_json::to_vec(&json!({"object": "list", "results": results, "has_more": false, "next_cursor": null})).unwrap()
        }),
        mangled(json!({"object": "list", "results": [page(), page()], "has_more": false, "next_cursor": null}))
            .prop_map(|v| serde_json::to_vec(&v).unwrap()),
        mangled(data_source()).prop_map(|v| serde_json::to_vec(&v).unwrap()),
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        prop::collection::vec(any::<u8>(), 0..256),
    ];
    (status, body, proptest::option::of(0usize..300)).prop_map(|(status, body, cut_at)| Answer {
        status,
        body,
        cut_at,
        headers: Vec::new(),
    })
}

#[test]
fn any_answer_ends_in_time_with_what_was_asked_or_a_typed_error() {
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
        .run(&answers(), |given| {
            *answer.lock().unwrap() = given.clone();
            let whole = given.is_whole_success();
            rt.block_on(async {
                let within = Duration::from_secs(10);
                let hung = |what: &str| TestCaseError::fail(format!("{what} hung"));
                let query = tokio::time::timeout(within, api.query("ds1", json!({}), json!([])))
                    .await
                    .map_err(|_| hung("query"))?;
                let schema = tokio::time::timeout(within, api.data_source("ds1"))
                    .await
                    .map_err(|_| hung("data_source"))?;
                let me = tokio::time::timeout(within, api.me())
                    .await
                    .map_err(|_| hung("me"))?;
                let search = tokio::time::timeout(within, api.search_pages())
                    .await
                    .map_err(|_| hung("search"))?;
                for result in [
                    query.map(|_| ()),
                    schema.map(|_| ()),
                    me.map(|_| ()),
                    search.map(|_| ()),
                ] {
                    match result {
                        Ok(()) => prop_assert!(whole, "an answer from a broken body"),
                        Err(e) => {
                            prop_assert!(!e.to_string().is_empty());
                            if whole {
                                prop_assert!(matches!(e, NotionError::Decode(_)), "{e:?}");
                            }
                        }
                    }
                }
                Ok(())
            })
        })
        .unwrap();
}

#[test]
fn a_server_that_pages_for_ever_is_stopped() {
    let rt = test_support::runtime::two_workers();
    rt.block_on(async {
        let answer = Arc::new(Mutex::new(Answer {
            status: 200,
            body:
                br#"{"object": "list", "results": [], "has_more": true, "next_cursor": "{NEXT}"}"#
                    .to_vec(),
            cut_at: None,
            headers: Vec::new(),
        }));
        let api = api(&serve(answer).await);
        let error = tokio::time::timeout(
            Duration::from_secs(60),
            api.query("ds1", json!({}), json!([])),
        )
        .await
        .expect("paging ends")
        .unwrap_err();
        assert!(matches!(error, NotionError::Decode(_)), "{error:?}");
        assert!(error.to_string().contains("more pages"), "{error}");
    });
}

/// A Wi-Fi's sign-in page in Notion's place (200 `text/html`, or 511): the network, not
/// "Notion sent something this app can't read", and for a write not "may have happened".
#[tokio::test]
async fn a_wifi_sign_in_page_is_the_network() {
    let portal = "<!doctype html><html><body>Accept the terms</body></html>";
    for answer in [
        Answer::new(200, portal).with_header("Content-Type", "text/html"),
        Answer::new(511, portal).with_header("Content-Type", "text/html"),
    ] {
        let base = serve(Arc::new(Mutex::new(answer.clone()))).await;
        let read = api(&base).data_source("ds1").await.unwrap_err();
        assert!(
            matches!(read, NotionError::NetworkWebPage),
            "{answer:?}: {read:?}"
        );
        let write = api(&base).create_page("ds1", json!({})).await.unwrap_err();
        assert!(
            matches!(write, NotionError::NetworkWebPage),
            "{answer:?}: {write:?}"
        );
    }
    // JSON that isn't what was asked for is still Notion's answer.
    let base = serve(Arc::new(Mutex::new(Answer::new(200, "[1, 2")))).await;
    let err = api(&base).data_source("ds1").await.unwrap_err();
    assert!(matches!(err, NotionError::Decode(_)), "{err:?}");
}
