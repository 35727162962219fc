use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Row};

use crate::codec::{self, day_text};
use crate::{
    ActionCounts, DayAction, DayRecord, History, Result, RunId, RunStatus, RunSummary,
    WorkoutRecord,
};

/// Columns of a day row, in the order [`day_from_row`] reads them.
const DAY_COLUMNS: &str =
    "d.day, d.action, d.reason, d.page_id, d.page_url, d.error_code, d.values_json";

impl History {
    /// Newest first (by start time, then by id).
    pub fn recent_runs(&self, limit: usize) -> Result<Vec<RunSummary>> {
        let source = "SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?1";
        self.runs(source, params![limit_int(limit)])
    }

    /// One run, or `None` if there is no such run.
    pub fn run(&self, run: RunId) -> Result<Option<RunSummary>> {
        Ok(self
            .runs("SELECT * FROM runs WHERE id = ?1", params![run.0])?
            .pop())
    }

    /// The days a run recorded, by day (then in the order recorded). Empty for an unknown run.
    pub fn run_days(&self, run: RunId) -> Result<Vec<DayRecord>> {
        let sql = format!(
            "SELECT {DAY_COLUMNS} FROM run_days d WHERE d.run_id = ?1 ORDER BY d.day, d.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![run.0], day_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// The most recently recorded outcome for `day`, ignoring dry runs (they wrote nothing).
    pub fn last_day_record(&self, day: NaiveDate) -> Result<Option<DayRecord>> {
        let sql = format!(
            "SELECT {DAY_COLUMNS} FROM run_days d JOIN runs r ON r.id = d.run_id
             WHERE d.day = ?1 AND r.dry_run = 0 ORDER BY d.id DESC LIMIT 1"
        );
        self.conn
            .query_row(&sql, params![day_text(day)], day_from_row)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// For "Recent syncs": the latest outcome of each day (dry runs ignored), most recently
    /// recorded first, with the start time of the run that recorded it.
    pub fn recent_days(&self, limit: usize) -> Result<Vec<(DayRecord, DateTime<Utc>)>> {
        let sql = format!(
            "WITH latest AS (
                 SELECT MAX(d.id) AS id FROM run_days d JOIN runs r ON r.id = d.run_id
                 WHERE r.dry_run = 0 GROUP BY d.day)
             SELECT {DAY_COLUMNS}, r.started_at
             FROM latest JOIN run_days d ON d.id = latest.id JOIN runs r ON r.id = d.run_id
             ORDER BY d.id DESC LIMIT ?1"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![limit_int(limit)], |row| {
                Ok((day_from_row(row)?, codec::time(row, 7)?))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// For trends: each day of `from..=to` that has numbers, with the values most recently
    /// recorded for it (dry runs ignored), oldest day first. A later record without values (a
    /// failed write, a day WHOOP stopped scoring) doesn't hide the numbers an earlier run kept.
    pub fn day_values(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, serde_json::Value)>> {
        let sql = "WITH latest AS (
                 SELECT MAX(d.id) AS id FROM run_days d JOIN runs r ON r.id = d.run_id
                 WHERE r.dry_run = 0 AND d.values_json IS NOT NULL AND d.day BETWEEN ?1 AND ?2
                 GROUP BY d.day)
             SELECT d.day, d.values_json FROM latest JOIN run_days d ON d.id = latest.id
             ORDER BY d.day";
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![day_text(from), day_text(to)], |row| {
                let values = codec::json(row, 1)?.unwrap_or(serde_json::Value::Null);
                Ok((codec::day(row, 0)?, values))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Summaries of the runs `source` selects (a subquery over `runs`), in its order, with
    /// per-action counts computed only for those runs.
    fn runs(&self, source: &str, params: impl rusqlite::Params) -> Result<Vec<RunSummary>> {
        let counts: Vec<String> = DayAction::ALL
            .iter()
            .map(|a| format!("COALESCE(SUM(d.action = '{}'), 0)", a.as_str()))
            .collect();
        let sql = format!(
            "SELECT r.id, r.trigger, r.started_at, r.ended_at, r.range_start, r.range_end,
                    r.dry_run, r.ok, r.error_code, r.error_message, r.requests_whoop,
                    r.requests_notion, r.workouts_json, {}
             FROM ({source}) r LEFT JOIN run_days d ON d.run_id = r.id
             GROUP BY r.id ORDER BY r.started_at DESC, r.id DESC",
            counts.join(", ")
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params, run_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }
}

fn run_from_row(row: &Row<'_>) -> rusqlite::Result<RunSummary> {
    let ended_at = codec::opt_time(row, 3)?;
    let ok: Option<bool> = row.get(7)?;
    let mut counts = ActionCounts::default();
    for (i, action) in DayAction::ALL.into_iter().enumerate() {
        counts.set(action, codec::count(row, 13 + i)?);
    }
    Ok(RunSummary {
        id: RunId(row.get(0)?),
        trigger: codec::trigger(row, 1)?,
        started_at: codec::time(row, 2)?,
        ended_at,
        range: (codec::day(row, 4)?, codec::day(row, 5)?),
        dry_run: row.get(6)?,
        status: match (ended_at, ok) {
            (Some(_), Some(true)) => RunStatus::Ok,
            (Some(_), _) => RunStatus::Failed,
            (None, _) => RunStatus::Interrupted,
        },
        ok: ended_at.and(ok),
        error_code: codec::error_code(row, 8)?,
        error_message: row.get(9)?,
        counts,
        requests_whoop: codec::count(row, 10)?,
        requests_notion: codec::count(row, 11)?,
        // A report this version can't read (a newer one wrote it) reads as none.
        workouts: codec::json(row, 12)?.and_then(|v| serde_json::from_value(v).ok()),
    })
}

/// The workouts whose day is in `first..=last`, by day and start, with their latest values.
impl History {
    pub fn workouts(&self, first: NaiveDate, last: NaiveDate) -> Result<Vec<WorkoutRecord>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT whoop_id, day, page_id, values_json FROM workouts
                 WHERE day >= ?1 AND day <= ?2 ORDER BY day, whoop_id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![day_text(first), day_text(last)], |row| {
                Ok(WorkoutRecord {
                    whoop_id: row.get(0)?,
                    day: codec::day(row, 1)?,
                    page_id: row.get(2)?,
                    values: codec::json(row, 3)?.unwrap_or_default(),
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }
}

fn day_from_row(row: &Row<'_>) -> rusqlite::Result<DayRecord> {
    Ok(DayRecord {
        day: codec::day(row, 0)?,
        action: codec::action(row, 1)?,
        reason: row.get(2)?,
        page_id: row.get(3)?,
        page_url: row.get(4)?,
        error_code: codec::error_code(row, 5)?,
        values: codec::json(row, 6)?,
    })
}

/// SQLite's LIMIT is signed; anything that doesn't fit means "no limit".
fn limit_int(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}
