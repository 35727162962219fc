//! Counters a test reads to check how a client behaved (how many refreshes, which routes).

use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WhoopStats {
    /// Every request the server received, any path, any outcome.
    pub requests_total: u64,
    /// Per request path (no query string), e.g. `/developer/v2/recovery`.
    pub requests_by_path: HashMap<String, u64>,
    /// Successful `grant_type=refresh_token` exchanges.
    pub token_refreshes: u64,
    /// Successful `grant_type=authorization_code` exchanges.
    pub code_exchanges: u64,
    /// Token answers `400 invalid_grant` (stale code, re-used or revoked refresh token).
    pub invalid_grant_responses: u64,
    /// 429 answers, real or injected.
    pub rate_limited_responses: u64,
    /// 401 answers (API bearer failures and token-endpoint `invalid_client`).
    pub unauthorized_responses: u64,
    /// The largest `limit` query value seen on a collection, valid or not.
    pub max_limit_seen: u32,
    /// Injected faults that were served (status, 429, delay).
    pub faults_served: u64,
}

impl WhoopStats {
    /// Requests seen for one exact path.
    pub fn path_count(&self, path: &str) -> u64 {
        self.requests_by_path.get(path).copied().unwrap_or(0)
    }
}
