//! Which world the app talks to: the user's real accounts (the same profile as the CLI), or
//! demo mode, where the built-in simulators play WHOOP and Notion.

use std::sync::Arc;

use app_core::overview::Mode;
use demo_mode::DemoWorld;
use http_policy::{Clock, SystemClock};
use secret_store::MemoryStore;
use sync_engine::config::ConfigDir;
use sync_engine::{Engine, LocalZone, SyncError, SystemZone};

/// Days of generated history in demo mode.
const DEMO_DAYS: u32 = 30;

pub struct Session {
    pub engine: Engine,
    pub mode: Mode,
    /// Kept alive while in demo mode: dropping it would leave the simulators orphaned.
    pub demo: Option<DemoWorld>,
}

impl Session {
    pub fn real() -> Result<Session, SyncError> {
        Ok(Self::of(process_env::engine(None)?))
    }

    /// Real mode on a given engine.
    pub fn of(engine: Engine) -> Session {
        Session {
            engine,
            mode: Mode::Real,
            demo: None,
        }
    }

    /// Starts the simulators and connects a fresh demo profile to them, as a user would. Its
    /// history ends today by the machine's clock and zone, the ones its engine runs on.
    pub async fn demo(dir: std::path::PathBuf) -> Result<Session, SyncError> {
        let (clock, zone) = (SystemClock, SystemZone);
        let now = clock.now();
        let world =
            DemoWorld::start_as_of(now, zone.offset_at(now).local_minus_utc() / 60, DEMO_DAYS)
                .await?;
        let _ = std::fs::remove_dir_all(&dir);
        // Demo tokens are throwaway: they stay in memory, never in the keychain.
        let engine = world
            .engine(
                ConfigDir::new(dir),
                Arc::new(MemoryStore::new()),
                Arc::new(clock),
                Arc::new(zone),
            )
            .with_locale_units(process_env::locale_units());
        world.connect(&engine).await?;
        // The demo shows workouts too: their database is there, mapped and linked to the days.
        world.turn_on_workouts(&engine).await?;
        Ok(Session {
            engine,
            mode: Mode::Demo,
            demo: Some(world),
        })
    }

    pub fn stop(&self) {
        if let Some(world) = &self.demo {
            world.stop();
        }
    }
}
