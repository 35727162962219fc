//! Paging: every record exactly once, newest first, `next_token` absent on the last page,
//! `start`/`end` filtering, and tokens that cannot be forged or mixed up.

use crate::whoop_support;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::Value;
use whoop_support::*;

fn time(v: &Value, key: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v[key].as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

fn assert_pages_well_formed(pages: &[Value], limit: usize, what: &str) {
    let (last, full) = pages.split_last().unwrap();
    for p in full {
        assert_eq!(
            p["records"].as_array().unwrap().len(),
            limit,
            "{what}: a short page before the last"
        );
        assert!(p["next_token"].is_string(), "{what}");
    }
    assert!(
        last.as_object().unwrap().get("next_token").is_none(),
        "{what}: next_token must be absent on the last page"
    );
    assert!(last["records"].as_array().unwrap().len() <= limit);
}

#[tokio::test]
async fn every_record_exactly_once_newest_first() {
    let h = start_unlimited().await;
    let t = login(&h).await;
    let ds = h.dataset();
    let sleep_start: HashMap<String, DateTime<Utc>> =
        ds.sleeps.iter().map(|s| (s.id.clone(), s.start)).collect();

    for limit in [25usize, 7, 1] {
        let l = limit.to_string();
        // Sleeps, by start.
        let pages = all_pages(&h, &t.access, "/v2/activity/sleep", limit as u32, &[]).await;
        assert_pages_well_formed(&pages, limit, &format!("sleeps/{l}"));
        let recs = records(&pages);
        let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            ids.len(),
            "duplicates"
        );
        let mut expect: Vec<_> = ds.sleeps.iter().collect();
        expect.sort_by_key(|s| std::cmp::Reverse(s.start));
        assert_eq!(
            ids,
            expect.iter().map(|s| s.id.as_str()).collect::<Vec<_>>()
        );

        // Cycles, by start.
        let pages = all_pages(&h, &t.access, "/v2/cycle", limit as u32, &[]).await;
        assert_pages_well_formed(&pages, limit, &format!("cycles/{l}"));
        let recs = records(&pages);
        let starts: Vec<_> = recs.iter().map(|r| time(r, "start")).collect();
        assert!(
            starts.windows(2).all(|w| w[0] > w[1]),
            "cycles newest first"
        );
        assert_eq!(recs.len(), ds.cycles.len());
        let ids: HashSet<i64> = recs.iter().map(|r| r["id"].as_i64().unwrap()).collect();
        assert_eq!(ids, ds.cycles.iter().map(|c| c.id).collect());

        // Recoveries, by the start of their sleep.
        let pages = all_pages(&h, &t.access, "/v2/recovery", limit as u32, &[]).await;
        assert_pages_well_formed(&pages, limit, &format!("recoveries/{l}"));
        let recs = records(&pages);
        assert_eq!(recs.len(), ds.recoveries.len());
        let by_sleep: Vec<_> = recs
            .iter()
            .map(|r| sleep_start[r["sleep_id"].as_str().unwrap()])
            .collect();
        assert!(
            by_sleep.windows(2).all(|w| w[0] > w[1]),
            "recoveries by sleep start, newest first"
        );
    }
}

#[tokio::test]
async fn default_limit_is_10() {
    let h = start().await;
    let t = login(&h).await;
    let (_, _, body) = api_get(&h, &t.access, "/v2/recovery", &[]).await;
    assert_eq!(body["records"].as_array().unwrap().len(), 10);
    assert!(body["next_token"].is_string());
}

#[tokio::test]
async fn start_is_inclusive_end_exclusive_on_the_start_time() {
    let h = start().await;
    let t = login(&h).await;
    let ds = h.dataset();
    // A window whose edges sit exactly on record starts.
    let mut starts: Vec<_> = ds.sleeps.iter().map(|s| s.start).collect();
    starts.sort();
    let (from, to) = (starts[10], starts[30]);
    let window = [("start", from.to_rfc3339()), ("end", to.to_rfc3339())];
    let window: Vec<(&str, &str)> = window.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let recs = records(&all_pages(&h, &t.access, "/v2/activity/sleep", 4, &window).await);
    assert_eq!(recs.len(), 20);
    assert_eq!(time(recs.last().unwrap(), "start"), from);
    assert!(recs.iter().all(|r| time(r, "start") < to));

    // Recoveries filter by their sleep's start, so the same window gives the nights in it.
    let recs = records(&all_pages(&h, &t.access, "/v2/recovery", 25, &window).await);
    let nights_in = ds
        .sleeps
        .iter()
        .filter(|s| !s.nap && s.start >= from && s.start < to)
        .count();
    assert_eq!(recs.len(), nights_in);

    // An empty window: no records, no token.
    let later = (to + Duration::days(365)).to_rfc3339();
    let (_, _, body) = api_get(&h, &t.access, "/v2/cycle", &[("start", &later)]).await;
    assert_eq!(body["records"].as_array().unwrap().len(), 0);
    assert!(body.get("next_token").is_none());
}

#[tokio::test]
async fn next_tokens_are_checked() {
    let h = start().await;
    let t = login(&h).await;
    let (_, _, body) = api_get(&h, &t.access, "/v2/activity/sleep", &[("limit", "3")]).await;
    let token = body["next_token"].as_str().unwrap().to_string();
    // A sleep token is no cycle token, and garbage is no token.
    for (path, tok) in [
        ("/v2/cycle", token.as_str()),
        ("/v2/activity/sleep", "garbage!"),
    ] {
        let (status, _, _) = api_get(&h, &t.access, path, &[("nextToken", tok)]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {tok}");
    }
    // The snake_case spelling is not the parameter: it is ignored, giving the first page.
    let (_, _, again) = api_get(
        &h,
        &t.access,
        "/v2/activity/sleep",
        &[("limit", "3"), ("next_token", &token)],
    )
    .await;
    assert_eq!(again["records"], body["records"]);
}

#[tokio::test]
async fn pages_stay_consistent_when_a_night_is_scored_meanwhile() {
    let h = start().await;
    let t = login(&h).await;
    let (_, _, first) = api_get(&h, &t.access, "/v2/recovery", &[("limit", "5")]).await;
    let newest = &first["records"][0];
    assert_eq!(newest["score_state"], "PENDING_SCORE");
    assert!(h.score_pending(today()));
    let token = first["next_token"].as_str().unwrap();
    let (_, _, second) = api_get(
        &h,
        &t.access,
        "/v2/recovery",
        &[("limit", "5"), ("nextToken", token)],
    )
    .await;
    let seen: HashSet<&str> = first["records"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["records"].as_array().unwrap())
        .map(|r| r["sleep_id"].as_str().unwrap())
        .collect();
    assert_eq!(seen.len(), 10);
}
