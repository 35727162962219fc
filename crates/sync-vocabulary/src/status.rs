//! What is connected and how the last run went, as the engine reads it from local state, and
//! the redirect addresses a WHOOP sign-in may use: the tray, the window and `whoop-notion
//! status` show these.

use serde::Serialize;

use crate::history::RunSummary;

/// The redirect URI used when the user doesn't pick one. Register exactly this in the WHOOP
/// developer dashboard.
pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1:8765/callback";

/// The app's own link (a custom URL scheme the installers register), for WHOOP dashboards that
/// refuse `http://` addresses: the browser hands the redirect to the app, no pasting.
pub const APP_LINK_REDIRECT_URI: &str = "whoop-notion-sync://oauth/callback";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Connection {
    Connected,
    NeedsReconnect,
    NotConnected,
}

#[derive(Debug, Clone, Serialize)]
pub struct WhoopStatus {
    pub state: Connection,
    pub user_name: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotionStatus {
    pub state: Connection,
    pub workspace: Option<String>,
    pub database: Option<String>,
    pub database_id: Option<String>,
    pub data_source_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub whoop: WhoopStatus,
    pub notion: NotionStatus,
    pub day_key: Option<String>,
    pub mapped_metrics: usize,
    pub last_run: Option<RunSummary>,
    pub secrets: &'static str,
    pub config_dir: String,
    pub paused_until: Option<chrono::DateTime<chrono::Utc>>,
}
