//! The WHOOP v2 data routes. Collections are read in pages of 25 (the maximum), following
//! `nextToken`, so a date range costs ⌈records/25⌉ calls rather than one call per day.
//! A read the sign-in has no scope for is refused at once with [`WhoopError::missing_scope`]
//! set: refreshing can't add a scope, and the rotating refresh token is better left alone.

use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use http_policy::{Attempt, Executor, RequestCounter, Sent, ServerTime, Verdict};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::oauth::truncate;
use crate::{BodyMeasurement, Cycle, Profile, Reconnect, Recovery, Sleep, WhoopError, Workout};

/// WHOOP's largest page.
pub const PAGE_LIMIT: u32 = 25;

const WORKOUTS: &str = "/v2/activity/workout";

/// Where access tokens come from. The implementation (in the sync engine) owns storage, the
/// cross-process lock and the single refresh in flight.
#[async_trait]
pub trait AccessTokens: Send + Sync {
    /// A token believed valid (refreshed ahead of expiry when needed).
    async fn access_token(&self) -> Result<String, WhoopError>;
    /// WHOOP answered 401 to `rejected`: get a fresh one (once), unless another holder already did.
    async fn refresh_after_unauthorized(&self, rejected: &str) -> Result<String, WhoopError>;
}

#[derive(Debug, Clone)]
pub struct WhoopApiConfig {
    /// e.g. `https://api.prod.whoop.com/developer`; `/v2/…` is appended.
    pub api_base: String,
}

/// A half-open time range `[start, end)` for collection queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

#[derive(Clone)]
pub struct WhoopApi {
    config: WhoopApiConfig,
    executor: Executor,
    tokens: Arc<dyn AccessTokens>,
    /// Records skipped because they couldn't be read, over this client's life (its clones
    /// share it).
    unreadable: Arc<AtomicU64>,
}

/// A page as it comes: each record is read on its own, so one malformed record costs that
/// record, not the page (and the night beside it) on every sync.
#[derive(Deserialize)]
struct Page {
    records: Vec<serde_json::Value>,
    #[serde(default)]
    next_token: Option<String>,
}

impl WhoopApi {
    pub fn new(config: WhoopApiConfig, executor: Executor, tokens: Arc<dyn AccessTokens>) -> Self {
        Self {
            config,
            executor,
            tokens,
            unreadable: Arc::default(),
        }
    }

    pub fn requests(&self) -> RequestCounter {
        self.executor.counter.clone()
    }

    /// How many records were skipped because they couldn't be read (shared, live).
    pub fn unreadable_records(&self) -> Arc<AtomicU64> {
        self.unreadable.clone()
    }

    /// The server's clock from the `Date` header of its latest answer (any status).
    pub fn server_time(&self) -> Option<ServerTime> {
        self.executor.server_clock.last()
    }

    pub async fn recoveries(&self, range: DateRange) -> Result<Vec<Recovery>, WhoopError> {
        self.collection("/v2/recovery", range).await
    }

    pub async fn sleeps(&self, range: DateRange) -> Result<Vec<Sleep>, WhoopError> {
        self.collection("/v2/activity/sleep", range).await
    }

    pub async fn cycles(&self, range: DateRange) -> Result<Vec<Cycle>, WhoopError> {
        self.collection("/v2/cycle", range).await
    }

    /// Every workout starting in `range`, newest first. Needs the `read:workout` scope.
    pub async fn workouts(&self, range: DateRange) -> Result<Vec<Workout>, WhoopError> {
        self.collection(WORKOUTS, range).await
    }

    /// Workouts page by page, newest first (by their start).
    pub fn workout_pages(&self, range: DateRange) -> Pages<Workout> {
        Pages::new(self.clone(), WORKOUTS, range)
    }

    /// One workout by its UUID (a workout WHOOP deleted is `Server { status: 404, .. }`).
    pub async fn workout(&self, id: &str) -> Result<Workout, WhoopError> {
        self.get_json(&format!("{WORKOUTS}/{id}"), &[]).await
    }

    /// Height, weight and max heart rate. Needs the `read:body_measurement` scope.
    pub async fn body_measurement(&self) -> Result<BodyMeasurement, WhoopError> {
        self.get_json("/v2/user/measurement/body", &[]).await
    }

    /// Recoveries page by page, newest first (by their sleep's start).
    pub fn recovery_pages(&self, range: DateRange) -> Pages<Recovery> {
        Pages::new(self.clone(), "/v2/recovery", range)
    }

    /// Sleeps (naps included) page by page, newest first.
    pub fn sleep_pages(&self, range: DateRange) -> Pages<Sleep> {
        Pages::new(self.clone(), "/v2/activity/sleep", range)
    }

    /// Cycles page by page, newest first.
    pub fn cycle_pages(&self, range: DateRange) -> Pages<Cycle> {
        Pages::new(self.clone(), "/v2/cycle", range)
    }

    /// True when WHOOP has a cycle starting in `range`: one request for one record (the
    /// newest), whatever the range's length. Finds where someone's history begins.
    pub async fn has_cycles(&self, range: DateRange) -> Result<bool, WhoopError> {
        let query = [
            ("limit", "1".to_string()),
            ("start", iso(range.start)),
            ("end", iso(range.end)),
        ];
        let page: Page = self.get_json("/v2/cycle", &query).await?;
        Ok(!page.records.is_empty())
    }

    pub async fn sleep(&self, id: &str) -> Result<Sleep, WhoopError> {
        self.get_json(&format!("/v2/activity/sleep/{id}"), &[])
            .await
    }

    pub async fn profile(&self) -> Result<Profile, WhoopError> {
        self.get_json("/v2/user/profile/basic", &[]).await
    }

    /// Revokes the grant on WHOOP's side (disconnect). A token that is already dead is fine.
    pub async fn revoke_access(&self) -> Result<(), WhoopError> {
        let token = self.tokens.access_token().await?;
        let url = format!("{}/v2/user/access", self.config.api_base);
        match self
            .executor
            .send(
                |http| http.delete(&url).bearer_auth(&token),
                Attempt::Idempotent,
                classify,
            )
            .await
        {
            Sent::Response(r) if r.status().is_success() || r.status().as_u16() == 401 => Ok(()),
            Sent::Response(r) => Err(status_error(r).await),
            Sent::GaveUp { status, body, .. } => Err(gave_up_error(status, body)),
        }
    }

    async fn collection<T: DeserializeOwned>(
        &self,
        path: &'static str,
        range: DateRange,
    ) -> Result<Vec<T>, WhoopError> {
        let mut pages = Pages::new(self.clone(), path, range);
        let mut records = Vec::new();
        while !pages.is_done() {
            records.extend(pages.next_page().await?);
        }
        Ok(records)
    }

    /// GET with the bearer token; on 401 one refresh and one retry, then "reconnect".
    async fn get_json<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, WhoopError> {
        let url = format!("{}{}", self.config.api_base, path);
        let mut token = self.tokens.access_token().await?;
        let mut refreshed = false;
        loop {
            let sent = self
                .executor
                .send(
                    |http| http.get(&url).query(query).bearer_auth(&token),
                    Attempt::Idempotent,
                    classify,
                )
                .await;
            let response = match sent {
                Sent::Response(response) => response,
                Sent::GaveUp { status, body, .. } => return Err(gave_up_error(status, body)),
            };
            let status = response.status().as_u16();
            // RFC 6750 answers a token without the scope with 403; WHOOP's document lists no
            // 403 and the simulator answers 401 with `insufficient_scope`: both mean the same.
            if status == 403 || (status == 401 && refused_for_scope(&response)) {
                let reason = match scope_of(path) {
                    Some(scope) => Reconnect::for_scope(scope),
                    None => Reconnect::new(format!("{path}: the WHOOP sign-in lacks a scope")),
                };
                return Err(WhoopError::NeedsReconnect(reason));
            }
            if status == 401 {
                if refreshed {
                    return Err(WhoopError::NeedsReconnect(
                        "WHOOP refused a freshly refreshed token".into(),
                    ));
                }
                token = self.tokens.refresh_after_unauthorized(&token).await?;
                refreshed = true;
                continue;
            }
            if !response.status().is_success() {
                return Err(status_error(response).await);
            }
            let content_type = http_policy::content_type(&response);
            let text = http_policy::read_text(response, http_policy::MAX_BODY)
                .await
                .map_err(|e| body_error(path, e))?;
            return serde_json::from_str(&text).map_err(|e| {
                if http_policy::is_network_web_page(
                    status,
                    content_type.as_deref(),
                    text.as_bytes(),
                ) {
                    WhoopError::NetworkWebPage(path.to_string())
                } else {
                    WhoopError::Decode(format!("{path}: {e}"))
                }
            });
        }
    }
}

/// A collection read a page (25 records) at a time, newest first, following `nextToken`: a
/// caller that works through a long range piece by piece still reads each record once, in
/// ⌈records/25⌉ calls for the whole range.
pub struct Pages<T> {
    api: WhoopApi,
    path: &'static str,
    range: DateRange,
    next: Option<String>,
    done: bool,
    /// Pages read so far.
    pages: u32,
    records: PhantomData<fn() -> T>,
}

/// The most pages one collection is read in (25 records each): 25,000 records, decades of
/// nights and naps, so a server that keeps handing out new tokens ends here.
const MAX_PAGES: u32 = 1000;

impl<T: DeserializeOwned> Pages<T> {
    fn new(api: WhoopApi, path: &'static str, range: DateRange) -> Self {
        Self {
            api,
            path,
            range,
            next: None,
            done: false,
            pages: 0,
            records: PhantomData,
        }
    }

    /// True once the last page has been read.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The next page's records, newest first (none once done).
    pub async fn next_page(&mut self) -> Result<Vec<T>, WhoopError> {
        if self.done {
            return Ok(Vec::new());
        }
        let mut query = vec![
            ("limit", PAGE_LIMIT.to_string()),
            ("start", iso(self.range.start)),
            ("end", iso(self.range.end)),
        ];
        if let Some(token) = &self.next {
            query.push(("nextToken", token.clone()));
        }
        let page: Page = self.api.get_json(self.path, &query).await?;
        self.pages += 1;
        match page.next_token.filter(|t| !t.is_empty()) {
            // A server that always hands out a new token would too: stop at a bound.
            Some(_) if self.pages >= MAX_PAGES => {
                self.done = true;
                return Err(WhoopError::Decode(format!(
                    "{}: WHOOP kept answering with more pages after {MAX_PAGES}; stopped reading",
                    self.path
                )));
            }
            // A server that hands back the same token would loop forever.
            Some(token) if self.next.as_deref() != Some(&token) => self.next = Some(token),
            _ => self.done = true,
        }
        let mut records = Vec::with_capacity(page.records.len());
        for record in page.records {
            // The id says which one (WHOOP's ids are numbers or UUIDs; nothing personal).
            let id = record
                .get("id")
                .or_else(|| record.get("cycle_id"))
                .map(|id| id.to_string())
                .unwrap_or_else(|| "without an id".into());
            match serde_json::from_value::<T>(record) {
                Ok(record) => records.push(record),
                Err(e) => {
                    self.api.unreadable.fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(
                        "{}: skipped a record {id} that can't be read: {e}",
                        self.path
                    );
                }
            }
        }
        Ok(records)
    }
}

/// A 401 whose `WWW-Authenticate: Bearer error="insufficient_scope"` (RFC 6750 §3.1) says the
/// token is fine but doesn't grant this read.
fn refused_for_scope(response: &reqwest::Response) -> bool {
    response
        .headers()
        .get_all(reqwest::header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("insufficient_scope"))
}

/// The scope WHOOP's document names for a data route.
fn scope_of(path: &str) -> Option<&'static str> {
    let path = path.split('?').next().unwrap_or(path);
    let scope = if path.starts_with(WORKOUTS) {
        "read:workout"
    } else if path.starts_with("/v2/activity/sleep") || path.ends_with("/sleep") {
        "read:sleep"
    } else if path.starts_with("/v2/recovery") || path.ends_with("/recovery") {
        "read:recovery"
    } else if path.starts_with("/v2/cycle") {
        "read:cycles"
    } else if path.starts_with("/v2/user/profile") {
        "read:profile"
    } else if path.starts_with("/v2/user/measurement/body") {
        "read:body_measurement"
    } else {
        return None;
    };
    Some(scope)
}

fn classify(response: &reqwest::Response) -> Verdict {
    match response.status().as_u16() {
        429 => Verdict::RefusedWait(rate_limit_wait(response)),
        500..=599 => Verdict::Transient,
        _ => Verdict::Final,
    }
}

/// WHOOP's 429 usually has no Retry-After; `X-RateLimit-Reset` says when the window reopens.
pub(crate) fn rate_limit_wait(response: &reqwest::Response) -> Duration {
    http_policy::retry_after_secs(response, "retry-after")
        .or_else(|| http_policy::retry_after_secs(response, "x-ratelimit-reset"))
        .unwrap_or(Duration::from_secs(60))
        .max(Duration::from_secs(1))
}

/// A body too large is WHOOP's answer misread ("can't read"); a cut connection, transport.
fn body_error(path: &str, e: http_policy::BodyError) -> WhoopError {
    match e {
        http_policy::BodyError::TooLarge { .. } => WhoopError::Decode(format!("{path}: {e}")),
        http_policy::BodyError::Transport(e) => WhoopError::Transport(e),
    }
}

/// An error body is only quoted, a few hundred characters of it: no more is read.
const MAX_ERROR_BODY: usize = 64 * 1024;

async fn status_error(response: reqwest::Response) -> WhoopError {
    let status = response.status().as_u16();
    let body = http_policy::read_text(response, MAX_ERROR_BODY)
        .await
        .unwrap_or_default();
    WhoopError::Server {
        status,
        detail: truncate(&body),
    }
}

fn gave_up_error(status: Option<reqwest::StatusCode>, body: String) -> WhoopError {
    match status {
        Some(s) if s.as_u16() == 429 => WhoopError::RateLimited,
        Some(s) if s.as_u16() == 511 => WhoopError::NetworkWebPage("HTTP 511".into()),
        Some(s) => WhoopError::Server {
            status: s.as_u16(),
            detail: truncate(&body),
        },
        None => WhoopError::Transport(body),
    }
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}
