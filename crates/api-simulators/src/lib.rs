mod clock;
pub mod network;
pub mod notion;
pub mod whoop;

pub use clock::SimClock;
