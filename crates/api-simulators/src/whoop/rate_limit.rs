//! WHOOP's two fixed windows: per minute (default 100) and per day (10,000). Every API answer
//! carries the state of the window closest to running out, in WHOOP's header format:
//! `X-RateLimit-Limit: 100, 100;window=60, 10000;window=86400`, `X-RateLimit-Remaining: 98`,
//! `X-RateLimit-Reset: 3` (seconds). Over the limit: 429 without `Retry-After`.

use std::time::Duration;

use crate::SimClock;

use axum::http::{HeaderMap, HeaderValue};

const MINUTE: Duration = Duration::from_secs(60);
const DAY: Duration = Duration::from_secs(86_400);

#[derive(Debug)]
struct Window {
    len: Duration,
    limit: u32,
    started: Duration,
    used: u32,
}

impl Window {
    fn new(len: Duration, limit: u32, now: Duration) -> Self {
        Window {
            len,
            limit,
            started: now,
            used: 0,
        }
    }

    fn roll(&mut self, now: Duration) {
        if now.saturating_sub(self.started) >= self.len {
            self.started = now;
            self.used = 0;
        }
    }

    fn remaining(&self) -> u32 {
        self.limit.saturating_sub(self.used)
    }

    /// Whole seconds until the window resets, rounded up (never 0 while it is running).
    fn reset_secs(&self, now: Duration) -> u64 {
        let left = self.len.saturating_sub(now.saturating_sub(self.started));
        left.as_millis().div_ceil(1000).max(1) as u64
    }
}

/// The outcome of counting one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RateDecision {
    pub allowed: bool,
    pub limit_header: String,
    pub remaining: u32,
    pub reset_secs: u64,
}

impl RateDecision {
    pub fn apply(&self, headers: &mut HeaderMap) {
        set_headers(headers, &self.limit_header, self.remaining, self.reset_secs);
    }
}

pub(crate) fn set_headers(headers: &mut HeaderMap, limit: &str, remaining: u32, reset: u64) {
    for (name, value) in [
        ("x-ratelimit-limit", limit.to_string()),
        ("x-ratelimit-remaining", remaining.to_string()),
        ("x-ratelimit-reset", reset.to_string()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(name, v);
        }
    }
}

#[derive(Debug)]
pub(crate) struct RateLimiter {
    /// The server's clock: the windows roll by it.
    clock: SimClock,
    minute: Window,
    day: Window,
}

impl RateLimiter {
    pub fn new(per_minute: u32, per_day: u32, clock: SimClock) -> Self {
        let now = clock.mono();
        RateLimiter {
            clock,
            minute: Window::new(MINUTE, per_minute, now),
            day: Window::new(DAY, per_day, now),
        }
    }

    pub fn limit_header(&self) -> String {
        let closest = self.closest();
        format!(
            "{}, {};window=60, {};window=86400",
            closest.limit, self.minute.limit, self.day.limit
        )
    }

    fn closest(&self) -> &Window {
        if self.day.remaining() < self.minute.remaining() {
            &self.day
        } else {
            &self.minute
        }
    }

    /// Counts one request. Rejected requests count too: hammering a 429 does not help.
    pub fn check(&mut self) -> RateDecision {
        let now = self.clock.mono();
        self.minute.roll(now);
        self.day.roll(now);
        let allowed = self.minute.used < self.minute.limit && self.day.used < self.day.limit;
        self.minute.used = self.minute.used.saturating_add(1);
        self.day.used = self.day.used.saturating_add(1);
        let closest = self.closest();
        RateDecision {
            allowed,
            limit_header: self.limit_header(),
            remaining: closest.remaining(),
            reset_secs: closest.reset_secs(now),
        }
    }

    /// Reset-window helper for `reset_stats`: a fresh minute and day.
    pub fn reset(&mut self) {
        *self = RateLimiter::new(self.minute.limit, self.day.limit, self.clock.clone());
    }
}
