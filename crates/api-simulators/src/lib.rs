mod clock;
pub mod notion;
pub mod whoop;

pub use clock::SimClock;
