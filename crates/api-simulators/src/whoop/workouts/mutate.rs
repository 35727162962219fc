//! Late changes to workouts, as WHOOP makes them: a pending workout gets scored, a scored one
//! is re-scored (the user edited its times or sport, or WHOOP recomputed it), or the user
//! deletes it in the WHOOP app and it is no longer served.

use chrono::{DateTime, Utc};

use super::generate::workout_score;
use super::records::{sport_named, Workout};
use crate::whoop::dataset::{bump, rng_for, Dataset};
use crate::whoop::records::ScoreState;

impl Dataset {
    pub fn workout(&self, id: &str) -> Option<&Workout> {
        self.workouts.iter().find(|w| w.id == id)
    }

    /// If the workout is `PENDING_SCORE` (or `UNSCORABLE`), score it and bump `updated_at`.
    /// Returns whether anything changed.
    pub fn score_workout(&mut self, id: &str, now: DateTime<Utc>) -> bool {
        let Some(i) = self.workouts.iter().position(|w| w.id == id) else {
            return false;
        };
        if self.workouts[i].score_state == ScoreState::Scored {
            return false;
        }
        self.score_workout_at(i, now);
        true
    }

    /// A late re-score: the workout gets `strain` (scoring it first if it had no score), its
    /// energy moves with it, and `updated_at` is bumped. Returns whether the workout exists.
    pub fn rescore_workout(&mut self, id: &str, strain: f64, now: DateTime<Utc>) -> bool {
        let Some(i) = self.workouts.iter().position(|w| w.id == id) else {
            return false;
        };
        if self.workouts[i].score_state != ScoreState::Scored {
            self.score_workout_at(i, now);
        }
        let w = &mut self.workouts[i];
        if let Some(score) = w.score.as_mut() {
            let ratio = if score.strain > 0.0 {
                strain / score.strain
            } else {
                1.0
            };
            score.kilojoule = (score.kilojoule * ratio * 1e4).round() / 1e4;
            score.strain = strain;
        }
        w.updated_at = bump(w.updated_at, now);
        true
    }

    /// The workout is deleted in WHOOP: no route serves it any more. Returns whether it existed.
    pub fn delete_workout(&mut self, id: &str) -> bool {
        let before = self.workouts.len();
        self.workouts.retain(|w| w.id != id);
        self.workout_truth.retain(|t| t.workout_id != id);
        self.workouts.len() != before
    }

    fn score_workout_at(&mut self, i: usize, now: DateTime<Utc>) {
        let w = &mut self.workouts[i];
        let mut rng = rng_for(&w.id);
        w.score = Some(workout_score(
            &mut rng,
            sport_named(&w.sport_name),
            w.start,
            w.end,
        ));
        w.score_state = ScoreState::Scored;
        w.updated_at = bump(w.updated_at, now);
        let id = w.id.clone();
        if let Some(t) = self.workout_truth.iter_mut().find(|t| t.workout_id == id) {
            t.state = ScoreState::Scored;
        }
    }
}
