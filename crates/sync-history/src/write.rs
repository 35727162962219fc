use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;
use sync_vocabulary::ErrorCode;

use crate::codec::{count_int, day_text, time_text};
use crate::{DayRecord, History, HistoryError, Result, RunId, RunOutcome, Trigger, WorkoutRecord};

/// Each write is one autocommit statement: short write locks, so a concurrent writer
/// rarely waits, and a crash mid-run leaves everything recorded so far.
impl History {
    /// Records that a run began; until [`History::finish_run`] it reads as interrupted.
    pub fn start_run(
        &self,
        trigger: Trigger,
        started_at: DateTime<Utc>,
        range: (NaiveDate, NaiveDate),
        dry_run: bool,
    ) -> Result<RunId> {
        self.conn
            .execute(
                "INSERT INTO runs (trigger, started_at, range_start, range_end, dry_run)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    trigger.as_str(),
                    time_text(started_at),
                    day_text(range.0),
                    day_text(range.1),
                    dry_run
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(RunId(self.conn.last_insert_rowid()))
    }

    pub fn record_day(&self, run: RunId, day: &DayRecord) -> Result<()> {
        let values = day.values.as_ref().map(|v| v.to_string());
        self.conn
            .execute(
                "INSERT INTO run_days
                   (run_id, day, action, reason, page_id, page_url, error_code, values_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    run.0,
                    day_text(day.day),
                    day.action.as_str(),
                    day.reason,
                    day.page_id,
                    day.page_url,
                    day.error_code.map(ErrorCode::as_str),
                    values
                ],
            )
            .map_err(|e| {
                if is_foreign_key_violation(&e) {
                    HistoryError::UnknownRun(run.0)
                } else {
                    self.err(e)
                }
            })?;
        Ok(())
    }

    pub fn finish_run(
        &self,
        run: RunId,
        ended_at: DateTime<Utc>,
        outcome: RunOutcome,
    ) -> Result<()> {
        let workouts = outcome
            .workouts
            .as_ref()
            .map(|w| serde_json::to_string(w).expect("a report serializes"));
        let changed = self
            .conn
            .execute(
                "UPDATE runs SET ended_at = ?2, ok = ?3, error_code = ?4, error_message = ?5,
                                 requests_whoop = ?6, requests_notion = ?7, workouts_json = ?8
                 WHERE id = ?1",
                params![
                    run.0,
                    time_text(ended_at),
                    outcome.ok,
                    outcome.error_code.map(ErrorCode::as_str),
                    outcome.error_message,
                    count_int(outcome.requests_whoop),
                    count_int(outcome.requests_notion),
                    workouts
                ],
            )
            .map_err(|e| self.err(e))?;
        if changed == 0 {
            return Err(HistoryError::UnknownRun(run.0));
        }
        Ok(())
    }

    /// Keeps a workout's latest values (one row per WHOOP workout, replaced when written
    /// again).
    pub fn record_workout(&self, workout: &WorkoutRecord, now: DateTime<Utc>) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO workouts (whoop_id, day, page_id, values_json, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (whoop_id) DO UPDATE SET day = ?2,
                   page_id = COALESCE(?3, page_id), values_json = ?4, recorded_at = ?5",
                params![
                    workout.whoop_id,
                    day_text(workout.day),
                    workout.page_id,
                    workout.values.to_string(),
                    time_text(now)
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Forgets what runs that started before `cutoff` recorded, except what the reads still
    /// need: each day's latest record, and its latest record with numbers (trends). A run
    /// left with no days is forgotten too. Every check records the days it looked at, so
    /// without this the file grew by about 100 MB a year and every read of recent days
    /// scanned all of it. Returns the day records removed.
    pub fn forget_runs_before(&self, cutoff: DateTime<Utc>) -> Result<usize> {
        let cutoff = time_text(cutoff);
        let days = self
            .conn
            .execute(
                "DELETE FROM run_days WHERE id IN (
                     SELECT d.id FROM runs r JOIN run_days d ON d.run_id = r.id
                     WHERE r.started_at < ?1 AND (r.dry_run = 1 OR EXISTS (
                         SELECT 1 FROM run_days n JOIN runs nr ON nr.id = n.run_id
                         WHERE n.day = d.day AND n.id > d.id AND nr.dry_run = 0
                           AND (d.values_json IS NULL OR n.values_json IS NOT NULL))))",
                params![cutoff],
            )
            .map_err(|e| self.err(e))?;
        self.conn
            .execute(
                "DELETE FROM runs WHERE started_at < ?1
                   AND NOT EXISTS (SELECT 1 FROM run_days d WHERE d.run_id = runs.id)",
                params![cutoff],
            )
            .map_err(|e| self.err(e))?;
        Ok(days)
    }
}

fn is_foreign_key_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY)
}
