//! The schedule's settings, as saved in `config.json` (the morning window in which the app
//! polls for today's recovery, how often it polls, and whether it notifies), and when to sync,
//! as a pure function of the local time: poll in the morning window until today's recovery is
//! written, then rest until tomorrow's window. The engine runs it; the tray says what it
//! decided.

use chrono::{NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleSettings {
    pub morning_start: NaiveTime,
    pub morning_end: NaiveTime,
    pub poll_minutes: u32,
    pub notifications: bool,
}

impl Default for ScheduleSettings {
    fn default() -> Self {
        Self {
            morning_start: NaiveTime::from_hms_opt(5, 0, 0).expect("valid"),
            morning_end: NaiveTime::from_hms_opt(12, 0, 0).expect("valid"),
            poll_minutes: 10,
            notifications: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Sync now (today isn't written yet and we're in the window).
    SyncNow,
    /// Nothing to do before this local time.
    WaitUntil(NaiveDateTime),
}

/// `today_done`: today's night has been written (or can't be, e.g. unscorable).
/// `last_attempt`: when we last synced for today, local time.
pub fn decide(
    now: NaiveDateTime,
    settings: &ScheduleSettings,
    today_done: bool,
    last_attempt: Option<NaiveDateTime>,
) -> Decision {
    let today = now.date();
    let window_start = today.and_time(settings.morning_start);
    let window_end = today.and_time(settings.morning_end);
    let tomorrow_start = (today + chrono::Duration::days(1)).and_time(settings.morning_start);
    if now < window_start {
        return Decision::WaitUntil(window_start);
    }
    if today_done || now >= window_end {
        return Decision::WaitUntil(tomorrow_start);
    }
    let poll = chrono::Duration::minutes(settings.poll_minutes.max(1) as i64);
    match last_attempt {
        Some(last) if last >= window_start && now < last + poll => {
            Decision::WaitUntil((last + poll).min(window_end))
        }
        _ => Decision::SyncNow,
    }
}
