//! WHOOP v2 records. Everything under `score` is optional: WHOOP adds and omits optional fields
//! without notice, and a record that can't be scored has no score at all.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ScoreState {
    Scored,
    PendingScore,
    Unscorable,
    /// A state this client doesn't know yet: treated like "not scored".
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recovery {
    pub cycle_id: i64,
    pub sleep_id: String,
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub score_state: ScoreState,
    #[serde(default)]
    pub score: Option<RecoveryScore>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RecoveryScore {
    pub user_calibrating: Option<bool>,
    pub recovery_score: Option<f64>,
    pub resting_heart_rate: Option<f64>,
    pub hrv_rmssd_milli: Option<f64>,
    pub spo2_percentage: Option<f64>,
    pub skin_temp_celsius: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sleep {
    pub id: String,
    #[serde(default)]
    pub cycle_id: Option<i64>,
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub timezone_offset: String,
    pub nap: bool,
    pub score_state: ScoreState,
    #[serde(default)]
    pub score: Option<SleepScore>,
}

impl Sleep {
    /// The offset the sleep was recorded in (`+hh:mm`, `-hh:mm` or `Z`); `None` when malformed.
    pub fn offset(&self) -> Option<FixedOffset> {
        parse_offset(&self.timezone_offset)
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SleepScore {
    pub stage_summary: Option<StageSummary>,
    pub sleep_needed: Option<SleepNeeded>,
    pub respiratory_rate: Option<f64>,
    pub sleep_performance_percentage: Option<f64>,
    pub sleep_consistency_percentage: Option<f64>,
    pub sleep_efficiency_percentage: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StageSummary {
    pub total_in_bed_time_milli: Option<i64>,
    pub total_awake_time_milli: Option<i64>,
    pub total_no_data_time_milli: Option<i64>,
    pub total_light_sleep_time_milli: Option<i64>,
    pub total_slow_wave_sleep_time_milli: Option<i64>,
    pub total_rem_sleep_time_milli: Option<i64>,
    pub sleep_cycle_count: Option<i64>,
    pub disturbance_count: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SleepNeeded {
    pub baseline_milli: Option<i64>,
    pub need_from_sleep_debt_milli: Option<i64>,
    pub need_from_recent_strain_milli: Option<i64>,
    pub need_from_recent_nap_milli: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cycle {
    pub id: i64,
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub start: DateTime<Utc>,
    #[serde(default)]
    pub end: Option<DateTime<Utc>>,
    pub timezone_offset: String,
    pub score_state: ScoreState,
    #[serde(default)]
    pub score: Option<CycleScore>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CycleScore {
    pub strain: Option<f64>,
    pub kilojoule: Option<f64>,
    pub average_heart_rate: Option<f64>,
    pub max_heart_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub user_id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

/// Parses WHOOP's `timezone_offset`: `+hh:mm`, `-hh:mm`, `Z`, and tolerates `+hhmm` / `+hh`.
pub(crate) fn parse_offset(text: &str) -> Option<FixedOffset> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("z") {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    if minutes >= 60 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_in_every_documented_form() {
        assert_eq!(parse_offset("Z").unwrap().local_minus_utc(), 0);
        assert_eq!(parse_offset("+09:00").unwrap().local_minus_utc(), 9 * 3600);
        assert_eq!(
            parse_offset("-05:30").unwrap().local_minus_utc(),
            -(5 * 3600 + 1800)
        );
        assert_eq!(
            parse_offset("+0545").unwrap().local_minus_utc(),
            5 * 3600 + 45 * 60
        );
        assert!(parse_offset("09:00").is_none());
        assert!(parse_offset("+9:0x").is_none());
        assert!(parse_offset("+10:75").is_none());
    }

    #[test]
    fn a_sleep_with_missing_optional_fields_parses() {
        let json = r#"{"id":"ecfc6a15-4661-442f-a9a4-f160dd7afae8","cycle_id":93845,"user_id":1,
            "created_at":"2026-11-24T11:25:44.774Z","updated_at":"2026-11-24T14:25:44.774Z",
            "start":"2026-11-24T02:25:44.774Z","end":"2026-11-24T10:25:44.774Z",
            "timezone_offset":"-05:00","nap":false,"score_state":"SCORED",
            "score":{"stage_summary":{"total_in_bed_time_milli":30272735},"sleep_needed":{},"brand_new_field":3}}"#;
        let sleep: Sleep = serde_json::from_str(json).unwrap();
        let score = sleep.score.unwrap();
        assert_eq!(score.sleep_efficiency_percentage, None);
        assert_eq!(
            score.stage_summary.unwrap().total_in_bed_time_milli,
            Some(30272735)
        );
    }

    #[test]
    fn unknown_score_states_do_not_fail_the_batch() {
        let json = r#"{"cycle_id":1,"sleep_id":"x","user_id":1,"created_at":"2026-11-24T11:25:44Z",
            "updated_at":"2026-11-24T11:25:44Z","score_state":"SOMETHING_NEW"}"#;
        let recovery: Recovery = serde_json::from_str(json).unwrap();
        assert_eq!(recovery.score_state, ScoreState::Unknown);
    }
}
