//! The client against the WHOOP simulator: pages of 25 following `nextToken`, one refresh on
//! a 401, and nothing fetched twice.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use api_simulators::whoop::{Dataset, GenerateOptions, WhoopSim, WhoopSimConfig, WhoopSimHandle};
use async_trait::async_trait;
use chrono::{NaiveDate, TimeZone, Utc};
use http_policy::{Executor, Jitter, RateLimiter, RetryPolicy, SystemClock};
use whoop_client::{AccessTokens, DateRange, WhoopApi, WhoopApiConfig, WhoopError};

struct SimTokens {
    sim: WhoopSimHandle,
    current: Mutex<String>,
    refreshes: AtomicU32,
    /// Hand out a token WHOOP doesn't know, as a broken refresh would.
    refresh_is_dead: bool,
}

#[async_trait]
impl AccessTokens for SimTokens {
    async fn access_token(&self) -> Result<String, WhoopError> {
        Ok(self.current.lock().unwrap().clone())
    }
    async fn refresh_after_unauthorized(&self, _rejected: &str) -> Result<String, WhoopError> {
        self.refreshes.fetch_add(1, Ordering::SeqCst);
        let fresh = if self.refresh_is_dead {
            "not-a-token-whoop-knows".to_string()
        } else {
            self.sim
                .issue_tokens("offline read:recovery read:cycles read:sleep read:profile")
                .access_token
        };
        *self.current.lock().unwrap() = fresh.clone();
        Ok(fresh)
    }
}

async fn setup(days: u32) -> (WhoopSimHandle, WhoopApi, Arc<SimTokens>) {
    setup_with(days, false).await
}

async fn setup_with(
    days: u32,
    refresh_is_dead: bool,
) -> (WhoopSimHandle, WhoopApi, Arc<SimTokens>) {
    let today = NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
    let dataset = Dataset::generate(&GenerateOptions::new(3, today, days));
    let sim = WhoopSim::start(WhoopSimConfig::new("c", "s", dataset))
        .await
        .unwrap();
    let token = sim
        .issue_tokens("offline read:recovery read:cycles read:sleep read:profile")
        .access_token;
    let tokens = Arc::new(SimTokens {
        sim: sim.clone(),
        current: Mutex::new(token),
        refreshes: AtomicU32::new(0),
        refresh_is_dead,
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
        end: Utc.with_ymd_and_hms(2026, 3, 21, 0, 0, 0).unwrap(),
    }
}

#[tokio::test]
async fn collections_are_read_in_pages_of_25_without_gaps_or_repeats() {
    let (sim, api, _) = setup(120).await;
    let dataset = sim.dataset();
    sim.reset_stats();
    let sleeps = api.sleeps(everything()).await.unwrap();
    let recoveries = api.recoveries(everything()).await.unwrap();
    let cycles = api.cycles(everything()).await.unwrap();
    assert_eq!(sleeps.len(), dataset.sleeps.len());
    assert_eq!(recoveries.len(), dataset.recoveries.len());
    assert_eq!(cycles.len(), dataset.cycles.len());
    let mut ids: Vec<_> = sleeps.iter().map(|s| s.id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), sleeps.len(), "no sleep twice");
    let stats = sim.stats();
    assert_eq!(stats.max_limit_seen, 25);
    assert_eq!(
        stats.path_count("/developer/v2/activity/sleep") as usize,
        sleeps.len().div_ceil(25)
    );
    assert_eq!(
        stats.path_count("/developer/v2/recovery") as usize,
        recoveries.len().div_ceil(25)
    );
    assert_eq!(
        stats.path_count("/developer/v2/cycle") as usize,
        cycles.len().div_ceil(25)
    );
    assert_eq!(api.requests().get(), stats.requests_total);
}

#[tokio::test]
async fn a_401_refreshes_once_and_retries() {
    let (sim, api, tokens) = setup(10).await;
    sim.expire_access_tokens();
    let profile = api.profile().await.unwrap();
    assert_eq!(profile.first_name, "John");
    assert_eq!(tokens.refreshes.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_second_401_after_refreshing_means_reconnect() {
    let (sim, api, tokens) = setup_with(10, true).await;
    sim.expire_access_tokens();
    let err = api.profile().await.unwrap_err();
    assert!(matches!(err, WhoopError::NeedsReconnect(_)), "{err:?}");
    assert_eq!(tokens.refreshes.load(Ordering::SeqCst), 1, "never loops");
    assert_eq!(sim.stats().unauthorized_responses, 2);
}
