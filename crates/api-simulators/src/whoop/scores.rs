//! Realistic score values. Shared by the generator and by late scoring (`score_pending`,
//! `rescore`), so a night scored later looks like one scored at generation time.

use chrono::{DateTime, Utc};
use rand::Rng;

use super::records::{CycleScore, RecoveryScore, SleepNeeded, SleepScore, SleepStageSummary};

const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;

/// Which optional sleep-score fields a night carries, and the nap credit toward its need.
pub(crate) struct SleepScoreShape {
    pub nap: bool,
    /// WHOOP omits performance until it knows the user's sleep need.
    pub with_performance: bool,
    /// ... and consistency until it has a few nights to compare.
    pub with_consistency: bool,
    pub with_respiratory_rate: bool,
    /// Zero or negative: a recent nap lowers tonight's need.
    pub nap_credit_milli: i64,
}

impl SleepScoreShape {
    pub fn full() -> Self {
        SleepScoreShape {
            nap: false,
            with_performance: true,
            with_consistency: true,
            with_respiratory_rate: true,
            nap_credit_milli: 0,
        }
    }
}

/// Rounds to a fixed number of decimals, the way WHOOP's floats look in practice.
fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

pub(crate) fn sleep_score<R: Rng>(
    rng: &mut R,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    shape: &SleepScoreShape,
) -> SleepScore {
    let in_bed = (end - start).num_milliseconds().max(0);
    let no_data = if rng.gen_bool(0.1) {
        (rng.gen_range(2..40) * MIN).min(in_bed / 10)
    } else {
        0
    };
    let awake_share = if shape.nap {
        rng.gen_range(0.05..0.2)
    } else {
        rng.gen_range(0.04..0.13)
    };
    let awake = (in_bed as f64 * awake_share) as i64;
    let asleep = in_bed - awake - no_data;
    let (rem_share, sws_share) = if shape.nap {
        (rng.gen_range(0.0..0.15), rng.gen_range(0.1..0.35))
    } else {
        (rng.gen_range(0.18..0.27), rng.gen_range(0.17..0.25))
    };
    let rem = (asleep as f64 * rem_share) as i64;
    let sws = (asleep as f64 * sws_share) as i64;
    // Light takes the remainder so the stages add up exactly to the time asleep.
    let light = asleep - rem - sws;
    let cycles = if shape.nap {
        i64::from(asleep > 60 * MIN)
    } else {
        ((asleep as f64) / (90.0 * MIN as f64)).round() as i64
    };
    let disturbances = if shape.nap {
        rng.gen_range(0..4)
    } else {
        rng.gen_range(4..19)
    };

    let needed = SleepNeeded {
        baseline_milli: rng.gen_range(7 * HOUR + 12 * MIN..8 * HOUR + 36 * MIN),
        need_from_sleep_debt_milli: rng.gen_range(0..90 * MIN),
        need_from_recent_strain_milli: rng.gen_range(0..40 * MIN),
        need_from_recent_nap_milli: shape.nap_credit_milli.min(0),
    };
    let need = needed.baseline_milli
        + needed.need_from_sleep_debt_milli
        + needed.need_from_recent_strain_milli
        + needed.need_from_recent_nap_milli;
    let performance = (asleep as f64 / need.max(1) as f64 * 100.0)
        .round()
        .min(100.0);
    let efficiency = asleep as f64 / (in_bed - no_data).max(1) as f64 * 100.0;

    SleepScore {
        stage_summary: SleepStageSummary {
            total_in_bed_time_milli: in_bed as i32,
            total_awake_time_milli: awake as i32,
            total_no_data_time_milli: no_data as i32,
            total_light_sleep_time_milli: light as i32,
            total_slow_wave_sleep_time_milli: sws as i32,
            total_rem_sleep_time_milli: rem as i32,
            sleep_cycle_count: cycles as i32,
            disturbance_count: disturbances,
        },
        sleep_needed: needed,
        // WHOOP reports breathing rate in 1/256 steps (e.g. 16.11328125).
        respiratory_rate: shape
            .with_respiratory_rate
            .then(|| (rng.gen_range(13.0..17.5) * 256.0f64).round() / 256.0),
        sleep_performance_percentage: shape.with_performance.then_some(performance),
        sleep_consistency_percentage: shape.with_consistency.then(|| rng.gen_range(45..97) as f64),
        sleep_efficiency_percentage: Some(round_to(efficiency, 8)),
    }
}

pub(crate) fn recovery_score<R: Rng>(
    rng: &mut R,
    calibrating: bool,
    strap_4: bool,
) -> RecoveryScore {
    let hrv: f64 = rng.gen_range(22.0..115.0);
    // Recovery follows HRV loosely, with noise; WHOOP shows whole percentages.
    let recovery = (15.0 + (hrv - 22.0) * 0.85 + rng.gen_range(-15.0..15.0))
        .round()
        .clamp(1.0, 99.0);
    RecoveryScore {
        user_calibrating: calibrating,
        recovery_score: recovery,
        resting_heart_rate: rng.gen_range(44..69) as f64,
        hrv_rmssd_milli: round_to(hrv, 6),
        spo2_percentage: strap_4.then(|| round_to(rng.gen_range(94.0..99.5), 4)),
        skin_temp_celsius: strap_4.then(|| round_to(rng.gen_range(32.5..35.3), 6)),
    }
}

/// `partial`: the cycle is still running, so strain and energy are only part of a day's.
pub(crate) fn cycle_score<R: Rng>(rng: &mut R, partial: bool) -> CycleScore {
    let (strain, kj, max_hr) = if partial {
        (
            rng.gen_range(0.5..8.0),
            rng.gen_range(1000.0..6000.0),
            rng.gen_range(90..141),
        )
    } else {
        (
            rng.gen_range(3.0..19.5),
            rng.gen_range(5500.0..14500.0),
            rng.gen_range(110..186),
        )
    };
    CycleScore {
        strain: round_to(strain, 7),
        kilojoule: round_to(kj, 3),
        average_heart_rate: rng.gen_range(55..83),
        max_heart_rate: max_hr,
    }
}
