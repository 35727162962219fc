pub mod notion;
pub mod whoop;
