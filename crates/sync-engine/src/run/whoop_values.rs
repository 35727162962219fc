//! Each day's metric values read straight from WHOOP, with nothing asked of Notion and nothing
//! written: what `export --from-whoop` writes for days the history never saw. The days and
//! values are the ones a sync would write.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::metrics::{metric_values, MetricValue};
use crate::nights::{measured_today, workout_day, DayRange, DayState};
use crate::run::body_measurement::read_body;
use crate::run::whoop_streams::{Wanted, WhoopStreams};
use crate::tokens::{BODY_SCOPE, WORKOUT_SCOPE};
use crate::workouts::values::{workout_values, FieldValue};
use crate::workouts::WorkoutField;
use crate::{Engine, ErrorCode, Result, SyncError};

/// Days per read: the same chunks a backfill reads in, so memory stays bounded.
const CHUNK_DAYS: usize = 90;

/// One workout: its day, its start, and its values by field.
pub type WorkoutValues = (
    NaiveDate,
    chrono::DateTime<chrono::Utc>,
    BTreeMap<WorkoutField, FieldValue>,
);

/// One scored day and its values by metric key.
pub type DayValues = (NaiveDate, BTreeMap<&'static str, MetricValue>);

impl Engine {
    /// The scored days of `range`, oldest first, each with every metric value WHOOP gives for
    /// it. Days still being scored, unscorable or without data are left out.
    pub async fn whoop_day_values(&self, range: DayRange) -> Result<Vec<DayValues>> {
        let config = self.load_config()?;
        let (whoop, tokens) = self.whoop(&config).await?;
        let now = self.env.clock.now();
        let today = self.today();
        let wanted = Wanted {
            cycles: true,
            workouts: tokens.allows(WORKOUT_SCOPE).await?,
            body: tokens.allows(BODY_SCOPE).await?,
        };
        // Today's row gets the body measurement, as a sync run today would write it.
        let body = read_body(&whoop, wanted.body).await?.body;
        let mut streams = WhoopStreams::new(&whoop, range, now, wanted);
        let chunks = range.chunks_newest_first(CHUNK_DAYS);
        let mut out = Vec::new();
        for (i, chunk) in chunks.iter().enumerate() {
            let (mut days, _) = streams
                .chunk(*chunk, chunks.get(i + 1).copied(), now, today)
                .await?;
            measured_today(&mut days, today, body.as_ref());
            for (day, state) in days {
                if let DayState::Ready(night) = state {
                    out.push((day, metric_values(&night)));
                }
            }
        }
        out.sort_by_key(|(day, _)| *day);
        Ok(out)
    }

    /// Every workout of `range` as WHOOP gives it now (scored or not), oldest first, with the
    /// values a sync would write on its page. Needs the sign-in's leave to read workouts.
    pub async fn whoop_workout_values(&self, range: DayRange) -> Result<Vec<WorkoutValues>> {
        let config = self.load_config()?;
        let (whoop, tokens) = self.whoop(&config).await?;
        if !tokens.allows(WORKOUT_SCOPE).await? {
            return Err(SyncError::new(
                ErrorCode::WhoopReconnect,
                "this WHOOP sign-in doesn't allow reading workouts",
            ));
        }
        let now = self.env.clock.now();
        let today = self.today();
        let wanted = Wanted {
            workouts: true,
            ..Wanted::default()
        };
        let mut streams = WhoopStreams::new(&whoop, range, now, wanted);
        let chunks = range.chunks_newest_first(CHUNK_DAYS);
        let mut out = Vec::new();
        for (i, chunk) in chunks.iter().enumerate() {
            let (_, workouts) = streams
                .chunk(*chunk, chunks.get(i + 1).copied(), now, today)
                .await?;
            for workout in workouts.unwrap_or_default() {
                out.push((
                    workout_day(&workout),
                    workout.start,
                    workout_values(&workout),
                ));
            }
        }
        out.sort_by_key(|(day, start, _)| (*day, *start));
        Ok(out)
    }
}
