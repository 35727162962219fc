#![allow(dead_code)] // each test binary uses a different subset

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

pub fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 10, hour, minute, 0).unwrap()
}

pub fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, d).unwrap()
}
