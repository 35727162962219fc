//! Demo mode: the built-in simulators play WHOOP and Notion on loopback, and an engine is
//! connected to them exactly as a user would connect real accounts (OAuth in a "browser",
//! a pasted Notion token, a chosen database). Shared by `whoop-notion demo` and the app.

mod table;
mod workouts;

pub use table::{display_number, display_value, Column, Rendered, Table};
pub use workouts::WorkoutRow;

use std::sync::Arc;
use std::time::Duration;

use api_simulators::notion::{NotionSim, NotionSimConfig, NotionSimHandle};
use api_simulators::whoop::{Dataset, GenerateOptions, WhoopSim, WhoopSimConfig, WhoopSimHandle};
use chrono::{DateTime, NaiveDate, Utc};
use secret_store::SecretStore;
use sync_engine::config::ConfigDir;
use sync_engine::{Endpoints, Engine, EngineEnv, LocalZone, Result, SyncError};

pub const DEMO_CLIENT_ID: &str = "demo-client";
/// Not a secret: it only opens the local simulator.
pub const DEMO_CLIENT_SECRET: &str = "demo-client-secret";
pub const DEMO_NOTION_TOKEN: &str = "demo-notion-connection";

/// The two simulators and the demo database.
pub struct DemoWorld {
    pub whoop: WhoopSimHandle,
    pub notion: NotionSimHandle,
    pub database_id: String,
    pub data_source_id: String,
}

impl DemoWorld {
    /// The generated history's seed: the same demo for everyone.
    const SEED: u64 = 20261125;

    /// Starts both simulators with `days` nights of generated data ending `today` (a pinned
    /// date: the newest night may wake after the wall clock's now).
    pub async fn start(today: NaiveDate, home_offset_minutes: i32, days: u32) -> Result<Self> {
        let mut options = GenerateOptions::new(Self::SEED, today, days.max(14) + 7);
        options.home_offset_minutes = home_offset_minutes;
        Self::start_with(Dataset::generate(&options)).await
    }

    /// Starts both simulators with the history as it stands at `now` (the wall clock's, for
    /// demo mode): it ends with today's night, scored and ended by now, at any hour.
    pub async fn start_as_of(
        now: DateTime<Utc>,
        home_offset_minutes: i32,
        days: u32,
    ) -> Result<Self> {
        let options =
            GenerateOptions::as_of(Self::SEED, now, home_offset_minutes, days.max(14) + 7);
        Self::start_with(Dataset::generate(&options)).await
    }

    /// Starts both simulators, WHOOP holding `dataset` and Notion at its real limits.
    pub async fn start_with(dataset: Dataset) -> Result<Self> {
        let whoop = WhoopSim::start(WhoopSimConfig::new(
            DEMO_CLIENT_ID,
            DEMO_CLIENT_SECRET,
            dataset,
        ))
        .await
        .map_err(|e| sim_error("WHOOP", e))?;
        let notion = NotionSim::start(NotionSimConfig::new(DEMO_NOTION_TOKEN))
            .await
            .map_err(|e| sim_error("Notion", e))?;
        let db = notion.daily_tracking_database();
        Ok(Self {
            whoop,
            notion,
            data_source_id: db.data_source_ids.first().cloned().unwrap_or_default(),
            database_id: db.database_id,
        })
    }

    pub fn endpoints(&self) -> Endpoints {
        Endpoints {
            whoop_oauth: self.whoop.oauth_url(),
            whoop_api: self.whoop.api_url(),
            notion_api: self.notion.base_url(),
        }
    }

    /// An engine for `config_dir` pointed at the simulators.
    pub fn engine(
        &self,
        config_dir: ConfigDir,
        secrets: Arc<dyn SecretStore>,
        clock: Arc<dyn http_policy::Clock>,
        zone: Arc<dyn LocalZone>,
    ) -> Engine {
        Engine::new(EngineEnv::new(
            config_dir,
            clock,
            zone,
            secrets,
            self.endpoints(),
        ))
    }

    /// Connects WHOOP (the simulator approves the sign-in at once), Notion, and the database.
    pub async fn connect(&self, engine: &Engine) -> Result<()> {
        self.connect_as(engine, DEMO_NOTION_TOKEN).await
    }

    /// [`DemoWorld::connect`] through a Notion connection of its own: a second computer, whose
    /// user made another connection to the same workspace. `notion_token` is added to the
    /// simulator's workspace as a connection with its own bot and rate limit.
    pub async fn connect_as(&self, engine: &Engine, notion_token: &str) -> Result<()> {
        if notion_token != DEMO_NOTION_TOKEN {
            self.notion.add_connection(notion_token);
        }
        let port = free_port()?;
        let redirect = format!("http://127.0.0.1:{port}/callback");
        let mut pending = engine
            .whoop_begin_connect(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, Some(&redirect))
            .await?;
        // Play the browser: open the sign-in page, which redirects to our loopback listener.
        let url = pending.authorize_url.clone();
        let browser = tokio::spawn(async move { reqwest::get(url).await.map(|r| r.status()) });
        let code = pending.wait_for_code(Duration::from_secs(30)).await?;
        let _ = browser.await;
        engine.whoop_finish_connect(pending, &code).await?;
        engine.notion_connect(notion_token).await?;
        engine.notion_use(&self.database_id, None).await?;
        Ok(())
    }

    /// The demo database's rows as Notion shows them (`66%`, `6h 56m`), with the columns
    /// `engine` maps metrics into, most important first.
    pub fn table(&self, engine: &Engine) -> Result<Table> {
        let config = engine.load_config()?;
        let schema = config
            .target()
            .map(|t| t.schema.clone())
            .ok_or_else(|| SyncError::invalid("the demo database is not chosen yet"))?;
        Ok(Table::new(
            &self.notion.pages(&self.data_source_id),
            &schema,
            &config.mapping,
        ))
    }

    pub fn stop(&self) {
        self.whoop.stop();
        self.notion.stop();
    }
}

fn sim_error(which: &str, e: std::io::Error) -> SyncError {
    SyncError::new(
        sync_engine::ErrorCode::Internal,
        format!("could not start the {which} simulator: {e}"),
    )
}

fn free_port() -> Result<u16> {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| {
        SyncError::new(
            sync_engine::ErrorCode::Internal,
            format!("no free local port: {e}"),
        )
    })?;
    Ok(probe.local_addr().map(|a| a.port()).unwrap_or(0))
}

/// The rows of the demo database as (date, property name → stored value), oldest first: the
/// raw values (`0.66` in a percent column), for machine-readable output. [`DemoWorld::table`]
/// gives them as Notion shows them.
pub fn rows(world: &DemoWorld) -> Vec<(String, Vec<(String, String)>)> {
    let mut rows: Vec<(String, Vec<(String, String)>)> = world
        .notion
        .pages(&world.data_source_id)
        .iter()
        .map(|page| {
            let props = page["properties"].as_object().cloned().unwrap_or_default();
            let date = props
                .get("Date")
                .and_then(|d| d["date"]["start"].as_str())
                .unwrap_or("")
                .to_string();
            let cells = props
                .iter()
                .filter_map(|(name, v)| display(v).map(|text| (name.clone(), text)))
                .collect();
            (date, cells)
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

fn display(value: &serde_json::Value) -> Option<String> {
    match value["type"].as_str()? {
        "number" => value["number"].as_f64().map(|n| format!("{n}")),
        "rich_text" | "title" => {
            let kind = value["type"].as_str()?;
            let text: String = value[kind]
                .as_array()?
                .iter()
                .filter_map(|p| p["plain_text"].as_str())
                .collect();
            (!text.is_empty()).then_some(text)
        }
        _ => None,
    }
}
