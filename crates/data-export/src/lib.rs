//! The history's metric values as a table, one row per day, written as CSV or JSON.
//!
//! Pure: it takes the rows already read and returns text, so the CLI (`whoop-notion export`)
//! and the window's "Export…" write the same bytes. Every number is written as the history
//! holds it: a round trip through the CSV gives back the same value.

mod csv;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde_json::{Map, Value};

pub use csv::cell;

/// The two formats people asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A header row, ISO dates, dot decimals, UTF-8, CRLF line ends (RFC 4180).
    Csv,
    /// `{"columns": [...], "days": [{"date": ..., "<metric>": value, ...}]}`.
    Json,
}

impl Format {
    /// The file extension a save dialog proposes.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// One day's values, by metric key, as the history holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportDay {
    pub date: NaiveDate,
    pub values: BTreeMap<String, Value>,
}

/// The days to write, and their columns in the order a reader expects.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    columns: Vec<String>,
    days: Vec<ExportDay>,
    /// What a row is, as JSON names the list: `days`, or `workouts` (one row each).
    rows_name: &'static str,
}

/// The first column's name.
pub const DATE_COLUMN: &str = "date";

impl Table {
    /// The columns are every metric some day has: first those in `known_order` (the app's
    /// own order, most important first), then any other key (a metric an older or newer
    /// version wrote) in alphabetical order, so nothing the history holds is left out.
    pub fn new(mut days: Vec<ExportDay>, known_order: &[&str]) -> Table {
        days.sort_by_key(|d| d.date);
        let present: BTreeSet<&str> = days
            .iter()
            .flat_map(|d| d.values.keys().map(String::as_str))
            .collect();
        let mut columns: Vec<String> = known_order
            .iter()
            .filter(|k| present.contains(**k))
            .map(|k| k.to_string())
            .collect();
        let known: BTreeSet<&str> = known_order.iter().copied().collect();
        columns.extend(
            present
                .iter()
                .filter(|k| !known.contains(**k))
                .map(|k| k.to_string()),
        );
        Table {
            columns,
            days,
            rows_name: "days",
        }
    }

    /// One row per workout (several may share a date), in the order given; JSON names the
    /// list `workouts`.
    pub fn workouts(rows: Vec<ExportDay>, known_order: &[&str]) -> Table {
        let mut table = Table::new(rows, known_order);
        table.rows_name = "workouts";
        table
    }

    /// From the history's rows: per day an object `{"<metric>": {"value": v, "display": ..}}`.
    /// The raw `value` is what is exported; the display text depends on the units setting
    /// of the day it was written, so it isn't.
    pub fn from_history(rows: Vec<(NaiveDate, Value)>, known_order: &[&str]) -> Table {
        let days = rows
            .into_iter()
            .map(|(date, values)| ExportDay {
                date,
                values: match values {
                    Value::Object(map) => map
                        .into_iter()
                        .filter_map(|(k, v)| match v {
                            Value::Object(mut inner) => inner.remove("value").map(|v| (k, v)),
                            Value::Null => None,
                            bare => Some((k, bare)),
                        })
                        .collect(),
                    _ => BTreeMap::new(),
                },
            })
            .collect();
        Table::new(days, known_order)
    }

    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    pub fn days(&self) -> &[ExportDay] {
        &self.days
    }

    pub fn first_and_last(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((self.days.first()?.date, self.days.last()?.date))
    }

    pub fn write(&self, format: Format) -> String {
        match format {
            Format::Csv => self.to_csv(),
            Format::Json => {
                let mut text = serde_json::to_string_pretty(&self.to_json())
                    .expect("a JSON value always serializes");
                text.push('\n');
                text
            }
        }
    }

    /// A header row (`date` and the metric keys), then one row per day; a metric a day
    /// doesn't have is an empty cell.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let header = std::iter::once(DATE_COLUMN).chain(self.columns.iter().map(String::as_str));
        csv::row(
            &mut out,
            header.map(|h| cell(&Value::String(h.to_string()))),
        );
        for day in &self.days {
            let date = Value::String(day.date.format("%Y-%m-%d").to_string());
            let cells = std::iter::once(cell(&date)).chain(
                self.columns
                    .iter()
                    .map(|c| day.values.get(c).map(cell).unwrap_or_default()),
            );
            csv::row(&mut out, cells);
        }
        out
    }

    pub fn to_json(&self) -> Value {
        let days = self
            .days
            .iter()
            .map(|day| {
                let mut row = Map::new();
                row.insert(
                    DATE_COLUMN.to_string(),
                    Value::String(day.date.format("%Y-%m-%d").to_string()),
                );
                for column in &self.columns {
                    if let Some(v) = day.values.get(column) {
                        row.insert(column.clone(), v.clone());
                    }
                }
                Value::Object(row)
            })
            .collect();
        let mut out = Map::new();
        out.insert("columns".into(), serde_json::json!(self.columns));
        out.insert(self.rows_name.into(), Value::Array(days));
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests;
