//! Counters tests read to check how a client behaved (how many calls, retries, 429s...).

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NotionStats {
    /// Every request that reached the simulator, whatever its outcome.
    pub requests_total: u64,
    /// Keyed by templated route, e.g. "POST /v1/pages", "PATCH /v1/pages/{id}",
    /// "POST /v1/data_sources/{id}/query"; unknown routes count under "OTHER".
    pub by_route: BTreeMap<String, u64>,
    /// 429 responses served (rate limiter and injected `RateLimited` faults).
    pub rate_limited: u64,
    /// Requests of the connection that arrived before the `Retry-After` of a 429 or 529 it had
    /// been sent was over: a client that waits as told never adds to this. (A request already
    /// on its way when the 429 left counts too; the server can't tell.)
    pub retry_after_violations: u64,
    /// Pages created through `POST /v1/pages` (including creates whose response was lost).
    pub creates_applied: u64,
    /// Successful `PATCH /v1/pages/{id}` (including those whose response was lost).
    pub updates_applied: u64,
    /// Largest `page_size` a query or search asked for (100 when omitted).
    pub max_page_size_seen: u32,
    /// Responses by HTTP status (dropped connections have none).
    pub by_status: BTreeMap<u16, u64>,
    /// Injected faults that fired.
    pub faults_fired: u64,
}

impl NotionStats {
    pub fn route_count(&self, route: &str) -> u64 {
        self.by_route.get(route).copied().unwrap_or(0)
    }
}
