//! A test world: both simulators with generated data, an engine on a virtual clock (so pacing
//! and retries cost no wall time), an in-memory secret store and a temp config dir.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use api_simulators::notion::{CreatedDatabase, NotionSim, NotionSimConfig, NotionSimHandle};
use api_simulators::whoop::{
    Dataset, GenerateOptions, NightTruth, ScoreState, WhoopSim, WhoopSimConfig, WhoopSimHandle,
};
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use http_policy::ManualClock;
use secret_store::MemoryStore;
use serde_json::Value;
use sync_engine::config::ConfigDir;
use sync_engine::nights::DayRange;
use sync_engine::report::SyncReport;
use sync_engine::{Endpoints, Engine, EngineEnv, FixedZone, SyncRequest, Trigger};

pub const CLIENT_ID: &str = "test-client";
pub const CLIENT_SECRET: &str = "test-client-secret";
pub const NOTION_TOKEN: &str = "test-notion-token";

pub fn today() -> NaiveDate {
    // A past date: the WHOOP simulator hides records that end after the real "now".
    NaiveDate::from_ymd_opt(2026, 3, 20).unwrap()
}

pub struct World {
    pub whoop: WhoopSimHandle,
    pub notion: NotionSimHandle,
    pub db: CreatedDatabase,
    pub engine: Engine,
    pub clock: ManualClock,
    pub secrets: MemoryStore,
    pub dir: tempfile::TempDir,
}

pub struct Options {
    pub days: u32,
    pub pending_today: bool,
    pub seed: u64,
    /// Notion's real pace (3/s) in the simulator; off by default to keep tests fast.
    pub real_notion_rate: bool,
    /// The Notion simulator on the world's clock (its `created_time` and query lag follow the
    /// engines' virtual time) instead of the system's.
    pub notion_on_world_clock: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            days: 40,
            pending_today: false,
            seed: 7,
            real_notion_rate: false,
            notion_on_world_clock: false,
        }
    }
}

impl World {
    pub async fn new(options: Options) -> World {
        let mut generate = GenerateOptions::new(options.seed, today(), options.days);
        generate.pending_today = options.pending_today;
        let dataset = Dataset::generate(&generate);
        let whoop = WhoopSim::start(WhoopSimConfig::new(CLIENT_ID, CLIENT_SECRET, dataset))
            .await
            .unwrap();
        // 14:00 in New York (the generator's home, −05:00) on "today".
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 3, 20, 19, 0, 0).unwrap());
        let mut notion_config = NotionSimConfig::new(NOTION_TOKEN);
        if options.notion_on_world_clock {
            notion_config.clock = api_simulators::SimClock::new(Arc::new(clock.clone()));
        }
        let notion = NotionSim::start(notion_config).await.unwrap();
        if !options.real_notion_rate {
            notion.set_rate(10_000.0, 10_000);
        }
        let db = notion.daily_tracking_database();
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemoryStore::new();
        let engine = engine_for(&whoop, &notion, &dir, &secrets, &clock);
        World {
            whoop,
            notion,
            db,
            engine,
            clock,
            secrets,
            dir,
        }
    }

    /// Another engine on the same config dir and store (a second "process").
    pub fn another_engine(&self) -> Engine {
        engine_for(
            &self.whoop,
            &self.notion,
            &self.dir,
            &self.secrets,
            &self.clock,
        )
    }

    /// Another engine like [`World::another_engine`], its environment changed by `tweak`
    /// (e.g. shorter lock waits).
    pub fn another_engine_with(&self, tweak: impl FnOnce(&mut EngineEnv)) -> Engine {
        let mut env = env_for(
            &self.whoop,
            &self.notion,
            &self.dir,
            &self.secrets,
            &self.clock,
        );
        tweak(&mut env);
        Engine::new(env)
    }

    /// The profile folder: inside the temp dir, and created by the engine, as on a first run.
    pub fn profile(&self) -> std::path::PathBuf {
        profile_in(&self.dir)
    }

    pub fn data_source_id(&self) -> &str {
        &self.db.data_source_ids[0]
    }

    /// Connects both services the way a user does, and picks the demo database.
    pub async fn connect(&self) {
        self.connect_services().await;
        self.engine
            .notion_use(&self.db.database_id, None)
            .await
            .unwrap();
    }

    /// Connects WHOOP and Notion, choosing no database.
    pub async fn connect_services(&self) {
        self.connect_engine(&self.engine, NOTION_TOKEN).await;
    }

    /// Another computer on the same WHOOP account and Notion database: its own profile and
    /// keychain, its own WHOOP sign-in and its own Notion connection (`notion_token`, added
    /// to the simulator), on the world's clock.
    pub async fn second_computer(&self, notion_token: &str) -> SecondComputer {
        self.second_computer_with(notion_token, |_| {}).await
    }

    /// [`World::second_computer`] with its environment changed by `tweak`.
    pub async fn second_computer_with(
        &self,
        notion_token: &str,
        tweak: impl FnOnce(&mut EngineEnv),
    ) -> SecondComputer {
        self.notion.add_connection(notion_token);
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemoryStore::new();
        let mut env = env_for(&self.whoop, &self.notion, &dir, &secrets, &self.clock);
        tweak(&mut env);
        let engine = Engine::new(env);
        self.connect_engine(&engine, notion_token).await;
        engine.notion_use(&self.db.database_id, None).await.unwrap();
        SecondComputer {
            engine,
            _dir: dir,
            _secrets: secrets,
        }
    }

    async fn connect_engine(&self, engine: &Engine, notion_token: &str) {
        let port = free_port();
        let redirect = format!("http://127.0.0.1:{port}/callback");
        let mut pending = engine
            .whoop_begin_connect(CLIENT_ID, CLIENT_SECRET, Some(&redirect))
            .await
            .unwrap();
        let url = pending.authorize_url.clone();
        let browser = tokio::spawn(async move { reqwest::get(url).await.unwrap().status() });
        let code = pending
            .wait_for_code(Duration::from_secs(10))
            .await
            .unwrap();
        assert!(browser.await.unwrap().is_success());
        engine.whoop_finish_connect(pending, &code).await.unwrap();
        engine.notion_connect(notion_token).await.unwrap();
    }

    pub async fn sync(&self, first: NaiveDate, last: NaiveDate) -> sync_engine::Result<SyncReport> {
        self.sync_with(&self.engine, first, last, false).await
    }

    pub async fn sync_with(
        &self,
        engine: &Engine,
        first: NaiveDate,
        last: NaiveDate,
        dry_run: bool,
    ) -> sync_engine::Result<SyncReport> {
        let request = SyncRequest {
            range: DayRange::new(first, last),
            dry_run,
            trigger: Trigger::Manual,
        };
        engine.sync(request, &|_| {}).await
    }

    /// Replaces the WHOOP sign-in by one from before the app asked for workouts.
    pub fn sign_in_without_workouts(&self) {
        use secret_store::SecretStore;
        let issued = self.whoop.issue_tokens(
            "offline read:recovery read:cycles read:sleep read:profile read:body_measurement",
        );
        let tokens = whoop_client::TokenSet {
            access_token: issued.access_token,
            refresh_token: issued.refresh_token,
            expires_at: http_policy::Clock::now(&self.clock)
                + chrono::Duration::seconds(issued.expires_in),
            scope: issued.scope,
        };
        let key = format!(
            "{}/whoop.tokens",
            self.engine.load_config().unwrap().profile_id
        );
        self.secrets
            .set(&key, &serde_json::to_string(&tokens).unwrap())
            .unwrap();
    }

    pub fn truth(&self) -> Vec<NightTruth> {
        self.whoop.dataset().truth
    }

    pub fn scored_truth(&self, first: NaiveDate, last: NaiveDate) -> Vec<NightTruth> {
        self.truth()
            .into_iter()
            .filter(|t| t.day >= first && t.day <= last && t.state == ScoreState::Scored)
            .collect()
    }

    /// The pages of the demo database, as Notion renders them.
    pub fn pages(&self) -> Vec<Value> {
        self.notion.pages(self.data_source_id())
    }

    pub fn pages_on(&self, day: NaiveDate) -> Vec<Value> {
        let day = day.format("%Y-%m-%d").to_string();
        self.pages()
            .into_iter()
            .filter(|p| p["properties"]["Date"]["date"]["start"].as_str() == Some(&day))
            .collect()
    }
}

/// A second computer's engine and what it keeps to itself.
pub struct SecondComputer {
    pub engine: Engine,
    _dir: tempfile::TempDir,
    _secrets: MemoryStore,
}

fn profile_in(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("profile")
}

fn engine_for(
    whoop: &WhoopSimHandle,
    notion: &NotionSimHandle,
    dir: &tempfile::TempDir,
    secrets: &MemoryStore,
    clock: &ManualClock,
) -> Engine {
    Engine::new(env_for(whoop, notion, dir, secrets, clock))
}

fn env_for(
    whoop: &WhoopSimHandle,
    notion: &NotionSimHandle,
    dir: &tempfile::TempDir,
    secrets: &MemoryStore,
    clock: &ManualClock,
) -> EngineEnv {
    let endpoints = Endpoints {
        whoop_oauth: whoop.oauth_url(),
        whoop_api: whoop.api_url(),
        notion_api: notion.base_url(),
    };
    let zone = FixedZone(FixedOffset::west_opt(5 * 3600).unwrap());
    EngineEnv::new(
        ConfigDir::new(profile_in(dir)),
        Arc::new(clock.clone()),
        Arc::new(zone),
        Arc::new(secrets.clone()),
        endpoints,
    )
    .with_seed(42)
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

pub fn number(page: &Value, property: &str) -> Option<f64> {
    page["properties"][property]["number"].as_f64()
}

pub fn text(page: &Value, property: &str) -> String {
    page["properties"][property]["rich_text"]
        .as_array()
        .map(|parts| {
            parts
                .iter()
                .filter_map(|p| p["plain_text"].as_str())
                .collect()
        })
        .unwrap_or_default()
}

pub fn at(clock: &ManualClock) -> DateTime<Utc> {
    use http_policy::Clock;
    clock.now()
}
