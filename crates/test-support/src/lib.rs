//! Test helpers that several crates' property tests share (a dev-dependency only): any JSON
//! value, and a loopback HTTP server that answers as a broken API might.

pub mod json;
pub mod scripted_http;
