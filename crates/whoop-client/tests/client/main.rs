//! The crate's integration tests, one binary (each file a module): one link instead of
//! 2, which is most of their build time on CI's two cores.

mod callback;
mod collections;
mod oauth;
mod responses;
mod workouts;
