//! The words the app's parts share, in one leaf crate that links nothing heavy: the error
//! codes ([`ErrorCode`]), the metrics and their keys ([`metrics`], [`MetricKey`]), the user's units ([`units`]), the schedule's settings
//! ([`ScheduleSettings`]), what a run reports ([`report`]) and what started it ([`Trigger`]),
//! and the name of every file and folder in a profile ([`profile_layout`]). The engine, the
//! history, the tray's decisions and the window use these words; none of them spells one again.

mod error_code;
pub mod metrics;
pub mod profile_layout;
pub mod report;
mod schedule;
mod trigger;
pub mod units;

pub use error_code::ErrorCode;
pub use metrics::MetricKey;
pub use report::{ActionKind, DayRange, DayReport, Progress, Requests, SyncReport};
pub use schedule::ScheduleSettings;
pub use trigger::Trigger;
pub use units::{ClockStyle, Temperature, Units, UnitsSetting};
