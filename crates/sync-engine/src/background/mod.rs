//! The background syncer: the schedule's loop (daemon), start-up catch-ups that a crash loop
//! can't turn into a flood, the one-per-profile background lock, and waiting on locks.

pub(crate) mod daemon;
pub(crate) mod lock;
pub(crate) mod lock_wait;
pub mod restarts;
