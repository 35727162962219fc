//! What a sync run tells its caller (and, with `--json`, scripts). The shape is part of the
//! CLI contract.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// What a run did with one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Created,
    Updated,
    Unchanged,
    Waiting,
    Skipped,
}

/// The days of a run, first and last included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DayRange {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl DayRange {
    pub fn new(first: NaiveDate, last: NaiveDate) -> Option<Self> {
        (first <= last).then_some(Self { first, last })
    }

    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        let last = self.last;
        self.first.iter_days().take_while(move |d| *d <= last)
    }

    pub fn len(&self) -> usize {
        ((self.last - self.first).num_days() + 1) as usize
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The range cut into pieces of at most `size` days, newest first (a long backfill lands
    /// the recent days first).
    pub fn chunks_newest_first(&self, size: usize) -> Vec<DayRange> {
        let size = size.max(1) as i64;
        let mut chunks = Vec::new();
        let mut last = self.last;
        loop {
            let first = (last - Duration::days(size - 1)).max(self.first);
            chunks.push(DayRange { first, last });
            if first == self.first {
                return chunks;
            }
            last = first - Duration::days(1);
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
// camelCase for the window (app-service's wire.rs); snake_case in the CLI's JSON and on disk.
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
pub struct DayReport {
    pub day: NaiveDate,
    pub action: ActionKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub page_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub page_url: Option<String>,
    /// The night's values as displayed ("78%", "7h 42m"), by metric key.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<BTreeMap<String, String>>", optional))]
    pub values: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Requests {
    pub whoop: u64,
    pub notion: u64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
// camelCase for the window (app-service's wire.rs); snake_case in the CLI's JSON and on disk.
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
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
    /// Scopes the WHOOP sign-in doesn't allow though a mapped metric needs them, space-separated
    /// (`read:workout` for the workout metrics, `read:body_measurement` for weight, height and
    /// the estimated max heart rate): those metrics weren't written; connecting WHOOP again, and
    /// allowing them, adds them. Everything else was synced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs_whoop_scope: Option<String>,
    /// What the run did with the workouts of its days; absent when no Workouts database is
    /// set (or the sign-in can't read workouts: then `needs_whoop_scope` says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workouts: Option<crate::workouts::WorkoutsReport>,
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
            needs_whoop_scope: None,
            workouts: None,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn chunks_cover_the_range_once_newest_first() {
        let range = DayRange::new(day("2021-01-01"), day("2026-01-01")).unwrap();
        let chunks = range.chunks_newest_first(90);
        assert_eq!(chunks[0].last, range.last);
        assert_eq!(chunks.last().unwrap().first, range.first);
        assert!(chunks.iter().all(|c| c.len() <= 90));
        for pair in chunks.windows(2) {
            assert_eq!(
                pair[1].last + Duration::days(1),
                pair[0].first,
                "no gap, no overlap"
            );
        }
        assert_eq!(chunks.iter().map(|c| c.len()).sum::<usize>(), range.len());

        let week = DayRange::new(day("2026-11-25"), day("2026-12-01")).unwrap();
        assert_eq!(week.chunks_newest_first(90), vec![week]);
        let one = DayRange::new(day("2026-12-01"), day("2026-12-01")).unwrap();
        assert_eq!(one.chunks_newest_first(1), vec![one]);
    }
}
