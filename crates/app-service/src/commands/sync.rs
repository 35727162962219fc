use std::sync::Arc;

use chrono::Duration;
use sync_engine::nights::DayRange;
use sync_engine::report::SyncReport;
use sync_engine::{SyncError, Trigger};
use sync_history::{DayRecord, RunSummary};

use crate::contract::{BackfillArgs, HistoryArgs, HistoryDaysArgs};
use crate::service::AppService;

impl AppService {
    pub(super) async fn history(&self, a: HistoryArgs) -> Result<Vec<RunSummary>, SyncError> {
        self.engine().await.history(a.limit.clamp(1, 500))
    }

    pub(super) async fn history_days(
        &self,
        a: HistoryDaysArgs,
    ) -> Result<Vec<DayRecord>, SyncError> {
        self.engine().await.run_days(a.run_id)
    }

    pub(super) async fn backfill(
        self: &Arc<Self>,
        BackfillArgs { days }: BackfillArgs,
    ) -> Result<SyncReport, SyncError> {
        if !(1..=1095).contains(&days) {
            return Err(SyncError::invalid("backfill 1 to 1095 days"));
        }
        let today = self.engine().await.today();
        let range = DayRange::new(today - Duration::days(days as i64 - 1), today).expect("ordered");
        self.run_sync(Trigger::Backfill, Some(range)).await
    }
}
