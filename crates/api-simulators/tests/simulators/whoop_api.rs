//! The data routes: authentication, scopes, parameter validation, v1 being gone, and
//! single-record routes agreeing with the dataset.

use crate::whoop_support;

use api_simulators::whoop::{Dataset, GenerateOptions, WhoopSim, WhoopSimConfig};
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use whoop_support::*;

#[tokio::test]
async fn bearer_token_is_required() {
    let h = start().await;
    let r = client()
        .get(format!("{}/v2/recovery", h.api_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Bearer"));
    let (status, _, _) = api_get(&h, "not-a-token", "/v2/cycle", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let r = client()
        .get(format!("{}/v2/cycle", h.api_url()))
        .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(h.stats().unauthorized_responses, 3);
}

#[tokio::test]
async fn scopes_are_checked_per_route() {
    let h = start().await;
    let t = login_with(&h, "read:cycles").await;
    for (path, expect) in [
        ("/v2/cycle", StatusCode::OK),
        ("/v2/recovery", StatusCode::UNAUTHORIZED),
        ("/v2/activity/sleep", StatusCode::UNAUTHORIZED),
        ("/v2/user/profile/basic", StatusCode::UNAUTHORIZED),
        ("/v2/user/measurement/body", StatusCode::UNAUTHORIZED),
    ] {
        assert_eq!(api_get(&h, &t.access, path, &[]).await.0, expect, "{path}");
    }
}

#[tokio::test]
async fn v1_is_gone() {
    let h = start().await;
    let t = login(&h).await;
    for path in [
        "/v1/recovery",
        "/v1/activity/sleep",
        "/v1/cycle",
        "/v1/user/profile/basic",
    ] {
        let (status, headers, _) = api_get(&h, &t.access, path, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(headers.contains_key("x-ratelimit-remaining"));
    }
    assert_eq!(h.stats().path_count("/developer/v1/recovery"), 1);
}

#[tokio::test]
async fn limit_is_capped_at_25() {
    let h = start().await;
    let t = login(&h).await;
    for path in ["/v2/recovery", "/v2/activity/sleep", "/v2/cycle"] {
        let (status, _, body) = api_get(&h, &t.access, path, &[("limit", "26")]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(body.get("records").is_none());
        let (status, _, body) = api_get(&h, &t.access, path, &[("limit", "25")]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["records"].as_array().unwrap().len(), 25);
        for bad in ["0", "-1", "ten", "2.5"] {
            let (status, _, _) = api_get(&h, &t.access, path, &[("limit", bad)]).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path} limit={bad}");
        }
    }
    let (_, _, _) = api_get(&h, &t.access, "/v2/cycle", &[("limit", "100")]).await;
    assert_eq!(h.stats().max_limit_seen, 100);
}

#[tokio::test]
async fn start_and_end_must_be_date_times() {
    let h = start().await;
    let t = login(&h).await;
    for (key, value) in [
        ("start", "2025-03-01"),
        ("end", "yesterday"),
        // An unencoded `+` in a query arrives as a space.
        ("start", "2025-03-01T00:00:00 09:00"),
    ] {
        let (status, _, _) = api_get(&h, &t.access, "/v2/recovery", &[(key, value)]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{key}={value}");
    }
    for value in ["2025-03-01T00:00:00Z", "2025-03-01T00:00:00.000+09:00"] {
        let (status, _, _) = api_get(&h, &t.access, "/v2/recovery", &[("start", value)]).await;
        assert_eq!(status, StatusCode::OK, "{value}");
    }
}

#[tokio::test]
async fn single_records_match_the_dataset() {
    let h = start().await;
    let t = login(&h).await;
    let ds = h.dataset();
    let night = &ds.truth[ds.truth.len() / 2];

    let (status, _, body) = api_get(
        &h,
        &t.access,
        &format!("/v2/activity/sleep/{}", night.sleep_id),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        serde_json::to_value(ds.sleep(&night.sleep_id).unwrap()).unwrap()
    );

    let base = format!("/v2/cycle/{}", night.cycle_id);
    let (_, _, body) = api_get(&h, &t.access, &base, &[]).await;
    assert_eq!(
        body,
        serde_json::to_value(ds.cycle(night.cycle_id).unwrap()).unwrap()
    );
    let (_, _, body) = api_get(&h, &t.access, &format!("{base}/recovery"), &[]).await;
    assert_eq!(body["sleep_id"], night.sleep_id.as_str());
    assert_eq!(body["cycle_id"], night.cycle_id);
    let (_, _, body) = api_get(&h, &t.access, &format!("{base}/sleep"), &[]).await;
    assert_eq!(body["id"], night.sleep_id.as_str());
    assert_eq!(body["nap"], false);

    // A cycle that also holds a nap still answers with its main sleep.
    let nap = ds.sleeps.iter().find(|s| s.nap).expect("a nap");
    let (_, _, body) = api_get(
        &h,
        &t.access,
        &format!("/v2/cycle/{}/sleep", nap.cycle_id),
        &[],
    )
    .await;
    assert_eq!(body["nap"], false);
    assert_eq!(body["cycle_id"], nap.cycle_id);

    for (path, expect) in [
        ("/v2/cycle/abc".to_string(), StatusCode::BAD_REQUEST),
        ("/v2/cycle/1".to_string(), StatusCode::NOT_FOUND),
        ("/v2/cycle/1/recovery".to_string(), StatusCode::NOT_FOUND),
        (
            "/v2/activity/sleep/not-a-uuid".to_string(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "/v2/activity/sleep/00000000-0000-4000-8000-000000000000".to_string(),
            StatusCode::NOT_FOUND,
        ),
        ("/v2/recovery/123".to_string(), StatusCode::NOT_FOUND),
    ] {
        assert_eq!(api_get(&h, &t.access, &path, &[]).await.0, expect, "{path}");
    }
}

#[tokio::test]
async fn profile_and_body_come_from_the_config() {
    let h = start().await;
    let t = login(&h).await;
    let (_, _, p) = api_get(&h, &t.access, "/v2/user/profile/basic", &[]).await;
    assert_eq!(p["user_id"], 10129);
    assert_eq!(p["email"], "jsmith123@whoop.com");
    assert_eq!(p["first_name"], "John");
    let (_, _, b) = api_get(&h, &t.access, "/v2/user/measurement/body", &[]).await;
    assert!(b["height_meter"].as_f64().unwrap() > 1.0);
    assert!(b["max_heart_rate"].is_i64());
}

#[tokio::test]
async fn end_defaults_to_now() {
    // A dataset reaching two days into the future: by default those nights are not served.
    let today = Utc::now().date_naive() + Duration::days(2);
    let ds = Dataset::generate(&GenerateOptions::new(3, today, 10));
    let now = Utc::now();
    let past = ds.sleeps.iter().filter(|s| s.start < now).count();
    assert!(past < ds.sleeps.len());
    let h = WhoopSim::start(WhoopSimConfig::new(CLIENT_ID, CLIENT_SECRET, ds.clone()))
        .await
        .unwrap();
    let t = login(&h).await;
    let served = records(&all_pages(&h, &t.access, "/v2/activity/sleep", 25, &[]).await);
    assert_eq!(served.len(), past);
    let far = (now + Duration::days(30)).to_rfc3339();
    let all = records(&all_pages(&h, &t.access, "/v2/activity/sleep", 25, &[("end", &far)]).await);
    assert_eq!(all.len(), ds.sleeps.len());
}

#[tokio::test]
async fn requests_are_counted_per_path_without_query() {
    let h = start().await;
    let t = login(&h).await;
    h.reset_stats();
    for _ in 0..3 {
        api_get(&h, &t.access, "/v2/recovery", &[("limit", "5")]).await;
    }
    let (_, _, _) = api_get(&h, &t.access, "/v2/cycle", &[]).await;
    let st = h.stats();
    assert_eq!(st.requests_total, 4);
    assert_eq!(st.path_count("/developer/v2/recovery"), 3);
    assert_eq!(st.path_count("/developer/v2/cycle"), 1);
    assert_eq!(st.requests_by_path.len(), 2);
}

#[tokio::test]
async fn stop_closes_the_port() {
    let h = start().await;
    let url = format!("{}/v2/cycle", h.api_url());
    assert!(client().get(&url).send().await.is_ok());
    h.stop();
    let mut refused = false;
    for _ in 0..50 {
        // A fresh client: no pooled keep-alive connection.
        if client().get(&url).send().await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(refused, "the simulator still answers after stop()");
}

#[tokio::test]
async fn body_measurement_is_the_users_and_changes_when_they_enter_a_new_one() {
    let mut cfg = config();
    cfg.user.body.weight_kilogram = 71.4;
    let h = api_simulators::whoop::WhoopSim::start(cfg).await.unwrap();
    let t = login(&h).await;
    let (_, _, b) = api_get(&h, &t.access, "/v2/user/measurement/body", &[]).await;
    assert_eq!(b["weight_kilogram"], 71.4);
    assert_eq!(b["height_meter"], 1.8288);
    assert_eq!(b["max_heart_rate"], 200);
    h.set_body_measurement(api_simulators::whoop::UserBodyMeasurement {
        height_meter: 1.8288,
        weight_kilogram: 70.9,
        max_heart_rate: 198,
    });
    let (_, _, b) = api_get(&h, &t.access, "/v2/user/measurement/body", &[]).await;
    assert_eq!(b["weight_kilogram"], 70.9);
    assert_eq!(b["max_heart_rate"], 198);
}
