//! Workouts as their own pages: a WHOOP workout's values by field ([`values`]), the Workouts
//! database's mapping onto its columns ([`mapping`]), and what to write for each workout
//! ([`plan`]). Pure, as the daily model is.

pub mod encode;
pub mod mapping;
pub mod plan;
pub mod values;

pub use sync_vocabulary::workouts::{WorkoutField, WorkoutFieldKind, WorkoutsReport};
