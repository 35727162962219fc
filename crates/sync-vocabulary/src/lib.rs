//! The words the app's parts share, in one leaf crate that links nothing heavy:
//! - errors: their codes ([`ErrorCode`]) and the error every surface shows ([`SyncError`]);
//! - the metrics and their keys ([`metrics`], [`MetricKey`]), and the user's [`units`] (the
//!   body measurements' in [`body_units`]);
//! - the [`schedule`]'s settings and decision, what a run reports ([`report`]) and what
//!   started it ([`Trigger`]), what the history records ([`history`]);
//! - what is connected ([`status`]) and the setup's [`checks`];
//! - the name of every file and folder in a profile ([`profile_layout`]).
//!
//! The engine, the history, the tray's decisions and the window use these words; none of
//! them spells one again, and the tray's decisions link no engine to say them.

pub mod body_units;
pub mod checks;
mod error_code;
pub mod history;
pub mod metrics;
pub mod profile_layout;
pub mod report;
pub mod schedule;
pub mod status;
mod trigger;
pub mod units;
pub mod workouts;

pub use body_units::{Height, Weight};
pub use error_code::{ErrorCode, SyncError};
pub use metrics::MetricKey;
pub use report::{ActionKind, DayRange, DayReport, Progress, Requests, SyncReport};
pub use schedule::ScheduleSettings;
pub use trigger::Trigger;
pub use units::{ClockStyle, Temperature, Units, UnitsSetting};
