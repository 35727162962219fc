//! The crate's integration tests, one binary (each file a module): one link instead of
//! 5, which is most of their build time on CI's two cores.

mod common;
mod concurrency;
mod damaged;
mod days;
mod files;
mod forget;
mod permissions;
mod runs;
mod workouts;
