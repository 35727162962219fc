//! The schedule's settings, as saved in `config.json`: the morning window in which the app
//! polls for today's recovery, how often it polls, and whether it notifies.

use chrono::NaiveTime;
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
