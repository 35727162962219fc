//! The sync engine: everything the CLI and the tray app share. Data flows one way —
//! WHOOP records → one night per day ([`nights`]) → metric values ([`metrics`]) → mapped
//! Notion properties ([`mapping`], [`encode`]) → a plan ([`plan`]) → writes → history.

// The crate's code is in four folders by concern; the modules callers name
// (`sync_engine::nights::DayRange`) are re-exported here, and the crate's own code uses the
// same paths.
mod background;
pub mod config;
mod engine;
pub mod env;
mod error;
mod model;
mod run;
mod setup;

pub use background::restarts;
pub use model::{mapping, metrics, nights, plan, report, schedule, units, workouts};
pub use run::tokens;
pub use setup::doctor;
pub use setup::export;
pub use setup::workouts as workouts_setup;

pub use background::daemon::{today_is_done, WAKE_SPREAD};
pub use background::lock::{claim_background, Background};
pub use engine::Engine;
pub use env::{Endpoints, EngineEnv, FixedZone, Limits, LocalZone, SystemZone};
pub use error::{ErrorCode, Result, SyncError};
pub use mapping::encode;
pub use run::sync::{ProgressFn, SyncRequest, CHUNK_DAYS};
pub use setup::forget::{Forgotten, ProfileFolder};
pub use setup::mapping_edit::{MappingRow, MappingView};
pub use setup::mapping_preview::{Preview, PreviewCell};
pub use setup::notion_connect::ChosenDatabase;
pub use setup::notion_create::{CreatedDatabase, DEFAULT_CREATE_METRICS, DEFAULT_DATABASE_TITLE};
pub use setup::status::{Connection, NotionStatus, Status, WhoopStatus};
pub use setup::whoop_connect::{
    PendingWhoopConnect, WhoopAccount, APP_LINK_REDIRECT_URI, DEFAULT_REDIRECT_URI,
};
pub use setup::workouts_preview::{WorkoutPreview, WorkoutPreviewCell};
pub use units::{ClockStyle, Height, Temperature, Units, UnitsSetting, Weight};

pub use notion_client::{BotUser, DataSourceRef, PageRef};
pub use sync_vocabulary::Trigger;
