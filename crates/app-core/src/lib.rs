//! The tray app's decisions, free of Tauri so they are tested with plain `cargo test`:
//! what the tray icon and tooltip say ([`tray`]), the morning notification and its
//! comparison with the week ([`morning`]), and which problems deserve a notification
//! ([`notify_once`]), the desktop's words for each error code ([`wording`]), and which errors
//! a change of setup makes obsolete ([`setup_change`]).

pub mod menu;
pub mod morning;
pub mod notify_once;
pub mod overview;
pub mod setup_change;
pub mod tray;
pub mod wording;
