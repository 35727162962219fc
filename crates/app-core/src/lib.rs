//! The tray app's decisions, free of Tauri so they are tested with plain `cargo test`:
//! what the tray icon and tooltip say ([`tray`]), the tray menu ([`menu`]), the morning
//! notification and its comparison with the week ([`morning`]), every notification with its
//! actions ([`notice`]), which problems (and their end) deserve a notification
//! ([`notify_once`]), the desktop's words for each error code ([`wording`]), which errors a
//! change of setup makes obsolete ([`setup_change`]), "Check setup" in the desktop's words
//! ([`setup_check`]), and the Trends view's series from the history ([`trends`]).

pub mod menu;
pub mod morning;
pub mod notice;
pub mod notify_once;
pub mod overview;
pub mod setup_change;
pub mod setup_check;
pub mod tray;
pub mod trends;
pub mod wording;
