//! What every outgoing HTTP call shares: an injected clock, a client-side rate limiter, and a
//! retry policy with jittered backoff. Both API clients build on this so that pacing and retry
//! rules are written once and tested with virtual time.

mod body;
mod clock;
mod executor;
mod limiter;
mod retry;
mod web_page;

pub use body::{read_body, read_text, BodyError, MAX_BODY};
pub use clock::{Clock, ManualClock, SystemClock, VirtualClock, WorldClock};
pub use executor::{
    parse_http_date, retry_after_secs, server_wait, Attempt, Executor, RequestCounter, Sent,
    ServerClock, ServerTime, Verdict, LONGEST_SERVER_WAIT,
};
pub use limiter::RateLimiter;
pub use retry::{Jitter, RetryPolicy};
pub use web_page::{content_type, is_network_web_page};
