//! Faults a test queues on the handle; each is served for the next `times` matching requests,
//! in the order they were injected.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhoopFault {
    /// The next `times` API (`/developer`) requests answer `code` (e.g. 500, 502, 503).
    Status { code: u16, times: u32 },
    /// The next `times` API requests answer 429 with `X-RateLimit-Reset: reset_secs`
    /// (and, like WHOOP, no `Retry-After`).
    RateLimited { reset_secs: u64, times: u32 },
    /// The next `times` API requests are answered normally, `ms` milliseconds late.
    Delay { ms: u64, times: u32 },
    /// The next `times` token-endpoint requests answer `code` without touching any token
    /// (a refresh that fails this way leaves the old refresh token valid).
    TokenStatus { code: u16, times: u32 },
}

/// What the server does with one request because of a queued fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultAction {
    Status(u16),
    RateLimited(u64),
    Delay(Duration),
}

#[derive(Debug, Default)]
pub(crate) struct FaultQueue {
    queued: Vec<WhoopFault>,
}

impl FaultQueue {
    pub fn push(&mut self, f: WhoopFault) {
        self.queued.push(f);
    }

    pub fn clear(&mut self) {
        self.queued.clear();
    }

    /// Consumes one use of the first queued fault meant for an API or token request.
    pub fn take(&mut self, token_endpoint: bool) -> Option<FaultAction> {
        let pos = self.queued.iter().position(|f| {
            matches!(f, WhoopFault::TokenStatus { .. }) == token_endpoint && times(f) > 0
        })?;
        let f = &mut self.queued[pos];
        let action = match f {
            WhoopFault::Status { code, times } | WhoopFault::TokenStatus { code, times } => {
                *times -= 1;
                FaultAction::Status(*code)
            }
            WhoopFault::RateLimited { reset_secs, times } => {
                *times -= 1;
                FaultAction::RateLimited(*reset_secs)
            }
            WhoopFault::Delay { ms, times } => {
                *times -= 1;
                FaultAction::Delay(Duration::from_millis(*ms))
            }
        };
        if times(&self.queued[pos]) == 0 {
            self.queued.remove(pos);
        }
        Some(action)
    }
}

fn times(f: &WhoopFault) -> u32 {
    match f {
        WhoopFault::Status { times, .. }
        | WhoopFault::RateLimited { times, .. }
        | WhoopFault::Delay { times, .. }
        | WhoopFault::TokenStatus { times, .. } => *times,
    }
}
