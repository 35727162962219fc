//! Workouts: WHOOP's `WorkoutV2` records, their generation, their routes
//! (`/v2/activity/workout`, `/v2/activity/workout/{workoutId}`) and late changes to them.
//!
//! Written from the `WorkoutV2`, `WorkoutScore` and `ZoneDurations` schemas of
//! `shared/api/whoop-openapi.json`, and from workouts WHOOP's API is seen to answer today where
//! those differ from the document (see [`WorkoutScore`]).

mod generate;
mod mutate;
mod records;
pub(crate) mod routes;

pub(crate) use generate::generate as generate_workouts;
pub use generate::WorkoutTruth;
pub use records::{Sport, Workout, WorkoutScore, ZoneDurations, SPORTS};
