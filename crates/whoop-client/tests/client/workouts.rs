//! Workouts and body measurements against the WHOOP simulator: every page read once, WHOOP's
//! nulls and unscored states parsed, a sign-in without `read:workout` refused with a typed
//! error (no refresh spent on it) while everything else still reads, and the rate limit and
//! token rules kept as for the other reads.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use api_simulators::whoop::{
    Dataset, GenerateOptions, WhoopFault, WhoopSim, WhoopSimConfig, WhoopSimHandle, ALL_SCOPES,
};
use async_trait::async_trait;
use chrono::{NaiveDate, TimeZone, Utc};
use http_policy::{Executor, Jitter, RateLimiter, RetryPolicy, SystemClock};
use serde_json::json;
use test_support::scripted_http::{serve, Answer};
use whoop_client::{AccessTokens, DateRange, ScoreState, WhoopApi, WhoopApiConfig, WhoopError};

/// The scopes of a sign-in made before the app asked for workouts and body measurements.
const OLD_SCOPES: &str = "offline read:recovery read:cycles read:sleep read:profile";

/// Tokens straight from the simulator; a refresh is a new grant with the same scopes.
struct SimTokens {
    sim: WhoopSimHandle,
    scopes: &'static str,
    current: Mutex<String>,
    refreshes: AtomicU32,
    /// The grant is gone: a refresh answers "reconnect", as the engine's token store does.
    revoked: AtomicBool,
}

#[async_trait]
impl AccessTokens for SimTokens {
    async fn access_token(&self) -> Result<String, WhoopError> {
        Ok(self.current.lock().unwrap().clone())
    }
    async fn refresh_after_unauthorized(&self, _rejected: &str) -> Result<String, WhoopError> {
        self.refreshes.fetch_add(1, Ordering::SeqCst);
        if self.revoked.load(Ordering::SeqCst) {
            return Err(WhoopError::NeedsReconnect("the grant was revoked".into()));
        }
        let fresh = self.sim.issue_tokens(self.scopes).access_token;
        *self.current.lock().unwrap() = fresh.clone();
        Ok(fresh)
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 20).unwrap()
}

async fn setup(days: u32, scopes: &'static str) -> (WhoopSimHandle, WhoopApi, Arc<SimTokens>) {
    let dataset = Dataset::generate(&GenerateOptions {
        pending_today: true,
        ..GenerateOptions::new(3, today(), days)
    });
    let sim = WhoopSim::start(WhoopSimConfig::new("c", "s", dataset))
        .await
        .unwrap();
    let tokens = Arc::new(SimTokens {
        current: Mutex::new(sim.issue_tokens(scopes).access_token),
        sim: sim.clone(),
        scopes,
        refreshes: AtomicU32::new(0),
        revoked: AtomicBool::new(false),
    });
    let executor = Executor::new(
        reqwest::Client::new(),
        Arc::new(SystemClock),
        RateLimiter::unlimited(),
        RetryPolicy::default(),
        Jitter::seeded(1),
    );
    let api = WhoopApi::new(
        WhoopApiConfig {
            api_base: sim.api_url(),
        },
        executor,
        tokens.clone(),
    );
    (sim, api, tokens)
}

fn everything() -> DateRange {
    DateRange {
        start: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
        end: Utc.with_ymd_and_hms(2026, 3, 21, 12, 0, 0).unwrap(),
    }
}

#[tokio::test]
async fn workouts_are_read_in_pages_of_25_each_once() {
    let (sim, api, _) = setup(120, ALL_SCOPES).await;
    let dataset = sim.dataset();
    assert!(dataset.workouts.len() > 75, "several pages");
    sim.reset_stats();
    let workouts = api.workouts(everything()).await.unwrap();
    assert_eq!(workouts.len(), dataset.workouts.len());
    let ids: HashSet<&str> = workouts.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids.len(), workouts.len(), "no workout twice");
    assert!(
        workouts.windows(2).all(|w| w[0].start > w[1].start),
        "newest first"
    );
    let stats = sim.stats();
    assert_eq!(stats.max_limit_seen, 25);
    assert_eq!(
        stats.path_count("/developer/v2/activity/workout") as usize,
        workouts.len().div_ceil(25)
    );
    assert_eq!(api.unreadable_records().load(Ordering::Relaxed), 0);

    // Page by page, the same workouts.
    let mut pages = api.workout_pages(everything());
    let mut paged = Vec::new();
    while !pages.is_done() {
        let page = pages.next_page().await.unwrap();
        assert!(page.len() <= 25);
        paged.extend(page);
    }
    assert_eq!(paged, workouts);
}

#[tokio::test]
async fn whoop_nulls_and_unscored_states_are_read() {
    let (sim, api, _) = setup(60, ALL_SCOPES).await;
    let dataset = sim.dataset();
    let workouts = api.workouts(everything()).await.unwrap();
    let by_id = |id: &str| workouts.iter().find(|w| w.id == id).unwrap();
    for truth in &dataset.workouts {
        let w = by_id(&truth.id);
        assert_eq!(w.sport_name, truth.sport_name);
        assert_eq!(w.start, truth.start);
        assert_eq!(w.timezone_offset, truth.timezone_offset);
        assert!(w.offset().is_some());
        assert_eq!(w.score_state == ScoreState::Scored, truth.score.is_some());
        let (Some(s), Some(t)) = (&w.score, &truth.score) else {
            continue;
        };
        assert_eq!(s.strain, Some(t.strain));
        assert_eq!(s.average_heart_rate, Some(t.average_heart_rate as f64));
        assert_eq!(s.kilojoule, Some(t.kilojoule));
        assert_eq!(s.percent_recorded, Some(t.percent_recorded));
        assert_eq!(s.distance_meter, t.distance_meter);
        assert_eq!(s.altitude_change_meter, t.altitude_change_meter);
        let zones = s.zone_durations.as_ref().unwrap().as_array();
        assert_eq!(
            zones.iter().map(|z| z.unwrap()).sum::<i64>(),
            t.zone_durations.total_milli()
        );
    }
    let strength = workouts
        .iter()
        .find(|w| w.sport_name == "weightlifting" && w.score.is_some())
        .expect("a scored strength workout");
    let score = strength.score.as_ref().unwrap();
    assert_eq!(score.distance_meter, None, "null distance");
    assert_eq!(score.altitude_gain_meter, None);
    assert!(workouts
        .iter()
        .any(|w| w.score.as_ref().is_some_and(|s| s.distance_meter.is_some())));
    for state in [ScoreState::PendingScore, ScoreState::Unscorable] {
        let w = workouts
            .iter()
            .find(|w| w.score_state == state)
            .unwrap_or_else(|| panic!("a {state:?} workout"));
        assert!(w.score.is_none());
    }
}

#[tokio::test]
async fn one_workout_by_id_and_a_deleted_one_is_a_404() {
    let (sim, api, _) = setup(20, ALL_SCOPES).await;
    let id = sim.dataset().workouts[1].id.clone();
    let w = api.workout(&id).await.unwrap();
    assert_eq!(w.id, id);
    assert!(sim.delete_workout(&id));
    let err = api.workout(&id).await.unwrap_err();
    assert!(
        matches!(err, WhoopError::Server { status: 404, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_sign_in_without_read_workout_is_told_to_reconnect_for_it() {
    let (sim, api, tokens) = setup(20, OLD_SCOPES).await;
    sim.reset_stats();
    let err = api.workouts(everything()).await.unwrap_err();
    assert!(matches!(err, WhoopError::NeedsReconnect(_)), "{err:?}");
    assert_eq!(err.missing_scope(), Some("read:workout"));
    assert!(err.to_string().contains("read:workout"), "{err}");
    let err = api
        .workout(&sim.dataset().workouts[0].id)
        .await
        .unwrap_err();
    assert_eq!(err.missing_scope(), Some("read:workout"));
    let err = api.body_measurement().await.unwrap_err();
    assert_eq!(err.missing_scope(), Some("read:body_measurement"));
    // A refresh can't add a scope: none is spent, and the rotating refresh token is untouched.
    assert_eq!(tokens.refreshes.load(Ordering::SeqCst), 0);
    assert_eq!(sim.stats().token_refreshes, 0);
    assert_eq!(sim.stats().requests_total, 3, "one request each, no retry");
    // Everything else still reads with the same sign-in.
    assert!(!api.cycles(everything()).await.unwrap().is_empty());
    assert!(!api.sleeps(everything()).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_dead_sign_in_is_not_a_missing_scope() {
    let (sim, api, tokens) = setup(10, ALL_SCOPES).await;
    sim.revoke_grant();
    tokens.revoked.store(true, Ordering::SeqCst);
    let err = api.workouts(everything()).await.unwrap_err();
    assert!(matches!(err, WhoopError::NeedsReconnect(_)), "{err:?}");
    assert_eq!(err.missing_scope(), None);
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once_for_workouts_too() {
    let (sim, api, tokens) = setup(20, ALL_SCOPES).await;
    sim.expire_access_tokens();
    let workouts = api.workouts(everything()).await.unwrap();
    assert_eq!(workouts.len(), sim.dataset().workouts.len());
    assert_eq!(tokens.refreshes.load(Ordering::SeqCst), 1);
    let body = api.body_measurement().await.unwrap();
    assert_eq!(
        tokens.refreshes.load(Ordering::SeqCst),
        1,
        "the new token is kept"
    );
    assert!(body.height_meter > 1.0 && body.weight_kilogram > 30.0);
    assert_eq!(body.max_heart_rate, 200.0);
}

#[tokio::test]
async fn a_429_waits_for_the_rate_limit_reset_then_reads_on() {
    let (sim, api, _) = setup(40, ALL_SCOPES).await;
    sim.reset_stats();
    sim.inject_fault(WhoopFault::RateLimited {
        reset_secs: 1,
        times: 1,
    });
    let started = Instant::now();
    let workouts = api.workouts(everything()).await.unwrap();
    assert_eq!(workouts.len(), sim.dataset().workouts.len());
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited for X-RateLimit-Reset"
    );
    let stats = sim.stats();
    assert_eq!(stats.rate_limited_responses, 1);
    assert_eq!(
        stats.path_count("/developer/v2/activity/workout") as usize,
        workouts.len().div_ceil(25) + 1,
        "the refused page is asked for once more"
    );
}

/// Workouts as WHOOP's API has been seen to send them (2026): `v1_id` and the GPS numbers as
/// `null`, `percent_recorded` as a fraction, the deprecated `sport_id` still there, a pending
/// workout with `"score": null`; one record without its `start` costs only that record.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workouts_shaped_as_whoop_sends_them_are_read() {
    let tennis = json!({
        "id": "3c0f5a1e-9b7d-4e2a-8f61-0d2c4b6a8e19", "v1_id": null, "user_id": 10129,
        "created_at": "2026-09-02T17:41:05.212Z", "updated_at": "2026-09-02T17:41:09.904Z",
        "start": "2026-09-02T16:05:12.310Z", "end": "2026-09-02T17:32:40.780Z",
        "timezone_offset": "+07:00", "sport_name": "tennis", "score_state": "SCORED",
        "score": {"strain": 15.402117, "average_heart_rate": 143, "max_heart_rate": 177,
                  "kilojoule": 2711.0358, "percent_recorded": 1, "distance_meter": null,
                  "altitude_gain_meter": null, "altitude_change_meter": null,
                  "zone_durations": {"zone_zero_milli": 12000, "zone_one_milli": 980000,
                    "zone_two_milli": 1502000, "zone_three_milli": 1244990,
                    "zone_four_milli": 1307000, "zone_five_milli": 202470}},
        "sport_id": 34
    });
    let mut pending = tennis.clone();
    pending["id"] = json!("7a41c2d0-5e3b-4f8a-9c17-2b6d0e4f1a53");
    pending["score_state"] = json!("PENDING_SCORE");
    pending["score"] = serde_json::Value::Null;
    let mut broken = tennis.clone();
    broken["id"] = json!("b2e9d4c7-1a6f-4053-8e2d-9f7c3a5b1d60");
    broken.as_object_mut().unwrap().remove("start");
    let body = json!({"records": [tennis, pending, broken]}).to_string();
    let base = serve(Arc::new(Mutex::new(Answer::new(200, body)))).await;
    let api = scripted_api(&base);
    let workouts = api.workouts(everything()).await.unwrap();
    assert_eq!(workouts.len(), 2);
    let score = workouts[0].score.as_ref().unwrap();
    assert_eq!(score.percent_recorded, Some(1.0));
    assert_eq!(score.distance_meter, None);
    assert_eq!(score.average_heart_rate, Some(143.0));
    assert_eq!(workouts[0].duration().num_minutes(), 87);
    assert_eq!(workouts[1].score_state, ScoreState::PendingScore);
    assert!(workouts[1].score.is_none());
    assert_eq!(api.unreadable_records().load(Ordering::Relaxed), 1);
}

/// RFC 6750 answers a token without the scope with 403; WHOOP's document lists none, but if
/// WHOOP answers so, it is the same typed error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_403_is_a_missing_scope_too() {
    let base = serve(Arc::new(Mutex::new(Answer::new(403, "{}")))).await;
    let api = scripted_api(&base);
    let err = api.workouts(everything()).await.unwrap_err();
    assert_eq!(err.missing_scope(), Some("read:workout"));
    let err = api.body_measurement().await.unwrap_err();
    assert_eq!(err.missing_scope(), Some("read:body_measurement"));
}

struct FixedToken;

#[async_trait]
impl AccessTokens for FixedToken {
    async fn access_token(&self) -> Result<String, WhoopError> {
        Ok("token".into())
    }
    async fn refresh_after_unauthorized(&self, _rejected: &str) -> Result<String, WhoopError> {
        Err(WhoopError::NeedsReconnect("no refresh here".into()))
    }
}

fn scripted_api(base: &str) -> WhoopApi {
    WhoopApi::new(
        WhoopApiConfig {
            api_base: base.into(),
        },
        test_support::executor::single_try(),
        Arc::new(FixedToken),
    )
}
