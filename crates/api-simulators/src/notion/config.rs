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
    /// The connection's content capabilities (all on by default, as in Notion). Without one,
    /// the requests that need it answer 403 `restricted_resource`: reading (a page, a data
    /// source, a database, a query, a search) needs "read content", changing a page "update
    /// content", creating a page or a database "insert content".
    pub read_content: bool,
    pub update_content: bool,
    pub insert_content: bool,
    /// How long a new page takes to appear in queries (0 to 3 s on the real service).
    pub query_lag: std::time::Duration,
    /// The network in between (a Wi-Fi sign-in page that answers every request, or not).
    pub network: crate::network::Network,
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
            read_content: true,
            update_content: true,
            insert_content: true,
            query_lag: std::time::Duration::ZERO,
            clock: crate::SimClock::default(),
            network: crate::network::Network::default(),
        }
    }
}
