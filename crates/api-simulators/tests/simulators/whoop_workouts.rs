//! Generated workouts: the nights are untouched by them, and every seed has the planted cases
//! (days with none and with two, pending, unscorable, past local midnight, abroad) with
//! realistic numbers and WHOOP's nulls.

use std::collections::{BTreeMap, BTreeSet};

use api_simulators::whoop::{Dataset, GenerateOptions, ScoreState, Workout};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 20).unwrap()
}

fn opts(seed: u64) -> GenerateOptions {
    GenerateOptions {
        pending_today: true,
        ..GenerateOptions::new(seed, today(), 60)
    }
}

/// `Z`, `+hh:mm` or `-hh:mm` to minutes, parsed here without the generator's code.
fn offset_minutes(tz: &str) -> i64 {
    if tz == "Z" {
        return 0;
    }
    let sign = if tz.starts_with('-') { -1 } else { 1 };
    let (h, m) = tz[1..].split_once(':').expect("hh:mm");
    sign * (h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap())
}

fn local(t: DateTime<Utc>, tz: &str) -> NaiveDateTime {
    t.naive_utc() + Duration::minutes(offset_minutes(tz))
}

#[test]
fn the_nights_are_the_same_with_or_without_workouts() {
    for seed in 0..10 {
        let with = Dataset::generate(&opts(seed));
        let without = Dataset::generate(&GenerateOptions {
            workouts: false,
            ..opts(seed)
        });
        assert!(without.workouts.is_empty() && without.workout_truth.is_empty());
        assert!(!with.workouts.is_empty());
        assert_eq!(with.sleeps, without.sleeps, "seed {seed}");
        assert_eq!(with.recoveries, without.recoveries, "seed {seed}");
        assert_eq!(with.cycles, without.cycles, "seed {seed}");
        assert_eq!(with.truth, without.truth, "seed {seed}");
    }
}

#[test]
fn same_seed_same_workouts_other_seed_other_workouts() {
    let (a, b) = (Dataset::generate(&opts(1)), Dataset::generate(&opts(1)));
    assert_eq!(a.workouts, b.workouts);
    assert_eq!(a.workout_truth, b.workout_truth);
    let c = Dataset::generate(&opts(2));
    assert_ne!(a.workouts[0].id, c.workouts[0].id);
}

#[test]
fn every_seed_has_the_planted_cases() {
    for seed in 0..20 {
        let ds = Dataset::generate(&opts(seed));
        assert_eq!(ds.workouts.len(), ds.workout_truth.len());
        let mut per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
        for (w, t) in ds.workouts.iter().zip(&ds.workout_truth) {
            assert_eq!(w.id, t.workout_id);
            assert_eq!(w.score_state, t.state);
            // The truth's day is the local date of the start, in the workout's own offset.
            assert_eq!(
                local(w.start, &w.timezone_offset).date(),
                t.day,
                "seed {seed}"
            );
            *per_day.entry(t.day).or_default() += 1;
            assert_eq!(
                t.crosses_midnight,
                local(w.end, &w.timezone_offset).date() > t.day,
                "seed {seed} {}",
                w.id
            );
        }
        let days: BTreeSet<NaiveDate> = (0..60).map(|d| today() - Duration::days(d)).collect();
        assert!(
            days.iter().any(|d| !per_day.contains_key(d)),
            "seed {seed}: a day without a workout"
        );
        assert!(
            per_day.values().any(|n| *n >= 2),
            "seed {seed}: a day with two"
        );
        let states: BTreeSet<&str> = ds.workouts.iter().map(|w| w.score_state.as_str()).collect();
        assert_eq!(
            states,
            ["PENDING_SCORE", "SCORED", "UNSCORABLE"].into(),
            "seed {seed}"
        );
        // Only the newest workout, of today, is still being scored.
        let pending: Vec<&Workout> = ds
            .workouts
            .iter()
            .filter(|w| w.score_state == ScoreState::PendingScore)
            .collect();
        assert_eq!(pending.len(), 1, "seed {seed}");
        assert_eq!(pending[0].id, ds.workouts.last().unwrap().id);
        assert!(
            ds.workout_truth.iter().any(|t| t.crosses_midnight),
            "seed {seed}"
        );
        let abroad: Vec<&Workout> = ds
            .workouts
            .iter()
            .zip(&ds.workout_truth)
            .filter(|(_, t)| t.abroad)
            .map(|(w, _)| w)
            .collect();
        assert!(!abroad.is_empty(), "seed {seed}: a workout abroad");
        let home = &ds.workouts.last().unwrap().timezone_offset;
        assert!(abroad.iter().all(|w| &w.timezone_offset != home));
        let sports: BTreeSet<&str> = ds.workouts.iter().map(|w| w.sport_name.as_str()).collect();
        assert!(sports.len() >= 5, "seed {seed}: {sports:?}");
    }
}

#[test]
fn workouts_keep_clear_of_sleeps_and_of_each_other() {
    for seed in 0..20 {
        let ds = Dataset::generate(&opts(seed));
        for w in &ds.workouts {
            assert!(w.start < w.end);
            for s in &ds.sleeps {
                assert!(
                    w.end <= s.start || s.end <= w.start,
                    "seed {seed}: workout {} overlaps sleep {}",
                    w.id,
                    s.id
                );
            }
        }
        for pair in ds.workouts.windows(2) {
            assert!(
                pair[0].end <= pair[1].start,
                "seed {seed}: oldest first, apart"
            );
        }
    }
}

#[test]
fn scores_are_realistic_and_null_where_whoop_sends_null() {
    let mut null_distance = 0;
    let mut with_distance = 0;
    for seed in 0..10 {
        let ds = Dataset::generate(&opts(seed));
        for w in &ds.workouts {
            assert!(w.created_at >= w.end && w.updated_at >= w.created_at);
            assert_eq!(w.v1_id, None);
            let json = serde_json::to_value(w).unwrap();
            // WHOOP sends the legacy id's key with null.
            assert!(json["v1_id"].is_null() && json.get("v1_id").is_some());
            let Some(s) = &w.score else {
                assert_ne!(w.score_state, ScoreState::Scored);
                assert!(json.get("score").is_none(), "no score key unless scored");
                continue;
            };
            assert_eq!(w.score_state, ScoreState::Scored);
            assert!((0.0..=21.0).contains(&s.strain), "{}", s.strain);
            assert!(s.average_heart_rate >= 60 && s.average_heart_rate < s.max_heart_rate);
            assert!(s.max_heart_rate <= 200);
            assert!(s.kilojoule > 0.0);
            assert!(s.percent_recorded > 0.85 && s.percent_recorded <= 1.0);
            let millis = (w.end - w.start).num_milliseconds();
            let zones = s.zone_durations.total_milli();
            assert!(zones <= millis && zones as f64 >= millis as f64 * s.percent_recorded - 20.0);
            let gps = ["running", "cycling", "walking"].contains(&w.sport_name.as_str());
            match s.distance_meter {
                None => {
                    null_distance += 1;
                    assert_eq!(s.altitude_gain_meter, None);
                    assert_eq!(s.altitude_change_meter, None);
                    for key in [
                        "distance_meter",
                        "altitude_gain_meter",
                        "altitude_change_meter",
                    ] {
                        assert!(json["score"][key].is_null(), "{key} is sent as null");
                        assert!(json["score"].get(key).is_some(), "{key} is sent");
                    }
                }
                Some(d) => {
                    with_distance += 1;
                    assert!(gps, "{} has no GPS", w.sport_name);
                    assert!(d > 500.0, "{d}");
                    assert!(s.altitude_gain_meter.unwrap() >= 0.0);
                }
            }
            if w.sport_name == "weightlifting" {
                assert_eq!(s.distance_meter, None);
            }
        }
    }
    assert!(null_distance > 20 && with_distance > 20);
}

#[test]
fn as_of_now_every_workout_has_ended_and_none_is_pending() {
    for hour in [5, 9, 13, 18, 23] {
        let now = DateTime::parse_from_rfc3339(&format!("2026-12-07T{hour:02}:17:00Z"))
            .unwrap()
            .with_timezone(&Utc);
        let ds = Dataset::generate(&GenerateOptions::as_of(11, now, -300, 30));
        assert!(!ds.workouts.is_empty());
        for w in &ds.workouts {
            assert!(w.end < now && w.created_at <= now + Duration::minutes(10));
            assert_ne!(w.score_state, ScoreState::PendingScore);
        }
    }
}

#[test]
fn short_histories_still_generate() {
    for days in [1, 2, 3, 5, 8] {
        let ds = Dataset::generate(&GenerateOptions::new(4, today(), days));
        assert_eq!(ds.workouts.len(), ds.workout_truth.len());
        let first = today() - Duration::days(days as i64 - 1);
        assert!(ds
            .workout_truth
            .iter()
            .all(|t| t.day >= first && t.day <= today()));
    }
}

#[test]
fn late_scoring_rescoring_and_deleting_a_workout() {
    let mut ds = Dataset::generate(&opts(5));
    let now = Utc::now();
    let pending = ds.workouts.last().unwrap().clone();
    assert_eq!(pending.score_state, ScoreState::PendingScore);
    assert!(ds.score_workout(&pending.id, now));
    assert!(!ds.score_workout(&pending.id, now), "already scored");
    let scored = ds.workout(&pending.id).unwrap().clone();
    assert_eq!(scored.score_state, ScoreState::Scored);
    assert!(scored.score.is_some());
    assert!(scored.updated_at > pending.updated_at);
    assert_eq!(ds.workout_truth.last().unwrap().state, ScoreState::Scored);

    let before = ds.workouts[3].clone();
    assert!(ds.rescore_workout(&before.id, 14.5, now + Duration::seconds(5)));
    let after = ds.workout(&before.id).unwrap();
    assert_eq!(after.score.as_ref().unwrap().strain, 14.5);
    assert!(after.updated_at > before.updated_at);

    assert!(ds.delete_workout(&before.id));
    assert!(!ds.delete_workout(&before.id));
    assert!(ds.workout(&before.id).is_none());
    assert!(ds.workout_truth.iter().all(|t| t.workout_id != before.id));
    assert!(!ds.rescore_workout(&before.id, 3.0, now));
}
