//! A WHOOP account and a Notion workspace (the simulators, at Notion's real limits, in this
//! process), and a profile folder connected to them that the CLI child uses. Also what the
//! data says a run should cost and write.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use api_simulators::whoop::{Dataset, ScoreState};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use demo_mode::DemoWorld;
use http_policy::SystemClock;
use secret_store::FileStore;
use sync_engine::config::ConfigDir;
use sync_engine::nights::{DayRange, WhoopWindow};
use sync_engine::workouts_setup::EnergyUnit;
use sync_engine::FixedZone;

pub struct Profile {
    pub world: DemoWorld,
    pub dir: PathBuf,
    /// The Workouts database's data source: every workout gets a page there too.
    pub workouts_data_source: String,
}

impl Profile {
    /// Starts the simulators with `dataset` and connects a fresh profile to them, as
    /// `whoop-notion demo --serve` does (secrets in the profile's file store).
    pub async fn connect(dataset: Dataset, name: &str) -> Profile {
        let world = DemoWorld::start_with(dataset)
            .await
            .expect("simulators start");
        let dir = std::env::temp_dir().join(format!(
            "whoop-notion-bench-history-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let engine = world.engine(
            ConfigDir::new(&dir),
            Arc::new(FileStore::in_config_dir(&dir)),
            Arc::new(SystemClock),
            Arc::new(FixedZone(FixedOffset::east_opt(0).expect("UTC"))),
        );
        world.connect(&engine).await.expect("connect");
        // Workouts on, in a database created beside a page of its own, linked to the days.
        let page = world.notion.add_page("Health", true);
        let workouts = engine
            .workouts_create_database(Some(&page), None, EnergyUnit::Kcal)
            .await
            .expect("the Workouts database");
        // Let Notion's bucket refill after connecting, as it would before a real backfill.
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        world.notion.reset_stats();
        world.whoop.reset_stats();
        Profile {
            world,
            dir,
            workouts_data_source: workouts.data_source_id,
        }
    }

    /// The environment of the CLI child: this profile, the simulators, the machine in UTC
    /// (the data's "today" is the UTC date).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("WHOOP_NOTION_CONFIG_DIR", self.dir.display().to_string()),
            ("WHOOP_NOTION_SECRETS", "file".into()),
            ("WHOOP_OAUTH_URL", self.world.whoop.oauth_url()),
            ("WHOOP_API_URL", self.world.whoop.api_url()),
            ("NOTION_API_URL", self.world.notion.base_url()),
            ("TZ", "UTC".into()),
        ]
    }

    /// Pages in the database per day (a day with two is a duplicate).
    pub fn pages_per_day(&self) -> BTreeMap<String, usize> {
        let mut days = BTreeMap::new();
        for page in self.world.notion.pages(&self.world.data_source_id) {
            let day = page["properties"]["Date"]["date"]["start"]
                .as_str()
                .unwrap_or("?")
                .to_string();
            *days.entry(day).or_default() += 1;
        }
        days
    }

    /// Workout pages per WHOOP workout id (an id with two is a duplicate), and how many are
    /// linked to a day.
    pub fn workout_pages(&self) -> (BTreeMap<String, usize>, usize) {
        let mut ids = BTreeMap::new();
        let mut linked = 0;
        for page in self.world.notion.pages(&self.workouts_data_source) {
            let id = page["properties"]["WHOOP ID"]["rich_text"][0]["plain_text"]
                .as_str()
                .unwrap_or("?")
                .to_string();
            *ids.entry(id).or_default() += 1;
            let links = page["properties"]["Day"]["relation"].as_array();
            linked += usize::from(links.is_some_and(|l| !l.is_empty()));
        }
        (ids, linked)
    }

    /// Workouts of `range` (by their own day) that have begun by `now`, and how many of them
    /// WHOOP has scored or can't score (those get a page; one still being scored waits).
    pub fn workouts_due(&self, range: DayRange, now: DateTime<Utc>) -> (usize, usize) {
        let data = self.world.whoop.dataset();
        let due: Vec<_> = data
            .workouts
            .iter()
            .zip(&data.workout_truth)
            .filter(|(w, t)| t.day >= range.first && t.day <= range.last && w.start < now)
            .collect();
        let written = due
            .iter()
            .filter(|(w, _)| w.score_state != ScoreState::PendingScore)
            .count();
        (due.len(), written)
    }

    /// Scored nights of `range` that have begun by `now` (the run can see them): each must end
    /// up as exactly one page.
    pub fn scored_days(&self, range: DayRange, now: DateTime<Utc>) -> Vec<NaiveDate> {
        let data = self.world.whoop.dataset();
        data.truth
            .iter()
            .filter(|t| t.day >= range.first && t.day <= range.last)
            .filter(|t| t.state == ScoreState::Scored)
            .filter(|t| data.sleep(&t.sleep_id).is_some_and(|s| s.start < now))
            .map(|t| t.day)
            .collect()
    }

    pub fn stop(&self) {
        self.world.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Records WHOOP answers for `range` read in one pass: each collection's records whose time
/// (a recovery's is its sleep's start) falls in the window the engine asks for.
#[derive(Debug, Clone, Copy)]
pub struct Records {
    pub recoveries: usize,
    pub sleeps: usize,
    pub cycles: usize,
    pub workouts: usize,
}

impl Records {
    pub fn in_window(data: &Dataset, range: DayRange, now: DateTime<Utc>) -> Records {
        let window = range.whoop_window(now);
        let inside = |t: DateTime<Utc>| t >= window.start && t < window.end;
        Records {
            recoveries: data
                .recoveries
                .iter()
                .filter(|r| data.sleep(&r.sleep_id).is_some_and(|s| inside(s.start)))
                .count(),
            sleeps: data.sleeps.iter().filter(|s| inside(s.start)).count(),
            cycles: data.cycles.iter().filter(|c| inside(c.start)).count(),
            workouts: data.workouts.iter().filter(|w| inside(w.start)).count(),
        }
    }
}
