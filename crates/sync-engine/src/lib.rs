//! The sync engine: everything the CLI and the tray app share. Data flows one way —
//! WHOOP records → one night per day ([`nights`]) → metric values ([`metrics`]) → mapped
//! Notion properties ([`mapping`], [`encode`]) → a plan ([`plan`]) → writes → history.

mod background;
pub mod config;
mod daemon;
pub mod doctor;
mod duplicates;
mod engine;
pub mod env;
mod error;
mod first_day;
mod forget;
mod lock_wait;
pub mod mapping;
pub mod metrics;
pub mod nights;
mod notion_connect;
mod notion_create;
pub mod plan;
mod read_ahead;
pub use sync_vocabulary::report;
pub mod restarts;
pub mod schedule;
mod status;
mod sync_run;
pub mod tokens;
pub use sync_vocabulary::units;
mod whoop_connect;
mod whoop_streams;
pub mod whoop_values;

pub use background::{claim_background, Background};
pub use daemon::{settles, WAKE_SPREAD};
pub use engine::Engine;
pub use env::{Endpoints, EngineEnv, FixedZone, Limits, LocalZone, SystemZone};
pub use error::{ErrorCode, Result, SyncError};
pub use forget::{Forgotten, ProfileFolder};
pub use mapping::{encode, MappingRow, MappingView, Preview, PreviewCell};
pub use notion_connect::ChosenDatabase;
pub use notion_create::{CreatedDatabase, DEFAULT_CREATE_METRICS, DEFAULT_DATABASE_TITLE};
pub use status::{Connection, NotionStatus, Status, WhoopStatus};
pub use sync_run::{ProgressFn, SyncRequest, CHUNK_DAYS};
pub use units::{ClockStyle, Temperature, Units, UnitsSetting};
pub use whoop_connect::{
    PendingWhoopConnect, WhoopAccount, APP_LINK_REDIRECT_URI, DEFAULT_REDIRECT_URI,
};

pub use notion_client::{BotUser, DataSourceRef, PageRef};
pub use sync_vocabulary::Trigger;
