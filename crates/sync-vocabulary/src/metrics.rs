//! The metrics a night yields, each with a stable key ([`MetricKey`]), and how their values
//! read. Values are rounded to the precision the WHOOP app displays, so the row in Notion shows
//! the same numbers the user sees in WHOOP. Which values a night has is the engine's business.

use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::units::Units;

/// Declares [`MetricKey`] with its [`MetricKey::ALL`] and the name of each key, written once.
macro_rules! metric_keys {
    ($($key:ident = $name:literal,)*) => {
        /// A metric's key, as the settings (the mapping), the history (`values_json`), the
        /// window and the CLI write it: `recovery_score`, `hrv`, …
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum MetricKey {
            $(#[serde(rename = $name)] $key,)*
        }

        impl MetricKey {
            /// Every key, in the order the UI lists the metrics.
            pub const ALL: [MetricKey; [$($name),*].len()] = [$(MetricKey::$key),*];

            /// The key as written (`"recovery_score"`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(MetricKey::$key => $name,)*
                }
            }
        }
    };
}

metric_keys! {
    RecoveryScore = "recovery_score",
    RestingHeartRate = "resting_heart_rate",
    Hrv = "hrv",
    Spo2 = "spo2",
    SkinTemp = "skin_temp",
    SleepTime = "sleep_time",
    TimeInBed = "time_in_bed",
    LightSleep = "light_sleep",
    DeepSleep = "deep_sleep",
    RemSleep = "rem_sleep",
    AwakeTime = "awake_time",
    SleepEfficiency = "sleep_efficiency",
    SleepPerformance = "sleep_performance",
    SleepConsistency = "sleep_consistency",
    RespiratoryRate = "respiratory_rate",
    Disturbances = "disturbances",
    SleepCycles = "sleep_cycles",
    SleepNeed = "sleep_need",
    NapCount = "nap_count",
    NapTime = "nap_time",
    Bedtime = "bedtime",
    WakeTime = "wake_time",
    DayStrain = "day_strain",
    EnergyKj = "energy_kj",
    EnergyKcal = "energy_kcal",
    AverageHeartRate = "average_heart_rate",
    MaxHeartRate = "max_heart_rate",
    WorkoutCount = "workout_count",
    WorkoutStrain = "workout_strain",
    ActiveEnergyKj = "active_energy_kj",
    ActiveEnergyKcal = "active_energy_kcal",
    BodyWeight = "body_weight",
    BodyHeight = "body_height",
    BodyMaxHeartRate = "body_max_heart_rate",
}

impl MetricKey {
    /// The key written `name`, if there is one.
    pub fn parse(name: &str) -> Option<MetricKey> {
        Self::ALL.into_iter().find(|key| key.as_str() == name)
    }

    /// The metric of this key.
    pub fn metric(self) -> &'static Metric {
        METRICS
            .iter()
            .find(|m| m.key == self)
            .expect("every key has its metric")
    }
}

impl fmt::Display for MetricKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// 0–100; written as a fraction into a number property formatted as percent.
    Percent,
    /// Milliseconds; written in the unit the user picked.
    Duration,
    Number,
    Count,
    /// A moment (bedtime, wake time) in the sleep's own offset.
    Clock,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Metric {
    pub key: MetricKey,
    pub label: &'static str,
    pub kind: MetricKind,
    /// Decimal places WHOOP displays.
    pub decimals: u32,
    /// Unit shown after the number in text ("bpm", "ms", "°C", …); empty for none.
    pub unit: &'static str,
    /// Lower-case words a property name may use for this metric (for `mapping auto`).
    #[serde(skip)]
    pub synonyms: &'static [&'static str],
}

const fn m(
    key: MetricKey,
    label: &'static str,
    kind: MetricKind,
    decimals: u32,
    unit: &'static str,
    synonyms: &'static [&'static str],
) -> Metric {
    Metric {
        key,
        label,
        kind,
        decimals,
        unit,
        synonyms,
    }
}

use MetricKind::{Clock, Count, Duration, Number, Percent};

/// Every metric, in the order the UI lists them.
pub static METRICS: &[Metric] = &[
    m(
        MetricKey::RecoveryScore,
        "Recovery",
        Percent,
        0,
        "%",
        &["recovery", "recovery score", "recovery %"],
    ),
    m(
        MetricKey::RestingHeartRate,
        "Resting heart rate",
        Number,
        0,
        "bpm",
        &["resting heart rate", "resting hr", "rhr"],
    ),
    m(
        MetricKey::Hrv,
        "HRV",
        Number,
        0,
        "ms",
        &["hrv", "heart rate variability", "hrv (ms)"],
    ),
    m(
        MetricKey::Spo2,
        "Blood oxygen (SpO2)",
        Percent,
        1,
        "%",
        &["spo2", "blood oxygen", "oxygen"],
    ),
    m(
        MetricKey::SkinTemp,
        "Skin temperature",
        Number,
        1,
        "°C",
        &["skin temp", "skin temperature", "skin temp (°c)"],
    ),
    m(
        MetricKey::SleepTime,
        "Time asleep",
        Duration,
        0,
        "",
        &[
            "time asleep",
            "time asleep (h)",
            "asleep",
            "sleep time",
            "total sleep",
            "sleep duration",
            "sleep (h)",
            "hours slept",
            "sleep hours",
            "sleep",
        ],
    ),
    m(
        MetricKey::TimeInBed,
        "Time in bed",
        Duration,
        0,
        "",
        &["time in bed", "in bed"],
    ),
    m(
        MetricKey::LightSleep,
        "Light sleep",
        Duration,
        0,
        "",
        &["light sleep", "light"],
    ),
    m(
        MetricKey::DeepSleep,
        "Deep (slow wave) sleep",
        Duration,
        0,
        "",
        &["deep sleep", "deep", "slow wave sleep", "sws"],
    ),
    m(
        MetricKey::RemSleep,
        "REM sleep",
        Duration,
        0,
        "",
        &["rem sleep", "rem"],
    ),
    m(
        MetricKey::AwakeTime,
        "Awake time",
        Duration,
        0,
        "",
        &["awake", "awake time", "time awake"],
    ),
    m(
        MetricKey::SleepEfficiency,
        "Sleep efficiency",
        Percent,
        0,
        "%",
        &["sleep efficiency", "efficiency"],
    ),
    m(
        MetricKey::SleepPerformance,
        "Sleep performance",
        Percent,
        0,
        "%",
        &["sleep performance", "performance", "sleep score"],
    ),
    m(
        MetricKey::SleepConsistency,
        "Sleep consistency",
        Percent,
        0,
        "%",
        &["sleep consistency", "consistency"],
    ),
    m(
        MetricKey::RespiratoryRate,
        "Respiratory rate",
        Number,
        1,
        "rpm",
        &["respiratory rate", "respiration", "breathing rate"],
    ),
    m(
        MetricKey::Disturbances,
        "Disturbances",
        Count,
        0,
        "",
        &["disturbances", "disturbance count", "wake ups"],
    ),
    m(
        MetricKey::SleepCycles,
        "Sleep cycles",
        Count,
        0,
        "",
        &["sleep cycles", "cycles"],
    ),
    m(
        MetricKey::SleepNeed,
        "Sleep needed",
        Duration,
        0,
        "",
        &["sleep need", "sleep needed"],
    ),
    // Naps stay out of the night's numbers above; these two are the day's naps on their own.
    m(
        MetricKey::NapCount,
        "Naps",
        Count,
        0,
        "",
        &["naps", "nap count", "number of naps"],
    ),
    m(
        MetricKey::NapTime,
        "Nap time",
        Duration,
        0,
        "",
        &["nap time", "nap", "nap duration", "time napping"],
    ),
    m(
        MetricKey::Bedtime,
        "Bedtime",
        Clock,
        0,
        "",
        &["bedtime", "bed time", "went to bed", "sleep start"],
    ),
    m(
        MetricKey::WakeTime,
        "Wake time",
        Clock,
        0,
        "",
        &["wake time", "wake", "woke up", "wake up", "sleep end"],
    ),
    m(
        MetricKey::DayStrain,
        "Day strain",
        Number,
        1,
        "",
        &["strain", "day strain"],
    ),
    m(
        MetricKey::EnergyKj,
        "Energy (kJ)",
        Number,
        0,
        "kJ",
        &["kilojoules", "energy (kj)", "kj"],
    ),
    m(
        MetricKey::EnergyKcal,
        "Calories (kcal)",
        Number,
        0,
        "kcal",
        &["calories", "kcal", "energy (kcal)", "energy"],
    ),
    m(
        MetricKey::AverageHeartRate,
        "Average heart rate",
        Number,
        0,
        "bpm",
        &["average heart rate", "avg hr", "average hr"],
    ),
    m(
        MetricKey::MaxHeartRate,
        "Max heart rate",
        Number,
        0,
        "bpm",
        &["max heart rate", "max hr"],
    ),
    // The day's workouts (those that start on it, in their own offset), read only when one of
    // these is mapped and the WHOOP sign-in allows workouts.
    m(
        MetricKey::WorkoutCount,
        "Workouts",
        Count,
        0,
        "",
        &[
            "workouts",
            "workout count",
            "number of workouts",
            "activities",
        ],
    ),
    m(
        MetricKey::WorkoutStrain,
        "Workout strain",
        Number,
        1,
        "",
        &["workout strain", "activity strain", "training strain"],
    ),
    m(
        MetricKey::ActiveEnergyKj,
        "Active energy (kJ)",
        Number,
        0,
        "kJ",
        &["active energy (kj)", "workout energy (kj)", "active kj"],
    ),
    m(
        MetricKey::ActiveEnergyKcal,
        "Active calories (kcal)",
        Number,
        0,
        "kcal",
        &[
            "active calories",
            "active energy",
            "active energy (kcal)",
            "workout calories",
            "active kcal",
        ],
    ),
    // The body measurement (the user's profile in WHOOP, which keeps no history of it): read
    // only when one of these is mapped, and written on the day it was read, never on a past
    // day. Weight and height keep grams and millimetres, so that pounds and inches round
    // right; they are shown and written in each unit's own decimals.
    m(
        MetricKey::BodyWeight,
        "Weight",
        Number,
        2,
        "kg",
        &[
            "weight",
            "body weight",
            "weight (kg)",
            "weight (lb)",
            "weight (lbs)",
        ],
    ),
    m(
        MetricKey::BodyHeight,
        "Height",
        Number,
        3,
        "m",
        &[
            "height",
            "body height",
            "height (cm)",
            "height (in)",
            "height (m)",
        ],
    ),
    // Not the day's highest heart rate (`max_heart_rate`, from the cycle): the maximum WHOOP
    // calculated for the user, which its heart-rate zones are shares of.
    m(
        MetricKey::BodyMaxHeartRate,
        "Estimated max heart rate",
        Number,
        0,
        "bpm",
        &[
            "estimated max heart rate",
            "max heart rate (body)",
            "body max heart rate",
            "hr max",
        ],
    ),
];

impl Metric {
    /// A temperature WHOOP gives in °C (skin temperature): shown and written in °C or °F.
    pub fn is_temperature(&self) -> bool {
        self.unit == "°C"
    }

    /// A weight WHOOP gives in kilograms (the body's): shown and written in kg or lb.
    pub fn is_weight(&self) -> bool {
        self.unit == "kg"
    }

    /// A height WHOOP gives in metres (the body's): shown and written in cm, m or in.
    pub fn is_height(&self) -> bool {
        self.unit == "m"
    }
}

/// The metric of `key` as written in the settings and the history, if there is one.
pub fn metric(key: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.key.as_str() == key)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum MetricValue {
    /// Already rounded to the metric's decimals.
    Number(f64),
    DurationMs(i64),
    Clock(DateTime<FixedOffset>),
}

impl MetricValue {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            MetricValue::Number(n) => Some(*n),
            MetricValue::DurationMs(ms) => Some(*ms as f64),
            MetricValue::Clock(_) => None,
        }
    }
}

pub fn round_to(value: f64, decimals: u32) -> f64 {
    let factor = 10f64.powi(decimals as i32);
    (value * factor).round() / factor
}

/// The three numbers people look for first, in the words the tray, the notification, the
/// history and the CLI all use: "Recovery 78%", "Asleep 7h 12m", "Efficiency 93%".
/// `display` gives a metric's displayed value by key.
pub fn headline(display: impl Fn(&str) -> Option<String>) -> Vec<String> {
    [
        (MetricKey::RecoveryScore, "Recovery"),
        (MetricKey::SleepTime, "Asleep"),
        (MetricKey::SleepEfficiency, "Efficiency"),
    ]
    .iter()
    .filter_map(|(key, label)| display(key.as_str()).map(|value| format!("{label} {value}")))
    .collect()
}

/// "7h 42m", rounded to the nearest minute.
pub fn format_duration(ms: i64) -> String {
    let minutes = (ms as f64 / 60_000.0).round() as i64;
    let (h, m) = (minutes / 60, minutes % 60);
    if h == 0 {
        format!("{m}m")
    } else {
        format!("{h}h {m:02}m")
    }
}

/// How a value reads in text, in a tooltip, a notification or a rich-text property, in the
/// user's clock and units.
pub fn format_value(metric: &Metric, value: &MetricValue, units: &Units) -> String {
    match value {
        MetricValue::DurationMs(ms) => format_duration(*ms),
        MetricValue::Clock(t) => units.time(*t),
        MetricValue::Number(n) if metric.is_temperature() => units.temperature(*n, metric.decimals),
        MetricValue::Number(n) if metric.is_weight() => units.weight.format(*n),
        MetricValue::Number(n) if metric.is_height() => units.height.format(*n),
        MetricValue::Number(n) => {
            let text = format!("{:.*}", metric.decimals as usize, n);
            match metric.unit {
                "" => text,
                "%" => format!("{text}%"),
                unit => format!("{text} {unit}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_the_whoop_app() {
        assert_eq!(format_duration(27_720_000), "7h 42m");
        assert_eq!(format_duration(25_929_999), "7h 12m");
        assert_eq!(format_duration(30_000), "1m");
        assert_eq!(format_duration(29_999), "0m");
        assert_eq!(format_duration(3_600_000), "1h 00m");
        assert_eq!(format_duration(0), "0m");
    }

    #[test]
    fn keys_are_unique_and_every_required_metric_exists() {
        let mut keys: Vec<_> = METRICS.iter().map(|m| m.key).collect();
        keys.sort_by_key(|k| k.as_str());
        keys.dedup();
        assert_eq!(keys.len(), METRICS.len());
        // One metric per key, in the order of the keys.
        assert_eq!(keys.len(), MetricKey::ALL.len());
        for (m, key) in METRICS.iter().zip(MetricKey::ALL) {
            assert_eq!(m.key, key);
            assert_eq!(key.metric().key, key);
            assert_eq!(serde_json::to_value(key).unwrap(), key.as_str());
            assert_eq!(MetricKey::parse(key.as_str()), Some(key));
        }
        for key in [
            "recovery_score",
            "resting_heart_rate",
            "hrv",
            "spo2",
            "skin_temp",
            "sleep_time",
            "time_in_bed",
            "light_sleep",
            "deep_sleep",
            "rem_sleep",
            "awake_time",
            "sleep_efficiency",
            "sleep_performance",
            "sleep_consistency",
            "respiratory_rate",
            "disturbances",
            "sleep_need",
            "nap_count",
            "nap_time",
            "bedtime",
            "wake_time",
            "day_strain",
            "energy_kj",
            "energy_kcal",
            "average_heart_rate",
            "max_heart_rate",
            "workout_count",
            "workout_strain",
            "active_energy_kj",
            "active_energy_kcal",
            "body_weight",
            "body_height",
            "body_max_heart_rate",
        ] {
            assert!(metric(key).is_some(), "{key}");
        }
    }

    #[test]
    fn values_follow_the_units() {
        use chrono::TimeZone;
        let us = Units::from_locale("en_US");
        let metric_units = Units::default();
        let skin = metric("skin_temp").unwrap();
        let temp = MetricValue::Number(33.9);
        assert_eq!(format_value(skin, &temp, &metric_units), "33.9 °C");
        assert_eq!(format_value(skin, &temp, &us), "93.0 °F");
        let bed = metric("bedtime").unwrap();
        let at = FixedOffset::west_opt(5 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 24, 23, 41, 0)
            .unwrap();
        let at = MetricValue::Clock(at);
        assert_eq!(format_value(bed, &at, &metric_units), "23:41");
        assert_eq!(format_value(bed, &at, &us), "11:41 PM");
        // Other numbers don't change with the units.
        let hrv = metric("hrv").unwrap();
        assert_eq!(format_value(hrv, &MetricValue::Number(61.0), &us), "61 ms");
        // The body's weight and height, kept in kg and m, read in the locale's measures.
        let weight = metric("body_weight").unwrap();
        let kilograms = MetricValue::Number(90.72);
        assert_eq!(format_value(weight, &kilograms, &metric_units), "90.7 kg");
        assert_eq!(format_value(weight, &kilograms, &us), "200.0 lb");
        let height = metric("body_height").unwrap();
        let meters = MetricValue::Number(1.829);
        assert_eq!(format_value(height, &meters, &metric_units), "183 cm");
        assert_eq!(format_value(height, &meters, &us), "72.0 in");
        let max_hr = metric("body_max_heart_rate").unwrap();
        assert_eq!(
            format_value(max_hr, &MetricValue::Number(200.0), &us),
            "200 bpm"
        );
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_to(77.5, 0), 78.0);
        assert_eq!(round_to(16.149, 1), 16.1);
        assert_eq!(round_to(96.25, 1), 96.3);
    }
}
