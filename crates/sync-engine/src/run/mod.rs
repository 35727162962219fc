//! One sync run and what it needs on the way: WHOOP's records read ahead as streams, the
//! WHOOP tokens, where the history begins, tidying pages two computers both created, and
//! the days' values read straight from WHOOP (for export), and the body measurement.

pub(crate) mod body_measurement;
mod create_once;
pub(crate) mod duplicates;
mod first_day;
pub(crate) mod read_ahead;
pub(crate) mod sync;
pub mod tokens;
pub(crate) mod whoop_streams;
mod whoop_values;
pub(crate) mod workouts;
