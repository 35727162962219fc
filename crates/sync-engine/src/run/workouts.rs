//! The Workouts database's part of a run: after a chunk's days are written, each workout of
//! those days gets its page (found again by WHOOP's id), linked to its day's page. The reads
//! are the run's own (workouts come in the same streams as the nights); Notion costs one
//! query per chunk plus one write per new or changed workout.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use notion_client::{DataSourceSchema, NotionApi, NotionError, Page};
use serde_json::{json, Map, Value};
use sync_history::WorkoutRecord;
use whoop_client::Workout;

use crate::config::{AppConfig, WorkoutsTarget};
use crate::engine::Engine;
use crate::mapping::{broken_mapping, MappingProblem};
use crate::nights::DayRange;
use crate::run::create_once::create_page_once;
use crate::run::duplicates::{self, BotCell};
use crate::workouts::mapping::WorkoutMapping;
use crate::workouts::plan::{plan_workouts, WorkoutAction};
use crate::workouts::{WorkoutField, WorkoutsReport};
use crate::{Result, SyncError};

/// What every chunk's workouts use.
pub(crate) struct WorkoutsSetup {
    pub target: WorkoutsTarget,
    pub mapping: WorkoutMapping,
    pub schema: DataSourceSchema,
    schema_is_live: bool,
    saved: bool,
}

/// The error a run stops with when the Workouts mapping doesn't fit its database.
pub fn workouts_broken(problems: &[MappingProblem]) -> SyncError {
    broken_mapping("the Workouts database's mapping", problems)
}

impl WorkoutsSetup {
    pub fn new(target: WorkoutsTarget) -> Self {
        WorkoutsSetup {
            mapping: target.mapping.clone(),
            schema: target.schema.clone(),
            target,
            schema_is_live: false,
            saved: false,
        }
    }
}

/// One chunk's workouts and what they link to.
pub(crate) struct ChunkWorkouts<'a> {
    pub range: DayRange,
    /// Those of `range`'s days, by their own day.
    pub workouts: &'a [Workout],
    /// The daily database's page of each day that has one.
    pub day_pages: &'a HashMap<NaiveDate, String>,
}

impl Engine {
    /// Writes the pages of a chunk's workouts and reports what it did.
    pub(crate) async fn sync_workouts_chunk(
        &self,
        notion: &NotionApi,
        config: &AppConfig,
        setup: &mut WorkoutsSetup,
        chunk: ChunkWorkouts<'_>,
        dry_run: bool,
        bot: &BotCell,
    ) -> Result<(WorkoutsReport, Vec<WorkoutRecord>)> {
        let ChunkWorkouts {
            range,
            workouts,
            day_pages,
        } = chunk;
        let daily = config
            .target()
            .map(|t| t.data_source_id.clone())
            .unwrap_or_default();
        if !setup.mapping.reconcile(&setup.schema, &daily).is_empty() {
            self.live_workouts_schema(notion, setup, &daily).await?;
        }
        let pages = query_workouts(notion, setup, range).await?;
        let plan_with = |setup: &WorkoutsSetup| {
            plan_workouts(
                range,
                workouts,
                &pages,
                &setup.mapping,
                &setup.schema,
                day_pages,
            )
        };
        let mut plan = plan_with(setup);
        let writes = plan.plans.iter().any(|p| {
            matches!(
                p.action,
                WorkoutAction::Create { .. } | WorkoutAction::Update { .. }
            )
        });
        if writes && !setup.schema_is_live && !dry_run {
            // Types are checked against the live schema before anything is written.
            self.live_workouts_schema(notion, setup, &daily).await?;
            plan = plan_with(setup);
        }
        if setup.schema_is_live && !setup.saved {
            self.save_workouts_schema(config, setup)?;
        }
        let report = plan.report();
        if dry_run {
            return Ok((report, Vec::new()));
        }
        let mut written = Vec::new();
        for workout_plan in plan.plans {
            let page_id = match workout_plan.action {
                WorkoutAction::Create { properties } => Some(
                    create_workout_once(notion, setup, &workout_plan.workout_id, properties)
                        .await?
                        .id,
                ),
                WorkoutAction::Update {
                    page_id,
                    properties,
                } => Some(
                    notion
                        .update_page(&page_id, Value::Object(properties))
                        .await?
                        .id,
                ),
                WorkoutAction::Unchanged => workout_plan.page_id.clone(),
                WorkoutAction::Waiting => continue,
            };
            if !workout_plan.duplicates.is_empty() {
                // Its page has its values now: the extra ones this app made may go.
                let written = setup.mapping.written_ids();
                let said = duplicates::tidy(
                    notion,
                    bot,
                    &written,
                    &setup.schema,
                    &workout_plan.duplicates,
                )
                .await;
                tracing::info!("workout {}: {said}", workout_plan.workout_id);
            }
            let values: Map<String, Value> = workout_plan
                .values
                .iter()
                .map(|(field, value)| (field.as_str().to_string(), value.to_json()))
                .collect();
            written.push(WorkoutRecord {
                whoop_id: workout_plan.workout_id,
                day: workout_plan.day,
                page_id,
                values: Value::Object(values),
            });
        }
        Ok((report, written))
    }

    async fn live_workouts_schema(
        &self,
        notion: &NotionApi,
        setup: &mut WorkoutsSetup,
        daily: &str,
    ) -> Result<()> {
        let schema = notion.data_source(&setup.target.data_source_id).await?;
        let problems = setup.mapping.reconcile(&schema, daily);
        if !problems.is_empty() {
            return Err(workouts_broken(&problems));
        }
        setup.schema = schema;
        setup.schema_is_live = true;
        Ok(())
    }

    /// Remembers followed renames and the fresh schema, unless someone changed the Workouts
    /// settings meanwhile.
    fn save_workouts_schema(&self, config: &AppConfig, setup: &mut WorkoutsSetup) -> Result<()> {
        let at_start = config.workouts.as_ref().map(|w| &w.mapping);
        let (mapping, schema) = (&setup.mapping, &setup.schema);
        self.update_config(|c| {
            if let Some(w) = c.workouts.as_mut() {
                if Some(&w.mapping) == at_start && w.data_source_id == schema.id {
                    w.mapping = mapping.clone();
                    w.schema = schema.clone();
                }
            }
            Ok(())
        })?;
        setup.saved = true;
        Ok(())
    }
}

/// The Workouts database's pages that may hold `range`'s workouts: a day either side, as a
/// workout's day is its own local date and the start is stored with its offset.
async fn query_workouts(
    notion: &NotionApi,
    setup: &WorkoutsSetup,
    range: DayRange,
) -> Result<Vec<Page>, NotionError> {
    let Some(start) = setup.mapping.fields.get(&WorkoutField::Start) else {
        return Ok(Vec::new());
    };
    let first = (range.first - Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let last = (range.last + Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let filter = json!({"and": [
        {"property": start.id, "date": {"on_or_after": first}},
        {"property": start.id, "date": {"on_or_before": last}},
    ]});
    let sorts = json!([{"timestamp": "created_time", "direction": "ascending"}]);
    notion
        .query(&setup.target.data_source_id, filter, sorts)
        .await
}

/// Creates a workout's page, never twice: after a lost answer, it is looked for by its WHOOP
/// id.
async fn create_workout_once(
    notion: &NotionApi,
    setup: &WorkoutsSetup,
    workout_id: &str,
    properties: Map<String, Value>,
) -> Result<Page> {
    create_page_once(notion, &setup.target.data_source_id, &properties, || {
        find_by_whoop_id(notion, setup, workout_id)
    })
    .await
}

async fn find_by_whoop_id(
    notion: &NotionApi,
    setup: &WorkoutsSetup,
    workout_id: &str,
) -> Result<Option<Page>, NotionError> {
    let Some(column) = setup.mapping.fields.get(&WorkoutField::WhoopId) else {
        return Ok(None);
    };
    let filter = json!({"property": column.id, "rich_text": {"equals": workout_id}});
    let sorts = json!([{"timestamp": "created_time", "direction": "ascending"}]);
    let pages = notion
        .query(&setup.target.data_source_id, filter, sorts)
        .await?;
    Ok(pages.into_iter().find(|p| !p.in_trash))
}
