//! How values are stored as SQLite text, and read back with a clear error when a row was
//! damaged or edited by hand.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::types::Type;
use rusqlite::Row;

use sync_vocabulary::ErrorCode;

use crate::{DayAction, Trigger};

/// Fixed-width UTC (microseconds, `Z`), so text order is time order for `ORDER BY`.
pub(crate) fn time_text(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// `YYYY-MM-DD`, which also sorts correctly as text.
pub(crate) fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// SQLite integers are signed; counters beyond i64 can't happen in practice, so saturate.
pub(crate) fn count_int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn bad(idx: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, message.into())
}

pub(crate) fn time(row: &Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(idx)?;
    parse_time(&text).map_err(|m| bad(idx, m))
}

pub(crate) fn opt_time(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| parse_time(&t).map_err(|m| bad(idx, m)))
        .transpose()
}

fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("bad time {text:?}: {e}"))
}

pub(crate) fn day(row: &Row<'_>, idx: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = row.get(idx)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|e| bad(idx, format!("bad day {text:?}: {e}")))
}

pub(crate) fn trigger(row: &Row<'_>, idx: usize) -> rusqlite::Result<Trigger> {
    let text: String = row.get(idx)?;
    Trigger::parse(&text).ok_or_else(|| bad(idx, format!("unknown trigger {text:?}")))
}

/// An error code as stored. A code this version doesn't know (written by a newer one sharing
/// the profile) reads as none: the run's message still says what happened.
pub(crate) fn error_code(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<ErrorCode>> {
    let text: Option<String> = row.get(idx)?;
    Ok(text.as_deref().and_then(ErrorCode::parse))
}

pub(crate) fn action(row: &Row<'_>, idx: usize) -> rusqlite::Result<DayAction> {
    let text: String = row.get(idx)?;
    DayAction::parse(&text).ok_or_else(|| bad(idx, format!("unknown day action {text:?}")))
}

pub(crate) fn count(row: &Row<'_>, idx: usize) -> rusqlite::Result<u64> {
    let n: i64 = row.get(idx)?;
    u64::try_from(n).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(idx, n))
}

pub(crate) fn json(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<serde_json::Value>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| serde_json::from_str(&t).map_err(|e| bad(idx, format!("bad values JSON: {e}"))))
        .transpose()
}
