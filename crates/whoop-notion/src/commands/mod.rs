pub mod daemon;
pub mod demo;
pub mod diagnostics;
pub mod docs;
pub mod doctor;
pub mod export;
pub mod history;
pub mod mapping;
pub mod notion;
pub mod reset;
pub mod status;
pub mod sync;
pub mod units;
pub mod whoop;
pub mod workouts;

mod prompt;
