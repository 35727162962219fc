//! What a sync run tells its caller (and, with `--json`, scripts). The shape is part of the
//! CLI contract.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::nights::DayRange;
use crate::plan::ActionKind;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DayReport {
    pub day: NaiveDate,
    pub action: ActionKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub page_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub page_url: Option<String>,
    /// The night's values as displayed ("78%", "7h 42m"), by metric key.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(as = "Option<BTreeMap<String, String>>", optional)]
    pub values: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, ts_rs::TS)]
pub struct Requests {
    pub whoop: u64,
    pub notion: u64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SyncReport {
    pub days: Vec<DayReport>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub waiting: usize,
    pub skipped: usize,
    pub requests: Requests,
    pub range: DayRange,
    pub dry_run: bool,
    pub run_id: Option<i64>,
    pub whoop_refreshes: u64,
    /// WHOOP records skipped because they couldn't be read (the rest of their page was
    /// used): a record WHOOP changed in a way this version doesn't know.
    pub unreadable_records: u64,
}

impl SyncReport {
    pub fn new(range: DayRange, dry_run: bool) -> Self {
        Self {
            days: Vec::new(),
            created: 0,
            updated: 0,
            unchanged: 0,
            waiting: 0,
            skipped: 0,
            requests: Requests::default(),
            range,
            dry_run,
            run_id: None,
            whoop_refreshes: 0,
            unreadable_records: 0,
        }
    }

    pub fn push(&mut self, day: DayReport) {
        match day.action {
            ActionKind::Created => self.created += 1,
            ActionKind::Updated => self.updated += 1,
            ActionKind::Unchanged => self.unchanged += 1,
            ActionKind::Waiting => self.waiting += 1,
            ActionKind::Skipped => self.skipped += 1,
        }
        self.days.push(day);
    }

    pub fn day(&self, day: NaiveDate) -> Option<&DayReport> {
        self.days.iter().find(|d| d.day == day)
    }
}

/// Progress of a run, for a progress bar.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum Progress {
    Reading,
    /// Pages written, and to write: `exact` once every chunk of the run is planned; before
    /// that `total` counts the days WHOOP scored in chunks not planned yet (some may turn out
    /// unchanged) and, for days not read yet, the rate seen so far.
    Writing {
        done: usize,
        total: usize,
        exact: bool,
    },
}
