//! The crate's integration tests, one binary (each file a module): one link instead of
//! 7, which is most of their build time on CI's two cores.

mod cli_backfill;
mod cli_background;
mod cli_create_database;
mod cli_diagnostics;
mod cli_doctor;
mod cli_errors;
mod cli_export;
mod cli_journey;
mod cli_log;
mod cli_mapping;
mod cli_processes;
mod cli_reset;
mod cli_units;
mod cli_windows;
mod cli_workouts;
mod support;
mod windows_tray;
