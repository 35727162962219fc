//! The demo's workouts: a Workouts database created in a "Health" page of the demo workspace,
//! as a user turns workouts on, and its pages as Notion shows them.

use serde_json::Value;
use sync_engine::workouts_setup::{EnergyUnit, WorkoutsDatabase};
use sync_engine::{Engine, Result};

use crate::DemoWorld;

/// One workout's page, as the demo prints it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WorkoutRow {
    /// The start as written (with the workout's own offset).
    pub start: String,
    pub title: String,
    pub strain: Option<f64>,
    pub minutes: Option<f64>,
    /// Linked to its day's page in the daily database.
    pub linked: bool,
}

impl DemoWorld {
    /// Turns workouts on for `engine`: a Workouts database beside a page of the demo
    /// workspace, mapped and linked to the days.
    pub async fn turn_on_workouts(&self, engine: &Engine) -> Result<WorkoutsDatabase> {
        let page = self.notion.add_page("Health", true);
        engine
            .workouts_create_database(Some(&page), None, EnergyUnit::Kcal)
            .await
    }

    /// The Workouts database's pages, by start.
    pub fn workout_rows(&self, workouts: &WorkoutsDatabase) -> Vec<WorkoutRow> {
        let mut rows: Vec<WorkoutRow> = self
            .notion
            .pages(&workouts.data_source_id)
            .iter()
            .map(|page| {
                let props = &page["properties"];
                WorkoutRow {
                    start: props["Start"]["date"]["start"]
                        .as_str()
                        .unwrap_or("")
                        .to_string(),
                    title: plain(&props["Name"]["title"]),
                    strain: props["Strain"]["number"].as_f64(),
                    minutes: props["Duration (min)"]["number"].as_f64(),
                    linked: props["Day"]["relation"]
                        .as_array()
                        .is_some_and(|links| !links.is_empty()),
                }
            })
            .collect();
        rows.sort_by(|a, b| a.start.cmp(&b.start));
        rows
    }
}

fn plain(rich: &Value) -> String {
    rich.as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["plain_text"].as_str())
        .collect()
}
