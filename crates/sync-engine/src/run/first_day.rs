//! Where someone's WHOOP history begins, for "all my history": a binary search on "is there a
//! cycle before this time?", one small request per step (about 13 for a dozen years), instead
//! of paging through every record.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use whoop_client::DateRange;

use crate::engine::Engine;
use crate::Result;

/// Nothing at WHOOP is older than the company (its first straps shipped in 2015).
fn earliest() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2012, 1, 1)
        .expect("a date")
        .and_hms_opt(0, 0, 0)
        .expect("a time")
        .and_utc()
}

impl Engine {
    /// The local day of the first cycle WHOOP has for this account (or the day before it, at
    /// most), `None` when it has none yet.
    pub async fn first_whoop_day(&self) -> Result<Option<NaiveDate>> {
        let config = self.load_config()?;
        let (whoop, _) = self.whoop(&config).await?;
        let low = earliest();
        let now = self.env.clock.now();
        let before = |end: DateTime<Utc>| {
            let whoop = whoop.clone();
            async move { whoop.has_cycles(DateRange { start: low, end }).await }
        };
        if !before(now).await? {
            return Ok(None);
        }
        // No cycle starts in [low, lo); one does in [low, hi).
        let (mut lo, mut hi) = (low, now);
        while hi - lo > Duration::days(1) {
            let mid = lo + (hi - lo) / 2;
            if before(mid).await? {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(Some(self.env.zone.today(lo)))
    }
}
