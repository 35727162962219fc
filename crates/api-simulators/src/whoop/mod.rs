//! A faithful WHOOP v2 API simulator on loopback HTTP, with a realistic data generator.
//!
//! Written from `shared/api/whoop-openapi.json` and `shared/api/WHOOP.md`, without any client
//! crate, so tests of the client compare two independent readings of the wire format. It is
//! deliberately no kinder than WHOOP: rotating refresh tokens with re-use detection, `limit`
//! capped at 25, `next_token` left out on the last page, 404 for `/v1`, WHOOP's rate-limit
//! headers, timestamps in the sleep's own offset, and workouts with the `null`s WHOOP sends.

mod api;
mod config;
mod dataset;
mod faults;
mod generate;
mod guard;
mod oauth;
mod paging;
mod rate_limit;
mod records;
mod scores;
mod server;
mod stats;
mod tokens;
mod workouts;

pub use config::{SimUser, WhoopSimConfig};
pub use dataset::{Dataset, NightTruth};
pub use faults::WhoopFault;
pub use generate::{format_offset, GenerateOptions, DEFAULT_USER_ID};
pub use records::{
    Cycle, CycleScore, Page, Recovery, RecoveryScore, ScoreState, Sleep, SleepNeeded, SleepScore,
    SleepStageSummary, UserBasicProfile, UserBodyMeasurement,
};
pub use server::{WhoopSim, WhoopSimHandle};
pub use stats::WhoopStats;
pub use tokens::{IssuedTokens, ALL_SCOPES, KNOWN_SCOPES};
pub use workouts::{Sport, Workout, WorkoutScore, WorkoutTruth, ZoneDurations, SPORTS};
