//! WHOOP's records as a broken or hostile server might send them (the app can't
//! choose what reaches it): fields missing, null, of the wrong type, extra, huge or negative numbers, dates at
//! the ends of the calendar, offsets that aren't. A record that doesn't decode is a typed
//! error; one that does never panics the nights or metrics, and no value reaches Notion or the
//! notification that no night can have (infinite, absurdly large, a negative duration).

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Map, Value};
use sync_engine::mapping::encode::encode;
use sync_engine::mapping::{DurationUnit, MappedProperty};
use sync_engine::metrics::{format_value, metric, metric_values, MetricValue};
use sync_engine::nights::{assemble, DayRange, DayState};
use sync_engine::{ClockStyle, Height, Temperature, Units, Weight};
use whoop_client::{Cycle, Recovery, Sleep};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Numbers as JSON can carry them: ordinary, negative, huge, fractional.
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0i64..100_000_000).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        prop_oneof![
            Just(1e308),
            Just(-1e308),
            Just(f64::MAX),
            Just(f64::MIN_POSITIVE)
        ]
        .prop_map(Value::from),
        Just(json!(u64::MAX)),
    ]
}

/// Any JSON, small.
fn anything() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        number(),
        ".{0,10}".prop_map(Value::from),
        Just(json!([])),
        Just(json!({})),
    ]
}

/// A timestamp near the test's days, or anywhere chrono can write.
fn timestamp() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => (0i64..20 * 86_400).prop_map(|s| json!(chrono::DateTime::from_timestamp(1_773_100_000 + s, 0).unwrap().to_rfc3339())),
        1 => (-8_000_000_000_000i64..8_000_000_000_000).prop_map(|s| {
            json!(chrono::DateTime::from_timestamp(s, 0).map(|t| t.to_rfc3339()).unwrap_or_default())
        }),
        1 => anything(),
    ]
}

/// A record's envelope (ids, times, state): as WHOOP sends it half the time, so that the
/// numbers inside get to the nights and metrics; otherwise mangled.
fn envelope(good: Value) -> BoxedStrategy<Value> {
    prop_oneof![Just(good.clone()), mangled(good, field)].boxed()
}

/// `good` with each field kept (mostly), dropped, nulled or replaced, plus extra fields.
fn mangled(good: Value, field: impl Fn(&str) -> BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    let Value::Object(fields) = good else {
        unreachable!()
    };
    let per_field: Vec<BoxedStrategy<(String, Option<Value>)>> = fields
        .into_iter()
        .map(|(key, value)| {
            let k = key.clone();
            prop_oneof![
                6 => Just(Some(value)),
                1 => Just(None),
                1 => Just(Some(Value::Null)),
                2 => field(&k).prop_map(Some),
            ]
            .prop_map(move |v| (key.clone(), v))
            .boxed()
        })
        .collect();
    (
        per_field,
        prop::collection::btree_map("[a-z_]{1,10}", anything(), 0..2),
    )
        .prop_map(|(fields, extra)| {
            let mut out: Map<String, Value> = extra.into_iter().collect();
            out.extend(fields.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
            Value::Object(out)
        })
        .boxed()
}

fn field(key: &str) -> BoxedStrategy<Value> {
    match key {
        "start" | "end" | "created_at" | "updated_at" => timestamp().boxed(),
        "timezone_offset" => prop_oneof![
            Just(json!("-05:00")),
            Just(json!("+14:00")),
            Just(json!("Z")),
            "[+-]?[0-9:]{0,6}".prop_map(Value::from),
            ".{0,6}".prop_map(Value::from),
        ]
        .boxed(),
        "score_state" => prop_oneof![
            Just(json!("SCORED")),
            Just(json!("PENDING_SCORE")),
            Just(json!("UNSCORABLE")),
            "[A-Z_]{0,12}".prop_map(Value::from),
        ]
        .boxed(),
        "score" | "stage_summary" | "sleep_needed" => anything().boxed(),
        _ => prop_oneof![number(), anything()].boxed(),
    }
}

fn score(fields: &[&str]) -> BoxedStrategy<Value> {
    let good: Map<String, Value> = fields.iter().map(|f| (f.to_string(), json!(1))).collect();
    mangled(Value::Object(good), |_| {
        prop_oneof![3 => number(), 1 => anything()].boxed()
    })
}

fn sleep(n: u32) -> BoxedStrategy<Value> {
    let good = json!({
        "id": format!("s{n}"), "cycle_id": n, "user_id": 1,
        "created_at": "2026-03-15T12:00:00Z", "updated_at": "2026-03-15T12:00:00Z",
        "start": "2026-03-15T04:00:00Z", "end": "2026-03-15T12:00:00Z",
        "timezone_offset": "-05:00", "nap": n == 3, "score_state": "SCORED", "score": {}
    });
    let stages = score(&[
        "total_in_bed_time_milli",
        "total_awake_time_milli",
        "total_no_data_time_milli",
        "total_light_sleep_time_milli",
        "total_slow_wave_sleep_time_milli",
        "total_rem_sleep_time_milli",
        "sleep_cycle_count",
        "disturbance_count",
    ]);
    let need = score(&[
        "baseline_milli",
        "need_from_sleep_debt_milli",
        "need_from_recent_strain_milli",
        "need_from_recent_nap_milli",
    ]);
    let rest = score(&[
        "respiratory_rate",
        "sleep_performance_percentage",
        "sleep_consistency_percentage",
        "sleep_efficiency_percentage",
    ]);
    (envelope(good), stages, need, rest)
        .prop_map(|(mut sleep, stages, need, mut score)| {
            if sleep.get("score").is_some_and(Value::is_object) {
                score["stage_summary"] = stages;
                score["sleep_needed"] = need;
                sleep["score"] = score;
            }
            sleep
        })
        .boxed()
}

fn recovery(n: u32) -> BoxedStrategy<Value> {
    let good = json!({
        "cycle_id": n, "sleep_id": format!("s{n}"), "user_id": 1,
        "created_at": "2026-03-15T12:00:00Z", "updated_at": "2026-03-15T12:00:00Z",
        "score_state": "SCORED", "score": {}
    });
    let numbers = score(&[
        "user_calibrating",
        "recovery_score",
        "resting_heart_rate",
        "hrv_rmssd_milli",
        "spo2_percentage",
        "skin_temp_celsius",
    ]);
    (envelope(good), numbers)
        .prop_map(|(mut recovery, numbers)| {
            if recovery.get("score").is_some_and(Value::is_object) {
                recovery["score"] = numbers;
            }
            recovery
        })
        .boxed()
}

fn cycle(n: u32) -> BoxedStrategy<Value> {
    let good = json!({
        "id": n, "user_id": 1, "created_at": "2026-03-14T12:00:00Z",
        "updated_at": "2026-03-15T12:00:00Z", "start": "2026-03-14T12:00:00Z",
        "end": "2026-03-15T12:00:00Z", "timezone_offset": "-05:00", "score_state": "SCORED",
        "score": {}
    });
    let numbers = score(&[
        "strain",
        "kilojoule",
        "average_heart_rate",
        "max_heart_rate",
    ]);
    (envelope(good), numbers)
        .prop_map(|(mut cycle, numbers)| {
            if cycle.get("score").is_some_and(Value::is_object) {
                cycle["score"] = numbers;
            }
            cycle
        })
        .boxed()
}

/// Decodes what decodes, as the client does with a page (the rest is a typed error).
fn decoded<T: serde::de::DeserializeOwned>(values: &[Value]) -> Vec<T> {
    values
        .iter()
        .filter_map(|v| match serde_json::from_value::<T>(v.clone()) {
            Ok(record) => Some(record),
            Err(e) => {
                assert!(!e.to_string().is_empty());
                None
            }
        })
        .collect()
}

fn schema(kind: &str, format: Option<&str>) -> notion_client::PropertySchema {
    notion_client::PropertySchema {
        id: "p".into(),
        name: "P".into(),
        kind: kind.into(),
        number_format: format.map(String::from),
        options: Vec::new(),
        ..Default::default()
    }
}

#[test]
fn any_records_whoop_sends_give_nights_whose_values_a_night_can_have() {
    let records = (
        prop::collection::vec((0u32..4).prop_flat_map(sleep), 1..5),
        prop::collection::vec((0u32..4).prop_flat_map(recovery), 0..4),
        prop::collection::vec((0u32..4).prop_flat_map(cycle), 0..4),
    );
    let range = DayRange::new(day("2026-03-10"), day("2026-03-25")).unwrap();
    let units = [
        Units {
            clock: ClockStyle::H12,
            temperature: Temperature::Fahrenheit,
            weight: Weight::Pounds,
            height: Height::Inches,
        },
        Units {
            clock: ClockStyle::H24,
            temperature: Temperature::Celsius,
            ..Units::default()
        },
    ];
    let mut runner = TestRunner::new(Config {
        cases: 128,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&records, |(sleeps, recoveries, cycles)| {
            let sleeps: Vec<Sleep> = decoded(&sleeps);
            let recoveries: Vec<Recovery> = decoded(&recoveries);
            let cycles: Vec<Cycle> = decoded(&cycles);
            let days = assemble(
                range,
                day("2026-03-25"),
                &recoveries,
                &sleeps,
                &cycles,
                None,
            );
            for state in days.values() {
                let DayState::Ready(night) = state else {
                    continue;
                };
                for (key, value) in metric_values(night) {
                    match &value {
                        MetricValue::Number(n) => {
                            prop_assert!(n.is_finite() && n.abs() <= 1e6, "{key}: {n}")
                        }
                        MetricValue::DurationMs(ms) => {
                            prop_assert!((0..=48 * 3_600_000).contains(ms), "{key}: {ms}")
                        }
                        MetricValue::Clock(_) => {}
                    }
                    let metric = metric(key).unwrap();
                    for units in &units {
                        let text = format_value(metric, &value, units);
                        prop_assert!(!text.is_empty());
                        prop_assert!(
                            !text.contains("inf") && !text.contains("NaN"),
                            "{key}: {text}"
                        );
                    }
                    for (kind, format) in [
                        ("number", None),
                        ("number", Some("percent")),
                        ("rich_text", None),
                        ("date", None),
                    ] {
                        for unit in [
                            DurationUnit::Ms,
                            DurationUnit::Minutes,
                            DurationUnit::Hours,
                            DurationUnit::Text,
                        ] {
                            let mapped = MappedProperty {
                                id: "p".into(),
                                name: "P".into(),
                                unit: Some(unit),
                                temperature: Some(Temperature::Fahrenheit),
                                weight: Some(Weight::Pounds),
                                height: Some(Height::Inches),
                            };
                            if let Some(written) =
                                encode(metric, &value, &schema(kind, format), &mapped)
                            {
                                if let Some(n) = written.get("number") {
                                    prop_assert!(
                                        n.as_f64().is_some_and(f64::is_finite),
                                        "{key}: {written}"
                                    );
                                }
                            }
                        }
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}
