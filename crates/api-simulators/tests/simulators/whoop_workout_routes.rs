//! `/v2/activity/workout` and `/v2/activity/workout/{workoutId}` over HTTP: the `read:workout`
//! scope, paging and query rules as for the other collections, single workouts, and late
//! changes (scoring, re-scoring, deletion) showing with a newer `updated_at`.

use crate::whoop_support;

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::Value;
use whoop_support::*;

const WORKOUTS: &str = "/v2/activity/workout";

fn time(v: &Value, key: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v[key].as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn read_workout_scope_is_required() {
    let h = start().await;
    let ds = h.dataset();
    let one = format!("{WORKOUTS}/{}", ds.workouts[0].id);
    let without = login_with(&h, "read:recovery read:cycles read:sleep offline").await;
    for path in [WORKOUTS, one.as_str()] {
        let (status, headers, body) = api_get(&h, &without.access, path, &[]).await;
        // The same answer as any other route the token has no scope for.
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(
            headers["www-authenticate"], "Bearer error=\"insufficient_scope\"",
            "{path}"
        );
        assert_eq!(body["message"], "Authorization was not valid");
    }
    let (status, _, _) = api_get(&h, &without.access, "/v2/cycle", &[]).await;
    assert_eq!(status, StatusCode::OK, "the other scopes still work");
    let with = login_with(&h, "read:workout").await;
    for path in [WORKOUTS, one.as_str()] {
        assert_eq!(api_get(&h, &with.access, path, &[]).await.0, StatusCode::OK);
    }
    let (status, _, _) = api_get(&h, "not-a-token", WORKOUTS, &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_workout_exactly_once_newest_first() {
    let h = start_unlimited().await;
    let t = login(&h).await;
    let ds = h.dataset();
    let mut expect: Vec<&str> = ds.workouts.iter().map(|w| w.id.as_str()).collect();
    expect.reverse();
    for limit in [25u32, 7] {
        let pages = all_pages(&h, &t.access, WORKOUTS, limit, &[]).await;
        assert!(pages.len() > 2, "several pages");
        let (last, full) = pages.split_last().unwrap();
        for p in full {
            assert_eq!(p["records"].as_array().unwrap().len(), limit as usize);
            assert!(p["next_token"].is_string());
        }
        assert!(last.get("next_token").is_none(), "absent on the last page");
        let recs = records(&pages);
        let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
        assert_eq!(ids, expect, "limit {limit}");
    }
    let (_, _, first) = api_get(&h, &t.access, WORKOUTS, &[]).await;
    assert_eq!(
        first["records"].as_array().unwrap().len(),
        10,
        "default limit"
    );
}

#[tokio::test]
async fn start_is_inclusive_and_end_exclusive_on_the_start_time() {
    let h = start_unlimited().await;
    let t = login(&h).await;
    let ds = h.dataset();
    let a = &ds.workouts[5];
    let b = &ds.workouts[9];
    let fmt = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let (start, end) = (fmt(a.start), fmt(b.start));
    let window = [("start", start.as_str()), ("end", end.as_str())];
    let recs = records(&all_pages(&h, &t.access, WORKOUTS, 25, &window).await);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let expect: Vec<&str> = ds.workouts[5..9]
        .iter()
        .rev()
        .map(|w| w.id.as_str())
        .collect();
    assert_eq!(ids, expect);
}

#[tokio::test]
async fn bad_queries_get_the_same_400s_as_the_other_collections() {
    let h = start().await;
    let t = login(&h).await;
    let (_, _, sleeps) = api_get(&h, &t.access, "/v2/activity/sleep", &[("limit", "3")]).await;
    let sleep_token = sleeps["next_token"].as_str().unwrap().to_string();
    for q in [
        ("limit", "26"),
        ("limit", "0"),
        ("limit", "ten"),
        ("start", "2025-03-01"),
        ("end", "yesterday"),
        ("nextToken", "garbage!"),
        // A sleep token is no workout token.
        ("nextToken", sleep_token.as_str()),
    ] {
        let (status, _, body) = api_get(&h, &t.access, WORKOUTS, &[q]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q:?}");
        assert!(body["message"].is_string());
    }
    assert_eq!(h.stats().max_limit_seen, 26);
}

#[tokio::test]
async fn one_workout_by_its_uuid() {
    let h = start().await;
    let t = login(&h).await;
    let ds = h.dataset();
    for w in [&ds.workouts[0], ds.workouts.last().unwrap()] {
        let (status, _, body) = api_get(&h, &t.access, &format!("{WORKOUTS}/{}", w.id), &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, serde_json::to_value(w).unwrap());
    }
    let (status, _, _) = api_get(&h, &t.access, &format!("{WORKOUTS}/1043"), &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a v1 id is no UUID");
    let unknown = "ecfc6a15-4661-442f-a9a4-f160dd7afae8";
    let (status, _, body) = api_get(&h, &t.access, &format!("{WORKOUTS}/{unknown}"), &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["message"], "No resource found");
}

#[tokio::test]
async fn late_changes_show_with_a_newer_updated_at() {
    let h = start().await;
    let t = login(&h).await;
    let ds = h.dataset();
    let get = |id: String| {
        let (h, access) = (h.clone(), t.access.clone());
        async move { api_get(&h, &access, &format!("{WORKOUTS}/{id}"), &[]).await }
    };

    let pending = ds.workouts.last().unwrap().id.clone();
    let (_, _, before) = get(pending.clone()).await;
    assert_eq!(before["score_state"], "PENDING_SCORE");
    assert!(before.get("score").is_none());
    assert!(h.score_workout(&pending));
    let (_, _, after) = get(pending.clone()).await;
    assert_eq!(after["score_state"], "SCORED");
    assert!(after["score"]["strain"].is_number());
    assert!(time(&after, "updated_at") > time(&before, "updated_at"));

    let scored = ds.workouts[2].id.clone();
    let (_, _, before) = get(scored.clone()).await;
    assert!(h.rescore_workout(&scored, 17.25));
    let (_, _, after) = get(scored.clone()).await;
    assert_eq!(after["score"]["strain"], 17.25);
    assert!(time(&after, "updated_at") > time(&before, "updated_at"));

    assert!(h.delete_workout(&scored));
    assert_eq!(get(scored.clone()).await.0, StatusCode::NOT_FOUND);
    let recs = records(&all_pages(&h, &t.access, WORKOUTS, 25, &[]).await);
    assert!(recs.iter().all(|r| r["id"] != scored.as_str()));
    assert_eq!(recs.len(), ds.workouts.len() - 1);
    assert!(!h.rescore_workout(&scored, 1.0));
}

#[tokio::test]
async fn end_defaults_to_now() {
    let h = start().await;
    let t = login(&h).await;
    // Workouts starting tomorrow are not served without an `end` reaching them.
    let mut ds = h.dataset();
    let mut future = ds.workouts.last().unwrap().clone();
    future.id = "0f8d2b1e-5a4c-4d3b-9e2f-7a6b5c4d3e2f".into();
    future.start = Utc::now() + Duration::days(1);
    future.end = future.start + Duration::hours(1);
    ds.workouts.push(future.clone());
    h.set_dataset(ds);
    let recs = records(&all_pages(&h, &t.access, WORKOUTS, 25, &[]).await);
    assert!(recs.iter().all(|r| r["id"] != future.id.as_str()));
    let later = (Utc::now() + Duration::days(2)).to_rfc3339();
    let (_, _, body) = api_get(&h, &t.access, WORKOUTS, &[("end", later.as_str())]).await;
    assert_eq!(body["records"][0]["id"], future.id.as_str());
}
