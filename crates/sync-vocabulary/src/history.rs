//! What the sync history records: each run (what started it, how it ended, its counts) and
//! each day's outcome. The history (SQLite) stores and reads these; the CLI and the window
//! show them.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::workouts::WorkoutsReport;
use crate::{ErrorCode, Trigger};

/// What a run did with one day. Stored as its `as_str()` text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DayAction {
    Created,
    Updated,
    Unchanged,
    /// WHOOP hasn't scored the day yet; a later run will pick it up.
    Waiting,
    Skipped,
    Failed,
}

impl DayAction {
    pub const ALL: [DayAction; 6] = [
        DayAction::Created,
        DayAction::Updated,
        DayAction::Unchanged,
        DayAction::Waiting,
        DayAction::Skipped,
        DayAction::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DayAction::Created => "created",
            DayAction::Updated => "updated",
            DayAction::Unchanged => "unchanged",
            DayAction::Waiting => "waiting",
            DayAction::Skipped => "skipped",
            DayAction::Failed => "failed",
        }
    }

    /// The inverse of [`DayAction::as_str`].
    pub fn parse(text: &str) -> Option<DayAction> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

impl fmt::Display for DayAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct RunId(pub i64);

impl fmt::Display for RunId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The outcome for one day within a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
// camelCase for the window (app-service's wire.rs); snake_case in the CLI's JSON and on disk.
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
pub struct DayRecord {
    pub day: NaiveDate,
    pub action: DayAction,
    /// Why (e.g. "not scored yet", "no changes"); for people, not for matching.
    pub reason: Option<String>,
    pub page_id: Option<String>,
    pub page_url: Option<String>,
    pub error_code: Option<ErrorCode>,
    /// The metric values written, for summaries like "Recovery 78% · Asleep 7h 12m".
    #[cfg_attr(
        feature = "ts",
        ts(type = "Record<string, { display: string }> | null")
    )]
    pub values: Option<serde_json::Value>,
}

impl DayRecord {
    /// A record with only the day and action set.
    pub fn new(day: NaiveDate, action: DayAction) -> DayRecord {
        DayRecord {
            day,
            action,
            reason: None,
            page_id: None,
            page_url: None,
            error_code: None,
            values: None,
        }
    }
}

/// How a run ended, passed to `finish_run`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunOutcome {
    pub ok: bool,
    pub error_code: Option<ErrorCode>,
    pub error_message: Option<String>,
    pub requests_whoop: u64,
    pub requests_notion: u64,
    /// What the run did with workouts, when a Workouts database is set.
    pub workouts: Option<WorkoutsReport>,
}

/// A workout's latest values as written to its page (`{field: value}`, durations in ms), kept
/// one per WHOOP workout for export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkoutRecord {
    pub whoop_id: String,
    /// The day it belongs to: its start, in its own offset.
    pub day: NaiveDate,
    pub page_id: Option<String>,
    pub values: serde_json::Value,
}

/// How a run stands when read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Ok,
    Failed,
    /// No end was recorded: the process died or was killed mid-run. (A run another process
    /// is executing right now also looks like this; callers holding the sync lock know
    /// that no run is live.)
    Interrupted,
}

/// Per-action day counts of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActionCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub waiting: u64,
    pub skipped: u64,
    pub failed: u64,
}

impl ActionCounts {
    pub fn get(&self, action: DayAction) -> u64 {
        *self.slot(action)
    }

    /// For the history as it reads a run back.
    pub fn set(&mut self, action: DayAction, count: u64) {
        *self.slot_mut(action) = count;
    }

    pub fn total(&self) -> u64 {
        DayAction::ALL.iter().map(|a| self.get(*a)).sum()
    }

    fn slot(&self, action: DayAction) -> &u64 {
        match action {
            DayAction::Created => &self.created,
            DayAction::Updated => &self.updated,
            DayAction::Unchanged => &self.unchanged,
            DayAction::Waiting => &self.waiting,
            DayAction::Skipped => &self.skipped,
            DayAction::Failed => &self.failed,
        }
    }

    fn slot_mut(&mut self, action: DayAction) -> &mut u64 {
        match action {
            DayAction::Created => &mut self.created,
            DayAction::Updated => &mut self.updated,
            DayAction::Unchanged => &mut self.unchanged,
            DayAction::Waiting => &mut self.waiting,
            DayAction::Skipped => &mut self.skipped,
            DayAction::Failed => &mut self.failed,
        }
    }
}

/// One run as listed by `recent_runs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
// camelCase for the window (app-service's wire.rs); snake_case in the CLI's JSON and on disk.
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
pub struct RunSummary {
    pub id: RunId,
    pub trigger: Trigger,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    /// First and last day of the requested range, inclusive.
    pub range: (NaiveDate, NaiveDate),
    pub dry_run: bool,
    pub status: RunStatus,
    /// `None` when the run never finished (see [`RunStatus::Interrupted`]).
    pub ok: Option<bool>,
    pub error_code: Option<ErrorCode>,
    pub error_message: Option<String>,
    pub counts: ActionCounts,
    pub requests_whoop: u64,
    pub requests_notion: u64,
    /// What the run did with workouts; `None` when workouts were off.
    #[serde(default)]
    pub workouts: Option<WorkoutsReport>,
}
