//! The app behind the tray and the window, free of any GUI toolkit (Yaak's pattern): the tray
//! host wires it to the tray icon and the window link, tests drive it directly.

pub mod commands;
pub mod contract;
mod desktop;
mod notify;
mod runner;
mod scheduler;
mod service;
mod session;
mod wake;
pub mod wire;

pub use contract::{Answer, AppEvent, Command};
pub use desktop::{Desktop, Listener};
pub use service::AppService;
