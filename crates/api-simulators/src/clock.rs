//! The simulators' sense of time, injected: rate-limit windows, token lifetimes and record
//! timestamps follow the clock a test gives them (a virtual one runs days in seconds), the
//! system clock otherwise.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use http_policy::{Clock, SystemClock};

#[derive(Clone)]
pub struct SimClock(pub Arc<dyn Clock>);

impl SimClock {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        SimClock(clock)
    }

    /// The server's wall clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }

    /// The server's monotonic clock, for windows and lifetimes.
    pub fn mono(&self) -> Duration {
        self.0.monotonic()
    }
}

impl Default for SimClock {
    fn default() -> Self {
        SimClock(Arc::new(SystemClock))
    }
}

impl std::fmt::Debug for SimClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SimClock")
    }
}
