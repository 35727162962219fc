//! Getting ready and looking after it: connecting WHOOP and Notion, creating the database,
//! checking the setup (doctor), the offline status, the history as an export table, and
//! forgetting a profile.

pub mod doctor;
pub mod export;
pub(crate) mod forget;
pub(crate) mod mapping_edit;
pub(crate) mod mapping_preview;
pub(crate) mod notion_connect;
pub(crate) mod notion_create;
pub(crate) mod status;
pub(crate) mod whoop_connect;
pub mod workouts;
pub(crate) mod workouts_preview;
