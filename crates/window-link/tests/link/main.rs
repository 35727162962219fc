//! The crate's integration tests, one binary (each file a module): one link instead of
//! 3, which is most of their build time on CI's two cores.

mod hostile;
mod link;
mod processes;
mod upgrade;
