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
        let engine = self.engine().await;
        let today = engine.today();
        let first = match days {
            Some(days) if (1..=1095).contains(&days) => today - Duration::days(days as i64 - 1),
            Some(_) => return Err(SyncError::invalid("backfill 1 to 1095 days")),
            None => match engine.first_whoop_day().await? {
                Some(first) => first.min(today),
                None => {
                    return Err(SyncError::invalid(
                        "WHOOP has no records for this account yet",
                    ))
                }
            },
        };
        let range = DayRange::new(first, today).expect("ordered");
        self.run_sync(Trigger::Backfill, Some(range)).await
    }
}
