//! What is connected and how the last run went, from local state only (no network), so the
//! tray and `whoop-notion status` answer instantly and offline.

use sync_history::{DayRecord, History, RunSummary};
pub use sync_vocabulary::status::{Connection, NotionStatus, Status, WhoopStatus};

use crate::engine::{Engine, NOTION_TOKEN, WHOOP_TOKENS};
use crate::Result;

impl Engine {
    pub async fn status(&self) -> Result<Status> {
        let config = self.load_config()?;
        let whoop_tokens = match &config.whoop {
            Some(_) => self.secret_get(&config, WHOOP_TOKENS).await?.is_some(),
            None => false,
        };
        let notion_token = match &config.notion {
            Some(_) => self.secret_get(&config, NOTION_TOKEN).await?.is_some(),
            None => false,
        };
        let whoop_state = match (&config.whoop, whoop_tokens) {
            (Some(_), true) => Connection::Connected,
            (Some(_), false) => Connection::NeedsReconnect,
            (None, _) => Connection::NotConnected,
        };
        let notion_state = match (&config.notion, notion_token) {
            (Some(_), true) => Connection::Connected,
            (Some(_), false) => Connection::NeedsReconnect,
            (None, _) => Connection::NotConnected,
        };
        let last_run = self.read_history(|h| h.recent_runs(1))?.into_iter().next();
        let target = config.target();
        Ok(Status {
            whoop: WhoopStatus {
                state: whoop_state,
                user_name: config.whoop.as_ref().and_then(|w| w.user_name.clone()),
                client_id: config.whoop.as_ref().map(|w| w.client_id.clone()),
                redirect_uri: config.whoop.as_ref().map(|w| w.redirect_uri.clone()),
            },
            notion: NotionStatus {
                state: notion_state,
                workspace: config
                    .notion
                    .as_ref()
                    .and_then(|n| n.workspace_name.clone()),
                database: target.map(|t| t.database_title.clone()),
                database_id: target.map(|t| t.database_id.clone()),
                data_source_id: target.map(|t| t.data_source_id.clone()),
            },
            day_key: config.mapping.day.as_ref().map(|d| d.name.clone()),
            mapped_metrics: config.mapping.metrics.len(),
            last_run,
            secrets: self.env.secrets.describe(),
            config_dir: self.env.config_dir.root().display().to_string(),
            paused_until: config.paused_until,
        })
    }

    /// The latest outcome of each recent day (dry runs ignored), most recent first, with the
    /// start of the run that recorded it.
    pub fn recent_days(
        &self,
        limit: usize,
    ) -> Result<Vec<(DayRecord, chrono::DateTime<chrono::Utc>)>> {
        self.read_history(|h| h.recent_days(limit))
    }

    /// Each day of `from..=to` that has numbers in the history, with its latest values (dry
    /// runs ignored), oldest first: what the Trends view draws, read locally (no network).
    pub fn day_values(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<(chrono::NaiveDate, serde_json::Value)>> {
        self.read_history(|h| h.day_values(from, to))
    }

    /// The workouts of `from..=to` the history holds, with their latest values written.
    pub fn workout_values(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<sync_history::WorkoutRecord>> {
        self.read_history(|h| h.workouts(from, to))
    }

    /// The days one run recorded.
    pub fn run_days(&self, run: i64) -> Result<Vec<DayRecord>> {
        self.read_history(|h| h.run_days(sync_history::RunId(run)))
    }

    /// The most recent runs, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<RunSummary>> {
        self.read_history(|h| h.recent_runs(limit))
    }

    /// Reads the history (nothing yet is an empty one). A file found damaged, when opened or
    /// by this read, is moved aside once (`history_moved_aside`), so the window's views don't
    /// fail on every refresh.
    fn read_history<T: Default>(
        &self,
        read: impl FnOnce(&History) -> sync_history::Result<T>,
    ) -> Result<T> {
        let path = self.env.config_dir.history_file();
        if !path.exists() {
            return Ok(T::default());
        }
        let history = History::open(&path)?;
        match read(&history) {
            Ok(value) => Ok(value),
            Err(e) => {
                drop(history);
                Err(History::set_aside_damaged(&path, e).into())
            }
        }
    }
}
