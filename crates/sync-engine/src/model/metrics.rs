//! The values a night yields, by metric key. The metrics themselves (keys, labels, kinds and
//! how values read) are the shared vocabulary's, re-exported here.

use std::collections::BTreeMap;

pub use sync_vocabulary::metrics::*;

use whoop_client::ScoreState;

use crate::nights::Night;

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
    let mut num = |key: MetricKey, value: Option<f64>| {
        let plausible = value.filter(|v| v.is_finite() && v.abs() <= MAX_NUMBER);
        if let Some(v) = plausible {
            out.insert(
                key.as_str(),
                MetricValue::Number(round_to(v, key.metric().decimals)),
            );
        }
    };
    let recovery = night.recovery.as_ref().and_then(|r| r.score.as_ref());
    num(
        MetricKey::RecoveryScore,
        recovery.and_then(|r| r.recovery_score),
    );
    num(
        MetricKey::RestingHeartRate,
        recovery.and_then(|r| r.resting_heart_rate),
    );
    num(MetricKey::Hrv, recovery.and_then(|r| r.hrv_rmssd_milli));
    num(MetricKey::Spo2, recovery.and_then(|r| r.spo2_percentage));
    num(
        MetricKey::SkinTemp,
        recovery.and_then(|r| r.skin_temp_celsius),
    );

    let sleep = night.sleep.score.as_ref();
    num(
        MetricKey::SleepEfficiency,
        sleep.and_then(|s| s.sleep_efficiency_percentage),
    );
    num(
        MetricKey::SleepPerformance,
        sleep.and_then(|s| s.sleep_performance_percentage),
    );
    num(
        MetricKey::SleepConsistency,
        sleep.and_then(|s| s.sleep_consistency_percentage),
    );
    num(
        MetricKey::RespiratoryRate,
        sleep.and_then(|s| s.respiratory_rate),
    );
    let stages = sleep.and_then(|s| s.stage_summary.as_ref());
    num(
        MetricKey::Disturbances,
        stages.and_then(|s| s.disturbance_count).map(|c| c as f64),
    );
    num(
        MetricKey::SleepCycles,
        stages.and_then(|s| s.sleep_cycle_count).map(|c| c as f64),
    );

    let cycle = night.cycle.as_ref().and_then(|c| c.score.as_ref());
    num(MetricKey::DayStrain, cycle.and_then(|c| c.strain));
    num(MetricKey::EnergyKj, cycle.and_then(|c| c.kilojoule));
    // WHOOP's app shows calories; 1 kcal = 4.184 kJ.
    num(
        MetricKey::EnergyKcal,
        cycle.and_then(|c| c.kilojoule).map(|kj| kj / 4.184),
    );
    num(
        MetricKey::AverageHeartRate,
        cycle.and_then(|c| c.average_heart_rate),
    );
    num(
        MetricKey::MaxHeartRate,
        cycle.and_then(|c| c.max_heart_rate),
    );
    // Only on the day the run read it; none of them can be zero or less (a body not entered
    // yet, or a broken answer, is left out).
    let body = night.body.as_ref();
    let measured =
        |part: fn(&whoop_client::BodyMeasurement) -> f64| body.map(part).filter(|v| *v > 0.0);
    num(MetricKey::BodyWeight, measured(|b| b.weight_kilogram));
    num(MetricKey::BodyHeight, measured(|b| b.height_meter));
    num(MetricKey::BodyMaxHeartRate, measured(|b| b.max_heart_rate));

    let mut dur = |key: MetricKey, value: Option<i64>| {
        if let Some(v) = value.filter(|v| (0..=MAX_DURATION_MS).contains(v)) {
            out.insert(key.as_str(), MetricValue::DurationMs(v));
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
        dur(MetricKey::SleepTime, asleep);
        dur(MetricKey::TimeInBed, s.total_in_bed_time_milli);
        dur(MetricKey::LightSleep, s.total_light_sleep_time_milli);
        dur(MetricKey::DeepSleep, s.total_slow_wave_sleep_time_milli);
        dur(MetricKey::RemSleep, s.total_rem_sleep_time_milli);
        dur(MetricKey::AwakeTime, s.total_awake_time_milli);
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
            dur(MetricKey::SleepNeed, total);
        }
    }
    // Every nap WHOOP recorded counts; the time is what the scored ones slept (light, slow
    // wave and REM, as for the night), so a nap still being scored adds its time later.
    let nap_time = night
        .naps
        .iter()
        .filter(|nap| nap.score_state == ScoreState::Scored)
        .filter_map(|nap| nap.score.as_ref()?.stage_summary.as_ref())
        .try_fold(0i64, |sum, s| {
            let asleep = s
                .total_light_sleep_time_milli?
                .checked_add(s.total_slow_wave_sleep_time_milli?)?
                .checked_add(s.total_rem_sleep_time_milli?)?;
            sum.checked_add(asleep)
        });
    dur(MetricKey::NapTime, nap_time);
    out.insert(
        MetricKey::NapCount.as_str(),
        MetricValue::Number(night.naps.len() as f64),
    );
    if let Some(workouts) = &night.workouts {
        // Every workout counts; strain and energy are the scored ones' (WHOOP's sum of the
        // day's workouts), so a workout still being scored adds its share later.
        let scores: Vec<_> = workouts
            .iter()
            .filter(|w| w.score_state == ScoreState::Scored)
            .filter_map(|w| w.score.as_ref())
            .collect();
        let sum = |part: fn(&whoop_client::WorkoutScore) -> Option<f64>| {
            scores.iter().map(|s| part(s).unwrap_or(0.0)).sum::<f64>()
        };
        let kilojoules = sum(|s| s.kilojoule);
        for (key, value) in [
            (MetricKey::WorkoutCount, workouts.len() as f64),
            (MetricKey::WorkoutStrain, sum(|s| s.strain)),
            (MetricKey::ActiveEnergyKj, kilojoules),
            // 1 kcal = 4.184 kJ, as for the day's energy.
            (MetricKey::ActiveEnergyKcal, kilojoules / 4.184),
        ] {
            if value.is_finite() && value.abs() <= MAX_NUMBER {
                out.insert(
                    key.as_str(),
                    MetricValue::Number(round_to(value, key.metric().decimals)),
                );
            }
        }
    }
    if let Some(offset) = night.sleep.offset() {
        out.insert(
            MetricKey::Bedtime.as_str(),
            MetricValue::Clock(night.sleep.start.with_timezone(&offset)),
        );
        out.insert(
            MetricKey::WakeTime.as_str(),
            MetricValue::Clock(night.sleep.end.with_timezone(&offset)),
        );
    }
    out
}
