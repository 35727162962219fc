//! WHOOP v2 workouts and body measurements. As with the other records, everything under `score`
//! is optional: an unscored workout has no score, and WHOOP sends `null` (or nothing) for
//! numbers it doesn't have, such as the distance of a workout without GPS.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::records::{parse_offset, ScoreState};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workout {
    /// UUID; the key a workout is upserted by.
    pub id: String,
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    /// Moves forward when WHOOP re-scores the workout or the user edits it.
    pub updated_at: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The offset the workout was recorded in (`+hh:mm`, `-hh:mm` or `Z`), abroad too.
    pub timezone_offset: String,
    /// WHOOP's lowercase name of the sport (`running`, `functional-fitness`). WHOOP's
    /// `sport_id` is deprecated and not read.
    pub sport_name: String,
    pub score_state: ScoreState,
    /// Present when `score_state` is `Scored`.
    #[serde(default)]
    pub score: Option<WorkoutScore>,
}

impl Workout {
    /// The offset the workout was recorded in; `None` when malformed.
    pub fn offset(&self) -> Option<FixedOffset> {
        parse_offset(&self.timezone_offset)
    }

    /// From start to end (zero if WHOOP sent them the wrong way round).
    pub fn duration(&self) -> Duration {
        (self.end - self.start).max(Duration::zero())
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WorkoutScore {
    /// WHOOP's strain, 0 to 21.
    pub strain: Option<f64>,
    pub average_heart_rate: Option<f64>,
    pub max_heart_rate: Option<f64>,
    pub kilojoule: Option<f64>,
    /// The share of the workout with heart-rate data as WHOOP sends it: a fraction (`1.0`,
    /// `0.9998`), although WHOOP's document calls it a percentage 0–100.
    pub percent_recorded: Option<f64>,
    /// `None` for a workout without GPS (WHOOP sends `null`).
    pub distance_meter: Option<f64>,
    pub altitude_gain_meter: Option<f64>,
    pub altitude_change_meter: Option<f64>,
    pub zone_durations: Option<ZoneDurations>,
}

/// Milliseconds in each heart-rate zone (0: under 50% of max heart rate … 5: 90–100%).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ZoneDurations {
    pub zone_zero_milli: Option<i64>,
    pub zone_one_milli: Option<i64>,
    pub zone_two_milli: Option<i64>,
    pub zone_three_milli: Option<i64>,
    pub zone_four_milli: Option<i64>,
    pub zone_five_milli: Option<i64>,
}

impl ZoneDurations {
    /// The six zones in order, zone 0 first.
    pub fn as_array(&self) -> [Option<i64>; 6] {
        [
            self.zone_zero_milli,
            self.zone_one_milli,
            self.zone_two_milli,
            self.zone_three_milli,
            self.zone_four_milli,
            self.zone_five_milli,
        ]
    }
}

/// `GET /v2/user/measurement/body`: what the user last entered in WHOOP, and WHOOP's max
/// heart rate for them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyMeasurement {
    pub height_meter: f64,
    pub weight_kilogram: f64,
    /// Beats per minute.
    pub max_heart_rate: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strength_workout_with_null_distance_parses() {
        let json = r#"{"id":"0b3a2a65-4c1e-4f5e-9a63-2c1d7d7c1a10","v1_id":null,"user_id":1,
            "created_at":"2026-08-14T07:12:40.118Z","updated_at":"2026-08-14T07:12:46.502Z",
            "start":"2026-08-14T06:01:13.470Z","end":"2026-08-14T06:58:31.930Z",
            "timezone_offset":"+07:00","sport_name":"weightlifting","score_state":"SCORED",
            "score":{"strain":8.114203,"average_heart_rate":104,"max_heart_rate":141,
              "kilojoule":402.55107,"percent_recorded":0.99981344,"distance_meter":null,
              "altitude_gain_meter":null,"altitude_change_meter":null,
              "zone_durations":{"zone_zero_milli":80000,"zone_one_milli":1410000,
                "zone_two_milli":1321000,"zone_three_milli":626990,"zone_four_milli":0,
                "zone_five_milli":0},"brand_new_field":1},
            "sport_id":45}"#;
        let w: Workout = serde_json::from_str(json).unwrap();
        let score = w.score.clone().unwrap();
        assert_eq!(score.distance_meter, None);
        assert_eq!(score.altitude_change_meter, None);
        assert_eq!(score.percent_recorded, Some(0.99981344));
        assert_eq!(score.zone_durations.unwrap().as_array()[3], Some(626990));
        assert_eq!(w.offset().unwrap().local_minus_utc(), 7 * 3600);
    }

    #[test]
    fn pending_and_unscorable_workouts_have_no_score() {
        for state in ["PENDING_SCORE", "UNSCORABLE"] {
            let json = format!(
                r#"{{"id":"0b3a2a65-4c1e-4f5e-9a63-2c1d7d7c1a10","user_id":1,
                "created_at":"2026-09-01T04:47:11Z","updated_at":"2026-09-01T04:47:11Z",
                "start":"2026-09-01T03:02:00Z","end":"2026-09-01T04:29:59Z",
                "timezone_offset":"Z","sport_name":"running","score_state":"{state}"}}"#
            );
            let w: Workout = serde_json::from_str(&json).unwrap();
            assert!(w.score.is_none());
            assert_ne!(w.score_state, ScoreState::Scored);
        }
    }
}
