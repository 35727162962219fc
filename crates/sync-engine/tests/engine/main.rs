//! The crate's integration tests, one binary (each file a module; engine_log.rs apart, as it
//! owns its process's tracing): one link instead of
//! 8, which is most of their build time on CI's two cores.

mod engine_backfill;
mod engine_body;
mod engine_create_database;
mod engine_damaged_files;
mod engine_doctor;
mod engine_hostile_records;
mod engine_mapping;
mod engine_network_page;
mod engine_notion_answers;
mod engine_privacy;
mod engine_restarts;
mod engine_sync;
mod engine_time;
mod engine_tokens;
mod engine_two_computers;
mod engine_wake_signal;
mod engine_workouts;
mod engine_workouts_database;
mod support;
