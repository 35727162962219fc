//! Notion date strings: a date-only `2026-11-24` means that whole day; a date-time carries
//! an offset (or a separate `time_zone`).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DateVal {
    Day(NaiveDate),
    Instant(DateTime<FixedOffset>),
    /// A wall-clock time whose zone is given separately (`time_zone`), compared as UTC.
    Naive(NaiveDateTime),
}

impl DateVal {
    pub fn parse(s: &str) -> Option<DateVal> {
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            if s.len() == 10 {
                return Some(DateVal::Day(d));
            }
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
            return Some(DateVal::Instant(dt));
        }
        for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
            if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
                return Some(DateVal::Naive(n));
            }
        }
        None
    }

    pub fn day(&self) -> NaiveDate {
        match self {
            DateVal::Day(d) => *d,
            DateVal::Instant(dt) => dt.date_naive(),
            DateVal::Naive(n) => n.date(),
        }
    }

    fn instant(&self) -> Option<DateTime<Utc>> {
        match self {
            DateVal::Day(_) => None,
            DateVal::Instant(dt) => Some(dt.with_timezone(&Utc)),
            DateVal::Naive(n) => Some(n.and_utc()),
        }
    }

    /// Ordering used by filters: by instant when both sides have a time, otherwise by day
    /// (a date-only value stands for the whole day).
    pub fn cmp_for_filter(&self, other: &DateVal) -> std::cmp::Ordering {
        match (self.instant(), other.instant()) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.day().cmp(&other.day()),
        }
    }

    /// Total order for sorting: day first, then time (date-only sorts at its day's start).
    pub fn sort_key(&self) -> (NaiveDate, i64) {
        (
            self.day(),
            self.instant()
                .map(|i| i.timestamp_millis())
                .unwrap_or(i64::MIN),
        )
    }

    /// How Notion echoes a stored start/end: dates as given, times with millis and offset.
    pub fn render(&self) -> String {
        match self {
            DateVal::Day(d) => d.format("%Y-%m-%d").to_string(),
            DateVal::Instant(dt) => dt.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string(),
            DateVal::Naive(n) => n.format("%Y-%m-%dT%H:%M:%S%.3f").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    #[test]
    fn parses_and_compares() {
        let day = DateVal::parse("2026-11-24").unwrap();
        let t = DateVal::parse("2026-11-24T07:30:00Z").unwrap();
        assert_eq!(day.cmp_for_filter(&t), Ordering::Equal);
        assert_eq!(t.render(), "2026-11-24T07:30:00.000+00:00");
        assert_eq!(day.render(), "2026-11-24");
        assert!(DateVal::parse("24/11/2026").is_none());
        assert!(DateVal::parse("2026-13-01").is_none());
        let n = DateVal::parse("2026-11-24T07:30").unwrap();
        assert_eq!(n.render(), "2026-11-24T07:30:00.000");
    }
}
