//! The metrics a night yields, each with a stable key. Values are rounded to the precision the
//! WHOOP app displays, so the row in Notion shows the same numbers the user sees in WHOOP.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::nights::Night;
use crate::units::Units;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
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
    pub key: &'static str,
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
    key: &'static str,
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
        "recovery_score",
        "Recovery",
        Percent,
        0,
        "%",
        &["recovery", "recovery score", "recovery %"],
    ),
    m(
        "resting_heart_rate",
        "Resting heart rate",
        Number,
        0,
        "bpm",
        &["resting heart rate", "resting hr", "rhr"],
    ),
    m(
        "hrv",
        "HRV",
        Number,
        0,
        "ms",
        &["hrv", "heart rate variability", "hrv (ms)"],
    ),
    m(
        "spo2",
        "Blood oxygen (SpO2)",
        Percent,
        1,
        "%",
        &["spo2", "blood oxygen", "oxygen"],
    ),
    m(
        "skin_temp",
        "Skin temperature",
        Number,
        1,
        "°C",
        &["skin temp", "skin temperature", "skin temp (°c)"],
    ),
    m(
        "sleep_time",
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
        "time_in_bed",
        "Time in bed",
        Duration,
        0,
        "",
        &["time in bed", "in bed"],
    ),
    m(
        "light_sleep",
        "Light sleep",
        Duration,
        0,
        "",
        &["light sleep", "light"],
    ),
    m(
        "deep_sleep",
        "Deep (slow wave) sleep",
        Duration,
        0,
        "",
        &["deep sleep", "deep", "slow wave sleep", "sws"],
    ),
    m(
        "rem_sleep",
        "REM sleep",
        Duration,
        0,
        "",
        &["rem sleep", "rem"],
    ),
    m(
        "awake_time",
        "Awake time",
        Duration,
        0,
        "",
        &["awake", "awake time", "time awake"],
    ),
    m(
        "sleep_efficiency",
        "Sleep efficiency",
        Percent,
        0,
        "%",
        &["sleep efficiency", "efficiency"],
    ),
    m(
        "sleep_performance",
        "Sleep performance",
        Percent,
        0,
        "%",
        &["sleep performance", "performance", "sleep score"],
    ),
    m(
        "sleep_consistency",
        "Sleep consistency",
        Percent,
        0,
        "%",
        &["sleep consistency", "consistency"],
    ),
    m(
        "respiratory_rate",
        "Respiratory rate",
        Number,
        1,
        "rpm",
        &["respiratory rate", "respiration", "breathing rate"],
    ),
    m(
        "disturbances",
        "Disturbances",
        Count,
        0,
        "",
        &["disturbances", "disturbance count", "wake ups"],
    ),
    m(
        "sleep_cycles",
        "Sleep cycles",
        Count,
        0,
        "",
        &["sleep cycles", "cycles"],
    ),
    m(
        "sleep_need",
        "Sleep needed",
        Duration,
        0,
        "",
        &["sleep need", "sleep needed"],
    ),
    m(
        "bedtime",
        "Bedtime",
        Clock,
        0,
        "",
        &["bedtime", "bed time", "went to bed", "sleep start"],
    ),
    m(
        "wake_time",
        "Wake time",
        Clock,
        0,
        "",
        &["wake time", "wake", "woke up", "wake up", "sleep end"],
    ),
    m(
        "day_strain",
        "Day strain",
        Number,
        1,
        "",
        &["strain", "day strain"],
    ),
    m(
        "energy_kj",
        "Energy (kJ)",
        Number,
        0,
        "kJ",
        &["kilojoules", "energy (kj)", "kj"],
    ),
    m(
        "energy_kcal",
        "Calories (kcal)",
        Number,
        0,
        "kcal",
        &["calories", "kcal", "energy (kcal)", "energy"],
    ),
    m(
        "average_heart_rate",
        "Average heart rate",
        Number,
        0,
        "bpm",
        &["average heart rate", "avg hr", "average hr"],
    ),
    m(
        "max_heart_rate",
        "Max heart rate",
        Number,
        0,
        "bpm",
        &["max heart rate", "max hr"],
    ),
];

impl Metric {
    /// A temperature WHOOP gives in °C (skin temperature): shown and written in °C or °F.
    pub fn is_temperature(&self) -> bool {
        self.unit == "°C"
    }
}

pub fn metric(key: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.key == key)
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

/// The largest number any metric can mean (a day's energy is some thousands of kJ): beyond
/// it a value is a broken or hostile answer, and is left out rather than written.
const MAX_NUMBER: f64 = 1e6;

/// The longest duration of one night's measure (two days): likewise.
const MAX_DURATION_MS: i64 = 48 * 3_600_000;

/// The values a night provides; metrics WHOOP didn't send are simply absent, and so are values
/// no night can have (a number beyond [`MAX_NUMBER`], a duration below zero or beyond
/// [`MAX_DURATION_MS`], sums that overflow), so a broken answer never reaches Notion.
pub fn metric_values(night: &Night) -> BTreeMap<&'static str, MetricValue> {
    let mut out = BTreeMap::new();
    let mut num = |key: &'static str, value: Option<f64>| {
        let plausible = value.filter(|v| v.is_finite() && v.abs() <= MAX_NUMBER);
        if let (Some(v), Some(metric)) = (plausible, metric(key)) {
            out.insert(key, MetricValue::Number(round_to(v, metric.decimals)));
        }
    };
    let recovery = night.recovery.as_ref().and_then(|r| r.score.as_ref());
    num("recovery_score", recovery.and_then(|r| r.recovery_score));
    num(
        "resting_heart_rate",
        recovery.and_then(|r| r.resting_heart_rate),
    );
    num("hrv", recovery.and_then(|r| r.hrv_rmssd_milli));
    num("spo2", recovery.and_then(|r| r.spo2_percentage));
    num("skin_temp", recovery.and_then(|r| r.skin_temp_celsius));

    let sleep = night.sleep.score.as_ref();
    num(
        "sleep_efficiency",
        sleep.and_then(|s| s.sleep_efficiency_percentage),
    );
    num(
        "sleep_performance",
        sleep.and_then(|s| s.sleep_performance_percentage),
    );
    num(
        "sleep_consistency",
        sleep.and_then(|s| s.sleep_consistency_percentage),
    );
    num("respiratory_rate", sleep.and_then(|s| s.respiratory_rate));
    let stages = sleep.and_then(|s| s.stage_summary.as_ref());
    num(
        "disturbances",
        stages.and_then(|s| s.disturbance_count).map(|c| c as f64),
    );
    num(
        "sleep_cycles",
        stages.and_then(|s| s.sleep_cycle_count).map(|c| c as f64),
    );

    let cycle = night.cycle.as_ref().and_then(|c| c.score.as_ref());
    num("day_strain", cycle.and_then(|c| c.strain));
    num("energy_kj", cycle.and_then(|c| c.kilojoule));
    // WHOOP's app shows calories; 1 kcal = 4.184 kJ.
    num(
        "energy_kcal",
        cycle.and_then(|c| c.kilojoule).map(|kj| kj / 4.184),
    );
    num(
        "average_heart_rate",
        cycle.and_then(|c| c.average_heart_rate),
    );
    num("max_heart_rate", cycle.and_then(|c| c.max_heart_rate));

    let mut dur = |key: &'static str, value: Option<i64>| {
        if let Some(v) = value.filter(|v| (0..=MAX_DURATION_MS).contains(v)) {
            out.insert(key, MetricValue::DurationMs(v));
        }
    };
    if let Some(s) = stages {
        // WHOOP has no total-sleep field: time asleep is light + slow wave + REM.
        let asleep = match (
            s.total_light_sleep_time_milli,
            s.total_slow_wave_sleep_time_milli,
            s.total_rem_sleep_time_milli,
        ) {
            (Some(l), Some(d), Some(r)) => l.checked_add(d).and_then(|ld| ld.checked_add(r)),
            _ => None,
        };
        dur("sleep_time", asleep);
        dur("time_in_bed", s.total_in_bed_time_milli);
        dur("light_sleep", s.total_light_sleep_time_milli);
        dur("deep_sleep", s.total_slow_wave_sleep_time_milli);
        dur("rem_sleep", s.total_rem_sleep_time_milli);
        dur("awake_time", s.total_awake_time_milli);
    }
    if let Some(need) = sleep.and_then(|s| s.sleep_needed.as_ref()) {
        // The nap term is negative when a nap reduced tonight's need.
        let parts = [
            need.baseline_milli,
            need.need_from_sleep_debt_milli,
            need.need_from_recent_strain_milli,
            need.need_from_recent_nap_milli,
        ];
        if need.baseline_milli.is_some() {
            let total = parts
                .iter()
                .flatten()
                .try_fold(0i64, |sum, part| sum.checked_add(*part));
            dur("sleep_need", total);
        }
    }
    if let Some(offset) = night.sleep.offset() {
        out.insert(
            "bedtime",
            MetricValue::Clock(night.sleep.start.with_timezone(&offset)),
        );
        out.insert(
            "wake_time",
            MetricValue::Clock(night.sleep.end.with_timezone(&offset)),
        );
    }
    out
}

/// The three numbers people look for first, in the words the tray, the notification, the
/// history and the CLI all use: "Recovery 78%", "Asleep 7h 12m", "Efficiency 93%".
/// `display` gives a metric's displayed value by key.
pub fn headline(display: impl Fn(&str) -> Option<String>) -> Vec<String> {
    [
        ("recovery_score", "Recovery"),
        ("sleep_time", "Asleep"),
        ("sleep_efficiency", "Efficiency"),
    ]
    .iter()
    .filter_map(|(key, label)| display(key).map(|value| format!("{label} {value}")))
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
/// user's clock and temperature unit.
pub fn format_value(metric: &Metric, value: &MetricValue, units: &Units) -> String {
    match value {
        MetricValue::DurationMs(ms) => format_duration(*ms),
        MetricValue::Clock(t) => units.time(*t),
        MetricValue::Number(n) if metric.is_temperature() => units.temperature(*n, metric.decimals),
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
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), METRICS.len());
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
            "bedtime",
            "wake_time",
            "day_strain",
            "energy_kj",
            "energy_kcal",
            "average_heart_rate",
            "max_heart_rate",
        ] {
            assert!(metric(key).is_some(), "{key}");
        }
    }

    #[test]
    fn values_follow_the_units() {
        use crate::units::{ClockStyle, Temperature};
        use chrono::TimeZone;
        let us = Units {
            clock: ClockStyle::H12,
            temperature: Temperature::Fahrenheit,
        };
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
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_to(77.5, 0), 78.0);
        assert_eq!(round_to(16.149, 1), 16.1);
        assert_eq!(round_to(96.25, 1), 96.3);
    }
}
