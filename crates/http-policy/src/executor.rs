use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::{RequestBuilder, Response, StatusCode};

use crate::{Clock, Jitter, RateLimiter, RetryPolicy};

/// Counts requests actually put on the wire (retries included), for the CLI's report and the
/// benchmark's "requests made against the minimum".
#[derive(Debug, Clone, Default)]
pub struct RequestCounter(Arc<AtomicU64>);

impl RequestCounter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    fn bump(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// The server's clock as last seen: the `Date` header of its latest answer, and the time on
/// our (injected) clock when that answer arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerTime {
    pub server: DateTime<Utc>,
    pub local: DateTime<Utc>,
}

impl ServerTime {
    /// How far our clock is ahead of the server's (negative: behind). The header has whole
    /// seconds, so this is exact to about a second.
    pub fn skew(&self) -> chrono::Duration {
        self.local - self.server
    }
}

/// Remembers the latest [`ServerTime`] (shared by an executor's clones).
#[derive(Debug, Clone, Default)]
pub struct ServerClock(Arc<Mutex<Option<ServerTime>>>);

impl ServerClock {
    pub fn last(&self) -> Option<ServerTime> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn observe(&self, response: &Response, local: DateTime<Utc>) {
        let server = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_http_date);
        if let Some(server) = server {
            *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(ServerTime { server, local });
        }
    }
}

/// An HTTP `Date` (IMF-fixdate, `Tue, 01 Dec 2026 08:49:35 GMT`).
pub fn parse_http_date(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(text.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// Whether a request may be sent twice without changing the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Reads, and writes that set absolute values: safe to resend after any failure.
    Idempotent,
    /// Creates: resent only when the server proved it did nothing (a rate-limit refusal).
    NotIdempotent,
}

/// What a service's status means, decided by the client that knows the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Hand the response to the caller.
    Final,
    /// Refused before processing (429, 529): wait this long, then send again; safe for any request.
    RefusedWait(Duration),
    /// A transient failure (5xx, 409) whose effect is unknown: back off and resend if idempotent.
    Transient,
}

/// The outcome of sending with retries.
#[derive(Debug)]
pub enum Sent {
    Response(Response),
    /// The last answer was a transient failure and we gave up or must not resend: the caller
    /// decides (for a create: re-query before creating again).
    GaveUp {
        status: Option<StatusCode>,
        body: String,
        may_have_applied: bool,
    },
}

/// Sends requests through the rate limiter, retrying as the policy and the verdict allow.
#[derive(Clone)]
pub struct Executor {
    pub http: reqwest::Client,
    pub clock: Arc<dyn Clock>,
    pub limiter: Arc<RateLimiter>,
    pub retry: RetryPolicy,
    pub jitter: Arc<Jitter>,
    pub counter: RequestCounter,
    /// The server's clock, from the `Date` header of every answer.
    pub server_clock: ServerClock,
    /// Which service this executor talks to, for its request lines ("whoop", "notion").
    pub service: &'static str,
}

impl Executor {
    pub fn new(
        http: reqwest::Client,
        clock: Arc<dyn Clock>,
        limiter: RateLimiter,
        retry: RetryPolicy,
        jitter: Jitter,
    ) -> Self {
        Self {
            http,
            clock,
            limiter: Arc::new(limiter),
            retry,
            jitter: Arc::new(jitter),
            counter: RequestCounter::default(),
            server_clock: ServerClock::default(),
            service: "http",
        }
    }

    /// Names the service in this executor's request lines.
    pub fn for_service(mut self, service: &'static str) -> Self {
        self.service = service;
        self
    }

    /// The same HTTP client, rate limiter and jitter (so pacing and a server's Retry-After
    /// hold for every user of either), with request counts and server time of its own: one
    /// operation's figures, on a client kept for the process's life.
    pub fn with_own_counts(&self) -> Executor {
        Executor {
            counter: RequestCounter::default(),
            server_clock: ServerClock::default(),
            ..self.clone()
        }
    }

    pub async fn send(
        &self,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
        attempt: Attempt,
        classify: impl Fn(&Response) -> Verdict,
    ) -> Sent {
        let mut failures = 0u32;
        loop {
            self.limiter.acquire(self.clock.as_ref()).await;
            self.counter.bump();
            let result = self.send_once(&build).await;
            failures += 1;
            let exhausted = failures >= self.retry.max_attempts;
            match result {
                Ok(response) => {
                    self.server_clock.observe(&response, self.clock.now());
                    match classify(&response) {
                        Verdict::Final => return Sent::Response(response),
                        Verdict::RefusedWait(wait) => {
                            if wait > self.retry.max_server_wait {
                                return gave_up(response, false).await;
                            }
                            // Remembered even when we give up: the next request through this
                            // limiter (the next run's) waits too instead of being refused.
                            let until = self.clock.now()
                                + chrono::Duration::from_std(wait)
                                    .unwrap_or(chrono::Duration::zero());
                            self.limiter.block_until(until);
                            if exhausted {
                                return gave_up(response, false).await;
                            }
                        }
                        Verdict::Transient => {
                            if exhausted || attempt == Attempt::NotIdempotent {
                                return gave_up(response, true).await;
                            }
                            self.clock
                                .sleep(self.retry.backoff(failures, &self.jitter))
                                .await;
                        }
                    }
                }
                Err(error) => {
                    // A request that failed before it was sent (connect refused) did nothing.
                    let may_have_applied = !error.is_connect();
                    let error = error.without_url();
                    if exhausted || (attempt == Attempt::NotIdempotent && may_have_applied) {
                        return Sent::GaveUp {
                            status: None,
                            body: describe_transport_error(&error),
                            may_have_applied,
                        };
                    }
                    self.clock
                        .sleep(self.retry.backoff(failures, &self.jitter))
                        .await;
                }
            }
        }
    }
}

impl Executor {
    /// Puts one request on the wire, with a debug line for it: method, path (never the query,
    /// headers or body: those may carry codes, tokens and secrets), status and duration.
    async fn send_once(
        &self,
        build: &impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> reqwest::Result<Response> {
        let (client, request) = build(&self.http).build_split();
        let request = request?;
        let method = request.method().clone();
        let path = request.url().path().to_string();
        let started = std::time::Instant::now();
        let result = client.execute(request).await;
        let millis = started.elapsed().as_millis() as u64;
        match &result {
            Ok(response) => tracing::debug!(
                service = %self.service,
                %method,
                path = %path,
                status = response.status().as_u16(),
                ms = millis,
                "request"
            ),
            Err(error) => tracing::debug!(
                service = %self.service,
                %method,
                path = %path,
                error = transport_failure(error),
                ms = millis,
                "request failed"
            ),
        }
        result
    }
}

async fn gave_up(response: Response, may_have_applied: bool) -> Sent {
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    Sent::GaveUp {
        status: Some(status),
        body,
        may_have_applied,
    }
}

fn transport_failure(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connect"
    } else {
        "transport"
    }
}

/// The caller strips the URL first: it may carry query parameters we don't want in logs.
fn describe_transport_error(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "the request timed out".to_string()
    } else if error.is_connect() {
        "could not connect".to_string()
    } else {
        format!("the connection failed ({error})")
    }
}

/// The longest wait a server's header is read as. A longer one (a huge number, `inf`) reads
/// as this: past any retry policy's patience, so the request gives up, and no duration or
/// instant built from it can overflow.
pub const LONGEST_SERVER_WAIT: Duration = Duration::from_secs(24 * 60 * 60);

/// A wait a server asks for in `header` (`Retry-After`, WHOOP's `X-RateLimit-Reset`): seconds
/// (the form both services use), or an HTTP date, read against the response's own `Date`.
/// `None` when there is none or it means nothing (negative, NaN, a date without the server's
/// clock to read it by); never longer than [`LONGEST_SERVER_WAIT`].
pub fn retry_after_secs(response: &Response, header: &str) -> Option<Duration> {
    let headers = response.headers();
    let text = headers.get(header)?.to_str().ok()?;
    let server_now = headers
        .get(reqwest::header::DATE)
        .and_then(|d| d.to_str().ok())
        .and_then(parse_http_date);
    server_wait(text, server_now)
}

/// [`retry_after_secs`]'s reading of one header value.
pub fn server_wait(text: &str, server_now: Option<DateTime<Utc>>) -> Option<Duration> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<f64>() {
        if secs.is_nan() || secs < 0.0 {
            return None;
        }
        let capped = secs.min(LONGEST_SERVER_WAIT.as_secs_f64());
        return Some(Duration::try_from_secs_f64(capped).unwrap_or(LONGEST_SERVER_WAIT));
    }
    let at = parse_http_date(text)?;
    let millis = (at - server_now?).num_milliseconds().max(0) as u64;
    Some(Duration::from_millis(millis).min(LONGEST_SERVER_WAIT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_servers_wait_is_read_within_bounds_whatever_it_says() {
        let secs = |s: &str| server_wait(s, None);
        assert_eq!(secs("2"), Some(Duration::from_secs(2)));
        assert_eq!(secs(" 0.5 "), Some(Duration::from_millis(500)));
        assert_eq!(secs("0"), Some(Duration::ZERO));
        for huge in ["1e20", "inf", "+inf", "18446744073709551616", "1e308"] {
            assert_eq!(secs(huge), Some(LONGEST_SERVER_WAIT), "{huge}");
        }
        for meaningless in ["-1", "-inf", "NaN", "soon", "", "0x10", "1 2"] {
            assert_eq!(secs(meaningless), None, "{meaningless}");
        }
        // An HTTP date, by the server's own clock.
        let now = parse_http_date("Mon, 07 Dec 2026 07:00:00 GMT");
        assert_eq!(
            server_wait("Mon, 07 Dec 2026 07:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            server_wait("Mon, 07 Dec 2026 06:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            server_wait("Fri, 31 Dec 9999 23:59:59 GMT", now),
            Some(LONGEST_SERVER_WAIT)
        );
        assert_eq!(server_wait("Mon, 07 Dec 2026 07:00:30 GMT", None), None);
    }

    proptest::proptest! {
        #[test]
        fn no_header_value_panics_or_waits_past_the_bound(text in ".{0,40}", n in proptest::num::f64::ANY) {
            for value in [text, format!("{n}"), format!("{n:e}")] {
                if let Some(wait) = server_wait(&value, parse_http_date("Mon, 07 Dec 2026 07:00:00 GMT")) {
                    proptest::prop_assert!(wait <= LONGEST_SERVER_WAIT);
                }
            }
        }
    }

    #[test]
    fn http_dates_parse() {
        let d = parse_http_date("Tue, 01 Dec 2026 08:49:35 GMT").unwrap();
        assert_eq!(d.to_rfc3339(), "2026-12-01T08:49:35+00:00");
        assert!(parse_http_date("yesterday").is_none());
    }
}
