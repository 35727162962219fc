//! Test helpers that several crates' property tests share (a dev-dependency only): any JSON
//! value, a loopback HTTP server that answers as a broken API might, a single-try request
//! executor, and the runtime the cases run on.

pub mod executor;
pub mod json;
pub mod runtime;
pub mod scripted_http;
