//! A workout's values by field, in WHOOP's units; a field WHOOP didn't send is absent, so its
//! cell keeps what it has.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use whoop_client::{ScoreState, Workout};

use super::WorkoutField;
use crate::metrics::round_to;

/// The largest number a workout can mean (kilojoules of a very long race are some
/// thousands); beyond it an answer is broken and the value is left out.
const MAX_NUMBER: f64 = 1e6;
/// The longest a workout (or one of its zones) can last: two days.
const MAX_DURATION_MS: i64 = 48 * 3_600_000;
/// Metres in a kilometre and in a mile.
const KM: f64 = 1_000.0;
const MILE: f64 = 1_609.344;

#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    /// Already rounded to the field's decimals.
    Number(f64),
    DurationMs(i64),
    /// The start, in the offset the workout was recorded in.
    Start(DateTime<FixedOffset>),
}

impl FieldValue {
    /// The value as the history keeps it: numbers as numbers (durations in ms), the start
    /// as RFC 3339 with its offset, text as text.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            FieldValue::Text(text) => serde_json::json!(text),
            FieldValue::Number(n) => serde_json::json!(n),
            FieldValue::DurationMs(ms) => serde_json::json!(ms),
            FieldValue::Start(t) => serde_json::json!(t.to_rfc3339()),
        }
    }
}

/// The values of `workout` (the link to its day is the plan's, which knows the day's page).
pub fn workout_values(workout: &Workout) -> BTreeMap<WorkoutField, FieldValue> {
    let mut out = BTreeMap::new();
    let offset = workout
        .offset()
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero"));
    out.insert(
        WorkoutField::Start,
        FieldValue::Start(workout.start.with_timezone(&offset)),
    );
    out.insert(WorkoutField::WhoopId, FieldValue::Text(workout.id.clone()));
    out.insert(
        WorkoutField::Sport,
        FieldValue::Text(sport_label(&workout.sport_name)),
    );
    let duration = workout.duration().num_milliseconds();
    if (0..=MAX_DURATION_MS).contains(&duration) {
        out.insert(WorkoutField::Duration, FieldValue::DurationMs(duration));
    }
    // Only a scored workout has numbers; one WHOOP is still scoring gets them later.
    let score = (workout.score_state == ScoreState::Scored)
        .then_some(workout.score.as_ref())
        .flatten();
    let Some(score) = score else {
        return out;
    };
    let mut number = |field: WorkoutField, value: Option<f64>| {
        if let Some(v) = value.filter(|v| v.is_finite() && v.abs() <= MAX_NUMBER) {
            out.insert(field, FieldValue::Number(round_to(v, field.decimals())));
        }
    };
    number(WorkoutField::Strain, score.strain);
    number(WorkoutField::AverageHeartRate, score.average_heart_rate);
    number(WorkoutField::MaxHeartRate, score.max_heart_rate);
    number(WorkoutField::EnergyKj, score.kilojoule);
    // 1 kcal = 4.184 kJ, as for the day's energy.
    number(
        WorkoutField::EnergyKcal,
        score.kilojoule.map(|kj| kj / 4.184),
    );
    number(
        WorkoutField::DistanceKm,
        score.distance_meter.map(|m| m / KM),
    );
    number(
        WorkoutField::DistanceMi,
        score.distance_meter.map(|m| m / MILE),
    );
    if let Some(zones) = &score.zone_durations {
        for (field, ms) in WorkoutField::ZONES.into_iter().zip(zones.as_array()) {
            if let Some(ms) = ms.filter(|ms| (0..=MAX_DURATION_MS).contains(ms)) {
                out.insert(field, FieldValue::DurationMs(ms));
            }
        }
    }
    out
}

/// WHOOP's lowercase sport name as a person writes it: `functional-fitness` →
/// "Functional Fitness".
pub fn sport_label(sport_name: &str) -> String {
    let words: Vec<String> = sport_name
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect();
    if words.is_empty() {
        "Workout".to_string()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use whoop_client::{WorkoutScore, ZoneDurations};

    fn workout(state: ScoreState, score: Option<WorkoutScore>) -> Workout {
        Workout {
            id: "4a8f1c1e-0000-4000-8000-000000000001".into(),
            user_id: 1,
            created_at: Utc.with_ymd_and_hms(2026, 11, 24, 7, 0, 0).unwrap(),
            updated_at: Utc.with_ymd_and_hms(2026, 11, 24, 7, 0, 0).unwrap(),
            start: Utc.with_ymd_and_hms(2026, 11, 24, 5, 10, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 11, 24, 6, 2, 30).unwrap(),
            timezone_offset: "+02:00".into(),
            sport_name: "functional-fitness".into(),
            score_state: state,
            score,
        }
    }

    #[test]
    fn a_scored_workout_gives_every_field_in_whoops_units() {
        let score = WorkoutScore {
            strain: Some(11.234),
            average_heart_rate: Some(141.0),
            max_heart_rate: Some(178.0),
            kilojoule: Some(1_673.6),
            percent_recorded: Some(1.0),
            distance_meter: Some(8_046.72),
            altitude_gain_meter: None,
            altitude_change_meter: None,
            zone_durations: Some(ZoneDurations {
                zone_zero_milli: Some(60_000),
                zone_one_milli: Some(300_000),
                zone_two_milli: Some(900_000),
                zone_three_milli: Some(1_200_000),
                zone_four_milli: Some(600_000),
                zone_five_milli: None,
            }),
        };
        let values = workout_values(&workout(ScoreState::Scored, Some(score)));
        let start = values[&WorkoutField::Start].clone();
        let FieldValue::Start(start) = start else {
            panic!("start is a moment")
        };
        assert_eq!(start.to_rfc3339(), "2026-11-24T07:10:00+02:00");
        assert_eq!(
            values[&WorkoutField::Sport],
            FieldValue::Text("Functional Fitness".into())
        );
        assert_eq!(
            values[&WorkoutField::Duration],
            FieldValue::DurationMs(52 * 60_000 + 30_000)
        );
        assert_eq!(values[&WorkoutField::Strain], FieldValue::Number(11.2));
        assert_eq!(values[&WorkoutField::EnergyKcal], FieldValue::Number(400.0));
        assert_eq!(values[&WorkoutField::DistanceKm], FieldValue::Number(8.05));
        assert_eq!(values[&WorkoutField::DistanceMi], FieldValue::Number(5.0));
        assert_eq!(
            values[&WorkoutField::Zone3],
            FieldValue::DurationMs(1_200_000)
        );
        // WHOOP sent no zone 5: its cell keeps what it has.
        assert!(!values.contains_key(&WorkoutField::Zone5));
        assert!(!values.contains_key(&WorkoutField::Day));
    }

    #[test]
    fn a_workout_being_scored_or_unscorable_has_no_numbers_and_no_gps_has_no_distance() {
        for state in [ScoreState::PendingScore, ScoreState::Unscorable] {
            let values = workout_values(&workout(state, Some(WorkoutScore::default())));
            let keys: Vec<WorkoutField> = values.keys().copied().collect();
            assert_eq!(
                keys,
                [
                    WorkoutField::Start,
                    WorkoutField::WhoopId,
                    WorkoutField::Sport,
                    WorkoutField::Duration
                ]
            );
        }
        let no_gps = WorkoutScore {
            strain: Some(f64::NAN),
            ..Default::default()
        };
        let values = workout_values(&workout(ScoreState::Scored, Some(no_gps)));
        assert!(!values.contains_key(&WorkoutField::DistanceKm));
        assert!(!values.contains_key(&WorkoutField::Strain));
    }

    #[test]
    fn sport_names_read_as_words() {
        assert_eq!(sport_label("running"), "Running");
        assert_eq!(sport_label("functional-fitness"), "Functional Fitness");
        assert_eq!(sport_label(""), "Workout");
    }
}
