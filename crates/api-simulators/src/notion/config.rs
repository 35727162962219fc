//! How a Notion simulator instance is set up.

#[derive(Debug, Clone)]
pub struct NotionSimConfig {
    /// The connection's secret; requests must send `Authorization: Bearer <token>`.
    pub token: String,
    /// Average requests per second allowed for the connection (Notion documents ~3).
    /// Zero or less disables rate limiting.
    pub rate_per_second: f64,
    /// How many requests may arrive back to back before the average applies.
    pub burst: u32,
    /// Shown by `GET /v1/users/me` as `bot.workspace_name`.
    pub workspace_name: String,
    /// The connection's "insert content" capability (on by default, as in Notion). Without
    /// it, creating a database answers 403 `restricted_resource`.
    pub insert_content: bool,
    /// The server's clock: the rate limit and `Retry-After` run on it.
    pub clock: crate::SimClock,
}

impl NotionSimConfig {
    pub fn new(token: impl Into<String>) -> Self {
        NotionSimConfig {
            token: token.into(),
            rate_per_second: 3.0,
            burst: 5,
            workspace_name: "Simulated Workspace".into(),
            insert_content: true,
            clock: crate::SimClock::default(),
        }
    }
}
