//! The records a simulator serves, the generator's ground truth, and late changes to them
//! (a pending night getting scored, a recovery re-scored after the fact).

use chrono::{DateTime, Duration, NaiveDate, SubsecRound, Utc};
use rand::rngs::StdRng;
use rand::SeedableRng;
use sha2::{Digest, Sha256};

use super::records::{Cycle, Recovery, ScoreState, Sleep};
use super::scores::{cycle_score, recovery_score, sleep_score, SleepScoreShape};
use super::workouts::{Workout, WorkoutTruth};

/// What the generator meant one night to be, recorded while building it (not re-derived from
/// the records), so other crates can check their own night/day logic against it.
#[derive(Debug, Clone, PartialEq)]
pub struct NightTruth {
    /// The local calendar date of the wake-up the generator picked for this night.
    pub day: NaiveDate,
    pub sleep_id: String,
    pub cycle_id: i64,
    pub state: ScoreState,
    /// Present when `state` is `Scored`.
    pub recovery_score: Option<f64>,
    /// Light + slow wave + REM, present when `state` is `Scored`.
    pub sleep_time_milli: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset {
    /// Main sleeps and naps, oldest first.
    pub sleeps: Vec<Sleep>,
    /// One per main sleep, oldest first.
    pub recoveries: Vec<Recovery>,
    /// Oldest first; the newest has no `end`.
    pub cycles: Vec<Cycle>,
    /// One per main (non-nap) sleep, by `day` ascending.
    pub truth: Vec<NightTruth>,
    /// Oldest first.
    pub workouts: Vec<Workout>,
    /// One per workout, in the same order.
    pub workout_truth: Vec<WorkoutTruth>,
}

/// A changed record's `updated_at` moves to now, and always strictly forward (the generated
/// data may lie in the future of the wall clock).
pub(crate) fn bump(old: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    now.trunc_subsecs(3).max(old + Duration::seconds(1))
}

/// Late scoring must be deterministic too: seed from a key such as the record's id.
pub(crate) fn rng_for(key: &str) -> StdRng {
    let digest = Sha256::digest(key.as_bytes());
    let mut seed = [0u8; 32];
    seed.copy_from_slice(&digest);
    StdRng::from_seed(seed)
}

impl Dataset {
    pub fn empty() -> Self {
        Dataset::default()
    }

    /// The truth entry of the main sleep the generator placed on `day`.
    pub fn night(&self, day: NaiveDate) -> Option<&NightTruth> {
        self.truth.iter().find(|t| t.day == day)
    }

    pub fn sleep(&self, id: &str) -> Option<&Sleep> {
        self.sleeps.iter().find(|s| s.id == id)
    }

    pub fn cycle(&self, id: i64) -> Option<&Cycle> {
        self.cycles.iter().find(|c| c.id == id)
    }

    /// The recovery computed from the sleep with this id.
    pub fn recovery_for_sleep(&self, sleep_id: &str) -> Option<&Recovery> {
        self.recoveries.iter().find(|r| r.sleep_id == sleep_id)
    }

    /// If the night of `day` is `PENDING_SCORE`, score its sleep, recovery and cycle and bump
    /// their `updated_at`. Returns whether anything changed.
    pub fn score_pending(&mut self, day: NaiveDate, now: DateTime<Utc>) -> bool {
        match self.truth.iter().position(|t| t.day == day) {
            Some(i) if self.truth[i].state == ScoreState::PendingScore => {
                self.score_night(i, now);
                true
            }
            _ => false,
        }
    }

    /// A late re-score: the recovery of `day` gets `recovery_score` (scoring the night first
    /// if it had no score) and a newer `updated_at`. Returns whether the night exists.
    pub fn rescore(&mut self, day: NaiveDate, recovery_score: f64, now: DateTime<Utc>) -> bool {
        let Some(i) = self.truth.iter().position(|t| t.day == day) else {
            return false;
        };
        if self.truth[i].state != ScoreState::Scored {
            self.score_night(i, now);
        }
        let sleep_id = self.truth[i].sleep_id.clone();
        let Some(rec) = self.recoveries.iter_mut().find(|r| r.sleep_id == sleep_id) else {
            return false;
        };
        if let Some(score) = rec.score.as_mut() {
            // Real re-scores move the inputs too, not only the headline number.
            let delta = recovery_score - score.recovery_score;
            score.hrv_rmssd_milli = (score.hrv_rmssd_milli + delta * 0.5).max(5.0);
            score.recovery_score = recovery_score;
        }
        rec.updated_at = bump(rec.updated_at, now);
        self.truth[i].recovery_score = Some(recovery_score);
        true
    }

    /// Gives the night at truth index `i` a score (sleep, recovery, cycle), state `SCORED`.
    fn score_night(&mut self, i: usize, now: DateTime<Utc>) {
        let sleep_id = self.truth[i].sleep_id.clone();
        let cycle_id = self.truth[i].cycle_id;
        let mut rng = rng_for(&sleep_id);
        let mut sleep_time = None;
        if let Some(s) = self.sleeps.iter_mut().find(|s| s.id == sleep_id) {
            let score = sleep_score(&mut rng, s.start, s.end, &SleepScoreShape::full());
            sleep_time = Some(score.stage_summary.sleep_time_milli());
            s.score = Some(score);
            s.score_state = ScoreState::Scored;
            s.updated_at = bump(s.updated_at, now);
        }
        // Newer straps report SpO2 and skin temperature; follow what the user's latest
        // scored recovery shows.
        let strap_4 = self
            .recoveries
            .iter()
            .rev()
            .filter_map(|r| r.score.as_ref())
            .next()
            .is_none_or(|s| s.spo2_percentage.is_some());
        let mut recovery = None;
        if let Some(r) = self.recoveries.iter_mut().find(|r| r.sleep_id == sleep_id) {
            let score = recovery_score(&mut rng, false, strap_4);
            recovery = Some(score.recovery_score);
            r.score = Some(score);
            r.score_state = ScoreState::Scored;
            r.updated_at = bump(r.updated_at, now);
        }
        if let Some(c) = self.cycles.iter_mut().find(|c| c.id == cycle_id) {
            if c.score_state != ScoreState::Scored {
                c.score = Some(cycle_score(&mut rng, c.end.is_none()));
                c.score_state = ScoreState::Scored;
                c.updated_at = bump(c.updated_at, now);
            }
        }
        let t = &mut self.truth[i];
        t.state = ScoreState::Scored;
        t.recovery_score = recovery;
        t.sleep_time_milli = sleep_time;
    }
}
