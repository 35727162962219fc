//! The simulator's own wire types for WHOOP v2 records.
//!
//! Written from `shared/api/whoop-openapi.json` (components `Sleep`, `Recovery`, `Cycle`, ...),
//! independently of any client crate, so a field-name or type slip on either side shows up as a
//! test failure instead of cancelling out. Optional fields are omitted (never `null`) when
//! absent: the schema types them as plain strings/numbers, and the real API leaves them out.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize, Serializer};

/// `score_state` of sleeps, recoveries and cycles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ScoreState {
    Scored,
    PendingScore,
    Unscorable,
}

impl ScoreState {
    /// The wire spelling (`SCORED`, `PENDING_SCORE`, `UNSCORABLE`).
    pub fn as_str(self) -> &'static str {
        match self {
            ScoreState::Scored => "SCORED",
            ScoreState::PendingScore => "PENDING_SCORE",
            ScoreState::Unscorable => "UNSCORABLE",
        }
    }
}

/// WHOOP sends instants as `2022-04-24T11:25:44.774Z`: UTC, `Z`, millisecond precision.
pub(crate) fn ser_instant<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Millis, true))
}

fn ser_opt_instant<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => ser_instant(t, s),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sleep {
    /// UUID.
    pub id: String,
    pub cycle_id: i64,
    /// Legacy v1 id; the API drops it after 2025-09-01, the generator never sets it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
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
    /// `+hh:mm`, `-hh:mm` or `Z`.
    pub timezone_offset: String,
    pub nap: bool,
    pub score_state: ScoreState,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub score: Option<SleepScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SleepScore {
    pub stage_summary: SleepStageSummary,
    pub sleep_needed: SleepNeeded,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub respiratory_rate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sleep_performance_percentage: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sleep_consistency_percentage: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sleep_efficiency_percentage: Option<f64>,
}

/// The schema types these as int32 milliseconds (enough for ~24 days).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SleepStageSummary {
    pub total_in_bed_time_milli: i32,
    pub total_awake_time_milli: i32,
    pub total_no_data_time_milli: i32,
    pub total_light_sleep_time_milli: i32,
    pub total_slow_wave_sleep_time_milli: i32,
    pub total_rem_sleep_time_milli: i32,
    pub sleep_cycle_count: i32,
    pub disturbance_count: i32,
}

impl SleepStageSummary {
    /// Time asleep: the API has no total-sleep field, it is light + slow wave + REM.
    pub fn sleep_time_milli(&self) -> i64 {
        self.total_light_sleep_time_milli as i64
            + self.total_slow_wave_sleep_time_milli as i64
            + self.total_rem_sleep_time_milli as i64
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SleepNeeded {
    pub baseline_milli: i64,
    pub need_from_sleep_debt_milli: i64,
    pub need_from_recent_strain_milli: i64,
    /// Zero or negative.
    pub need_from_recent_nap_milli: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recovery {
    pub cycle_id: i64,
    /// UUID of the sleep this recovery was computed from; its time is that sleep's.
    pub sleep_id: String,
    pub user_id: i64,
    #[serde(serialize_with = "ser_instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "ser_instant")]
    pub updated_at: DateTime<Utc>,
    pub score_state: ScoreState,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub score: Option<RecoveryScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveryScore {
    pub user_calibrating: bool,
    pub recovery_score: f64,
    pub resting_heart_rate: f64,
    pub hrv_rmssd_milli: f64,
    /// Only for 4.0 straps or newer.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub spo2_percentage: Option<f64>,
    /// Only for 4.0 straps or newer.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub skin_temp_celsius: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cycle {
    pub id: i64,
    pub user_id: i64,
    #[serde(serialize_with = "ser_instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "ser_instant")]
    pub updated_at: DateTime<Utc>,
    #[serde(serialize_with = "ser_instant")]
    pub start: DateTime<Utc>,
    /// Absent while the user is still in this cycle (the schema does not allow `null`).
    #[serde(
        serialize_with = "ser_opt_instant",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub end: Option<DateTime<Utc>>,
    pub timezone_offset: String,
    pub score_state: ScoreState,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub score: Option<CycleScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CycleScore {
    pub strain: f64,
    pub kilojoule: f64,
    pub average_heart_rate: i32,
    pub max_heart_rate: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserBasicProfile {
    pub user_id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserBodyMeasurement {
    pub height_meter: f64,
    pub weight_kilogram: f64,
    pub max_heart_rate: i32,
}

/// One page of a collection. `next_token` is left out on the last page: the schema types it
/// as a string, so `null` would not be a faithful answer.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub records: Vec<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}
