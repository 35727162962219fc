//! The wire types of a workout.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::whoop::records::{ser_instant, ScoreState};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workout {
    /// UUID.
    pub id: String,
    /// Legacy v1 id. The document says it no longer exists after 2025-09-01; WHOOP still sends
    /// the key, as `null` (seen in answers of 2026-09), so the simulator does too.
    pub v1_id: Option<i64>,
    pub user_id: i64,
    #[serde(serialize_with = "ser_instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "ser_instant")]
    pub updated_at: DateTime<Utc>,
    #[serde(serialize_with = "ser_instant")]
    pub start: DateTime<Utc>,
    #[serde(serialize_with = "ser_instant")]
    pub end: DateTime<Utc>,
    /// `+hh:mm`, `-hh:mm` or `Z`: the offset the user was in, abroad too.
    pub timezone_offset: String,
    /// WHOOP's lowercase name of the sport, words joined by `-` (`functional-fitness`).
    pub sport_name: String,
    pub score_state: ScoreState,
    /// Only when `score_state` is `SCORED`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub score: Option<WorkoutScore>,
    /// Deprecated in the document ("will not exist past 09/01/2025") yet still sent by WHOOP;
    /// clients must read the sport from `sport_name`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sport_id: Option<i32>,
}

/// The document types every optional number as a plain number that is "only present if"
/// there is data; WHOOP sends the keys with `null` instead (distance and altitude of a
/// workout without GPS, such as strength training), so the simulator does too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkoutScore {
    /// 0 to 21.
    pub strain: f64,
    pub average_heart_rate: i32,
    pub max_heart_rate: i32,
    pub kilojoule: f64,
    /// The share of the workout with heart-rate data. The document calls it a percentage
    /// (example `100.0`), but WHOOP sends a fraction from 0 to 1 (`1.0` when nothing is missing).
    pub percent_recorded: f64,
    pub distance_meter: Option<f64>,
    pub altitude_gain_meter: Option<f64>,
    pub altitude_change_meter: Option<f64>,
    pub zone_durations: ZoneDurations,
}

/// Time in each heart-rate zone (int64 milliseconds); they add up to the recorded time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneDurations {
    pub zone_zero_milli: i64,
    pub zone_one_milli: i64,
    pub zone_two_milli: i64,
    pub zone_three_milli: i64,
    pub zone_four_milli: i64,
    pub zone_five_milli: i64,
}

impl ZoneDurations {
    pub fn total_milli(&self) -> i64 {
        self.zone_zero_milli
            + self.zone_one_milli
            + self.zone_two_milli
            + self.zone_three_milli
            + self.zone_four_milli
            + self.zone_five_milli
    }
}

/// A sport the generator draws, with what shapes its numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sport {
    /// WHOOP's `sport_name`.
    pub name: &'static str,
    /// WHOOP's `sport_id` for it.
    pub id: i32,
    /// Recorded with GPS: distance and altitude are numbers, not `null`.
    pub gps: bool,
    /// Typical length in minutes, `lo..hi`.
    pub minutes: (i64, i64),
    /// Typical share of the heart-rate reserve, `lo..hi` (0.3 yoga … 0.8 tennis).
    pub intensity: (f64, f64),
    /// Typical speed in meters per minute when `gps` (0 otherwise).
    pub meters_per_minute: (f64, f64),
    /// How often, relative to the others.
    pub weight: u32,
}

/// Sports and ids as WHOOP names them (ids 34 tennis and 45 weightlifting, names
/// `weightlifting`, `tennis`, `walking` seen in WHOOP's answers; the rest from its sport list).
pub const SPORTS: [Sport; 8] = [
    Sport {
        name: "running",
        id: 0,
        gps: true,
        minutes: (25, 75),
        intensity: (0.62, 0.82),
        meters_per_minute: (160.0, 230.0),
        weight: 5,
    },
    Sport {
        name: "cycling",
        id: 1,
        gps: true,
        minutes: (40, 150),
        intensity: (0.55, 0.78),
        meters_per_minute: (350.0, 520.0),
        weight: 3,
    },
    Sport {
        name: "weightlifting",
        id: 45,
        gps: false,
        minutes: (35, 80),
        intensity: (0.35, 0.55),
        meters_per_minute: (0.0, 0.0),
        weight: 5,
    },
    Sport {
        name: "functional-fitness",
        id: 48,
        gps: false,
        minutes: (30, 60),
        intensity: (0.6, 0.8),
        meters_per_minute: (0.0, 0.0),
        weight: 2,
    },
    Sport {
        name: "walking",
        id: 63,
        gps: true,
        minutes: (20, 70),
        intensity: (0.25, 0.42),
        meters_per_minute: (75.0, 100.0),
        weight: 4,
    },
    Sport {
        name: "yoga",
        id: 44,
        gps: false,
        minutes: (30, 75),
        intensity: (0.15, 0.32),
        meters_per_minute: (0.0, 0.0),
        weight: 2,
    },
    Sport {
        name: "tennis",
        id: 34,
        gps: false,
        minutes: (45, 110),
        intensity: (0.55, 0.78),
        meters_per_minute: (0.0, 0.0),
        weight: 2,
    },
    Sport {
        name: "swimming",
        id: 33,
        gps: false,
        minutes: (25, 60),
        intensity: (0.5, 0.72),
        meters_per_minute: (0.0, 0.0),
        weight: 1,
    },
];

/// The sport called `name`, or the first one (running) for a name the generator doesn't draw.
pub fn sport_named(name: &str) -> &'static Sport {
    SPORTS.iter().find(|s| s.name == name).unwrap_or(&SPORTS[0])
}
