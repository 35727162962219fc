//! An API client's request executor for tests of what servers answer.

use std::sync::Arc;

use http_policy::{Executor, Jitter, RateLimiter, RetryPolicy, SystemClock};

/// One try per request, no rate limit: retries are another test's business, and here they
/// would only add waits.
pub fn single_try() -> Executor {
    Executor::new(
        reqwest::Client::new(),
        Arc::new(SystemClock),
        RateLimiter::unlimited(),
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        },
        Jitter::seeded(1),
    )
}
