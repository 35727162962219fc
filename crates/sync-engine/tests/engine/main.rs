//! The crate's integration tests, one binary (each file a module): one link instead of
//! 8, which is most of their build time on CI's two cores.

mod engine_create_database;
mod engine_doctor;
mod engine_log;
mod engine_mapping;
mod engine_privacy;
mod engine_sync;
mod engine_time;
mod engine_tokens;
mod support;
