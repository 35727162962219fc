//! The history as an export table (crates/data-export), built once here so the CLI's
//! `whoop-notion export` and the window's History → Export… write the same bytes. Local reads
//! only: no request to WHOOP or Notion.

use chrono::NaiveDate;
pub use data_export::{ExportDay, Format, Table};

use crate::metrics::METRICS;
use crate::workouts::WorkoutField;
use crate::{Engine, Result};

/// Before any WHOOP record (WHOOP's first strap shipped in 2015): an export with no first day
/// reads the history from here, so it begins wherever the history does.
pub fn before_any_record() -> NaiveDate {
    NaiveDate::from_ymd_opt(2010, 1, 1).expect("a valid date")
}

/// The days' columns in the app's own order, most important first.
pub fn metric_columns() -> Vec<&'static str> {
    METRICS.iter().map(|m| m.key.as_str()).collect()
}

/// The workouts' columns in the order of their fields; the day is the row's date already.
pub fn workout_columns() -> Vec<&'static str> {
    WorkoutField::ALL
        .iter()
        .filter(|f| **f != WorkoutField::Day)
        .map(|f| f.as_str())
        .collect()
}

impl Engine {
    /// The days of `since..=until` the history has numbers for, one row each.
    pub fn history_table(&self, since: NaiveDate, until: NaiveDate) -> Result<Table> {
        let rows = self.day_values(since, until)?;
        Ok(Table::from_history(rows, &metric_columns()))
    }

    /// The workouts of `since..=until` the history holds (the values written to their pages),
    /// one row each, by day and then by start.
    pub fn workouts_table(&self, since: NaiveDate, until: NaiveDate) -> Result<Table> {
        let mut rows: Vec<ExportDay> = self
            .workout_values(since, until)?
            .into_iter()
            .map(|record| ExportDay {
                date: record.day,
                values: record
                    .values
                    .as_object()
                    .map(|values| values.clone().into_iter().collect())
                    .unwrap_or_default(),
            })
            .collect();
        // RFC 3339 with the workout's offset: the same day's starts mostly share it.
        rows.sort_by(|a, b| {
            let start = |r: &ExportDay| r.values.get("start").map(|v| v.to_string());
            (a.date, start(a)).cmp(&(b.date, start(b)))
        });
        Ok(Table::workouts(rows, &workout_columns()))
    }
}
