//! A faithful Notion REST API simulator (the 2025-09-03 "data source" API) over real HTTP
//! on loopback: same paths, headers, object shapes, validation errors, limits and failure
//! modes as far as the docs and observed behaviour go, so a client that works here has few
//! surprises against api.notion.com.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use api_simulators::notion::{NotionSim, NotionSimConfig};
//! let sim = NotionSim::start(NotionSimConfig::new("ntn_test")).await?;
//! let db = sim.daily_tracking_database();
//! let base = sim.base_url(); // client appends /v1/...
//! # let _ = (db, base); Ok(()) }
//! ```

mod auth_version;
mod body;
mod config;
mod create_database;
mod errors;
mod faults;
mod handle;
mod ids;
mod pipeline;
mod properties;
mod property_config;
mod query;
mod rate_limit;
mod relations;
mod render;
mod routes;
mod schema_edits;
mod search;
mod server;
mod shared;
mod spec;
mod stats;
mod store;
mod update_data_source;
mod writes;

pub use auth_version::SUPPORTED_VERSIONS;
pub use config::NotionSimConfig;
pub use faults::{FaultKind, NotionFault, Route};
pub use handle::{NotionSim, NotionSimHandle};
pub use spec::{
    daily_tracking_spec, CreatedDatabase, DataSourceSpec, DatabaseSpec, PropertyKind, PropertySpec,
};
pub use stats::NotionStats;
