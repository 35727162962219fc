//! What a sync computes, pure: nights from WHOOP's records, their metric values, the mapping
//! onto Notion's columns, the per-day plan, the report's words, and when to sync.

pub mod mapping;
pub mod metrics;
pub mod nights;
pub mod plan;
pub use sync_vocabulary::report;
pub mod schedule;
pub use sync_vocabulary::units;
pub mod workouts;
