//! "What would a workout's page look like?": the newest scored workout of the last two weeks
//! through the Workouts mapping, each cell as Notion would show it. Reads WHOOP; writes
//! nothing.

use chrono::Duration;
use serde::Serialize;
use whoop_client::{DateRange, ScoreState};

use crate::engine::Engine;
use crate::nights::{workout_day, DayRange, WhoopWindow};
use crate::setup::mapping_preview::display;
use crate::tokens::WORKOUT_SCOPE;
use crate::workouts::encode::encode_field;
use crate::workouts::plan::workout_title;
use crate::workouts::values::workout_values;
use crate::workouts::WorkoutField;
use crate::{ErrorCode, Result, SyncError};

/// Days back the preview looks for a scored workout.
const PREVIEW_DAYS: i64 = 14;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkoutPreviewCell {
    pub field: WorkoutField,
    pub column: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkoutPreview {
    /// The page's title ("Running · 07:10"), or `None` when there is no workout to show.
    pub title: Option<String>,
    pub cells: Vec<WorkoutPreviewCell>,
    pub note: Option<String>,
}

impl Engine {
    pub async fn workouts_preview(&self) -> Result<WorkoutPreview> {
        let config = self.load_config()?;
        let target = config.workouts.clone().ok_or_else(|| {
            SyncError::new(ErrorCode::NoDatabase, "no Workouts database is chosen")
        })?;
        let daily = config
            .target()
            .map(|t| t.data_source_id.clone())
            .unwrap_or_default();
        let (whoop, tokens) = self.whoop(&config).await?;
        if !tokens.allows(WORKOUT_SCOPE).await? {
            return Err(SyncError::new(
                ErrorCode::WhoopReconnect,
                "this WHOOP sign-in doesn't allow reading workouts",
            ));
        }
        let today = self.today();
        let range = DayRange::new(today - Duration::days(PREVIEW_DAYS), today).expect("ordered");
        let window: DateRange = range.whoop_window(self.env.clock.now());
        let workouts = whoop.workouts(window).await?;
        let newest = workouts
            .iter()
            .filter(|w| w.score_state == ScoreState::Scored && workout_day(w) >= range.first)
            .max_by_key(|w| w.start);
        let Some(workout) = newest else {
            return Ok(WorkoutPreview {
                title: None,
                cells: Vec::new(),
                note: Some(format!(
                    "WHOOP has no scored workout in the last {PREVIEW_DAYS} days to show"
                )),
            });
        };
        let values = workout_values(workout);
        let mut mapping = target.mapping.clone();
        mapping.reconcile(&target.schema, &daily);
        let cells = mapping
            .fields
            .iter()
            .filter_map(|(field, column)| {
                let property = target.schema.by_id(&column.id)?;
                let value = match field {
                    WorkoutField::Day => format!("→ {}", workout_day(workout)),
                    _ => match values.get(field) {
                        Some(value) => encode_field(*field, value, property, column)
                            .map(|encoded| {
                                let shown = match &encoded.get("select") {
                                    Some(select) => {
                                        select["name"].as_str().unwrap_or_default().to_string()
                                    }
                                    None => display(
                                        &property.kind,
                                        property.number_format.as_deref(),
                                        &encoded,
                                    ),
                                };
                                shown
                            })
                            .unwrap_or_default(),
                        None => "— (WHOOP sent no value)".to_string(),
                    },
                };
                Some(WorkoutPreviewCell {
                    field: *field,
                    column: column.name.clone(),
                    value,
                })
            })
            .collect();
        Ok(WorkoutPreview {
            title: Some(workout_title(&values)),
            cells,
            note: None,
        })
    }
}
