use app_core::trends::{self, Trends, MAX_DAYS};
use sync_engine::SyncError;

use crate::contract::TrendsArgs;
use crate::service::AppService;

impl AppService {
    /// Read from the session's history (the demo's in demo mode) and nothing else: opening the
    /// view costs no request to WHOOP or Notion. "Today" is the engine's, by its clock and zone.
    pub(super) async fn trends(
        &self,
        TrendsArgs { days }: TrendsArgs,
    ) -> Result<Trends, SyncError> {
        if !(1..=MAX_DAYS).contains(&days) {
            return Err(SyncError::invalid(format!(
                "trends cover 1 to {MAX_DAYS} days"
            )));
        }
        let engine = self.engine().await;
        let (from, to) = trends::range(engine.today(), days);
        let rows = engine.day_values(trends::read_from(from), to)?;
        Ok(trends::build(&rows, from, to))
    }
}
