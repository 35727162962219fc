//! What to write for each workout of some days: create its page, update it, or nothing —
//! found again by WHOOP's workout id, never by its name or time. Pages whose workout WHOOP no
//! longer has are only reported: they may hold the user's notes.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use notion_client::{DataSourceSchema, Page};
use serde_json::{Map, Value};
use whoop_client::{ScoreState, Workout};

use super::encode::{encode_day_link, encode_field, encode_title, same_field_value};
use super::mapping::WorkoutMapping;
use super::values::{workout_values, FieldValue};
use super::{WorkoutField, WorkoutsReport};
use crate::nights::{workout_day, DayRange};

#[derive(Debug, Clone, PartialEq)]
pub enum WorkoutAction {
    Create {
        properties: Map<String, Value>,
    },
    Update {
        page_id: String,
        properties: Map<String, Value>,
    },
    Unchanged,
    /// WHOOP is still scoring it: its page is written once it is scored.
    Waiting,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkoutPlan {
    pub workout_id: String,
    pub day: NaiveDate,
    pub action: WorkoutAction,
    /// Written without the link to its day, because the day has no page (yet).
    pub unlinked: bool,
    /// Its page, when it has one already.
    pub page_id: Option<String>,
    /// Its values (empty while WHOOP is still scoring a workout with no page).
    pub values: BTreeMap<WorkoutField, FieldValue>,
    /// Other pages with its WHOOP id (two computers both created it), newer than its page.
    pub duplicates: Vec<Page>,
}

/// The plan for `workouts` (those of `range`, by their own day) against the pages of the
/// Workouts database that cover it; `day_pages` are the daily database's pages by day.
pub struct WorkoutsPlan {
    pub plans: Vec<WorkoutPlan>,
    /// Pages of `range` whose workout WHOOP no longer has, as "title (url or id)".
    pub deleted_in_whoop: Vec<String>,
}

impl WorkoutsPlan {
    /// What the plan does, before anything is written (a dry run reports this).
    pub fn report(&self) -> WorkoutsReport {
        let mut report = WorkoutsReport {
            deleted_in_whoop: self.deleted_in_whoop.clone(),
            ..Default::default()
        };
        for plan in &self.plans {
            match plan.action {
                WorkoutAction::Create { .. } => report.created += 1,
                WorkoutAction::Update { .. } => report.updated += 1,
                WorkoutAction::Unchanged => report.unchanged += 1,
                WorkoutAction::Waiting => report.waiting += 1,
            }
            if plan.unlinked && !matches!(plan.action, WorkoutAction::Waiting) {
                report.unlinked += 1;
            }
        }
        report
    }
}

/// The WHOOP id a page holds, if the mapping has the column.
pub fn page_workout_id(page: &Page, mapping: &WorkoutMapping) -> Option<String> {
    let column = mapping.fields.get(&WorkoutField::WhoopId)?;
    let value = &page.property(&column.id)?.value;
    let text: String = value
        .as_array()?
        .iter()
        .filter_map(|part| {
            part.get("plain_text")
                .or_else(|| part.get("text").and_then(|t| t.get("content")))
                .and_then(Value::as_str)
        })
        .collect();
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// The title a workout's page gets: "Running · 07:10", in its own time zone.
pub fn workout_title(values: &BTreeMap<WorkoutField, FieldValue>) -> String {
    let sport = match values.get(&WorkoutField::Sport) {
        Some(FieldValue::Text(text)) => text.clone(),
        _ => "Workout".to_string(),
    };
    match values.get(&WorkoutField::Start) {
        Some(FieldValue::Start(t)) => format!("{sport} · {}", t.format("%H:%M")),
        _ => sport,
    }
}

pub fn plan_workouts(
    range: DayRange,
    workouts: &[Workout],
    pages: &[Page],
    mapping: &WorkoutMapping,
    schema: &DataSourceSchema,
    day_pages: &HashMap<NaiveDate, String>,
) -> WorkoutsPlan {
    // The oldest page of an id is the one kept, as for days; the others are extra.
    let mut by_id: HashMap<String, Vec<&Page>> = HashMap::new();
    let mut sorted: Vec<&Page> = pages.iter().filter(|p| !p.in_trash).collect();
    sorted.sort_by_key(|p| (p.created_time, p.id.clone()));
    for page in &sorted {
        if let Some(id) = page_workout_id(page, mapping) {
            by_id.entry(id).or_default().push(page);
        }
    }
    let in_range = |day: NaiveDate| day >= range.first && day <= range.last;
    let mut plans = Vec::new();
    for workout in workouts.iter().filter(|w| in_range(workout_day(w))) {
        let day = workout_day(workout);
        let pages_of = by_id.get(&workout.id).map(Vec::as_slice).unwrap_or(&[]);
        let existing = pages_of.first().copied();
        let day_page = day_pages.get(&day);
        let mut plan = WorkoutPlan {
            workout_id: workout.id.clone(),
            day,
            action: WorkoutAction::Unchanged,
            unlinked: mapping.fields.contains_key(&WorkoutField::Day) && day_page.is_none(),
            page_id: existing.map(|p| p.id.clone()),
            values: BTreeMap::new(),
            duplicates: pages_of.iter().skip(1).map(|p| (*p).clone()).collect(),
        };
        if workout.score_state == ScoreState::PendingScore && existing.is_none() {
            plan.action = WorkoutAction::Waiting;
            plans.push(plan);
            continue;
        }
        let values = workout_values(workout);
        let mut wanted = Map::new();
        if let Some(title) = schema.title_property() {
            wanted.insert(title.id.clone(), encode_title(&workout_title(&values)));
        }
        for (field, column) in &mapping.fields {
            let Some(property) = schema.by_id(&column.id) else {
                continue;
            };
            let encoded = match field {
                WorkoutField::Day => day_page.map(|id| encode_day_link(id)),
                _ => values
                    .get(field)
                    .and_then(|value| encode_field(*field, value, property, column)),
            };
            if let Some(encoded) = encoded {
                wanted.insert(property.id.clone(), encoded);
            }
        }
        plan.values = values;
        plan.action = match existing {
            None => WorkoutAction::Create { properties: wanted },
            Some(page) => {
                let changed: Map<String, Value> = wanted
                    .into_iter()
                    .filter(|(id, value)| {
                        let kind = schema.by_id(id).map(|p| p.kind.as_str()).unwrap_or("");
                        match page.property(id) {
                            Some(current) => !same_field_value(kind, &current.value, value),
                            None => true,
                        }
                    })
                    .collect();
                if changed.is_empty() {
                    WorkoutAction::Unchanged
                } else {
                    WorkoutAction::Update {
                        page_id: page.id.clone(),
                        properties: changed,
                    }
                }
            }
        };
        plans.push(plan);
    }
    let whoop_ids: std::collections::HashSet<&str> =
        workouts.iter().map(|w| w.id.as_str()).collect();
    let deleted_in_whoop = sorted
        .iter()
        .filter(|page| {
            page_start_day(page, mapping).is_some_and(in_range)
                && page_workout_id(page, mapping).is_some_and(|id| !whoop_ids.contains(id.as_str()))
        })
        .map(|page| describe(page, schema))
        .collect();
    WorkoutsPlan {
        plans,
        deleted_in_whoop,
    }
}

/// The day of a page's start, in the offset it was written with (as the workout's day is).
fn page_start_day(page: &Page, mapping: &WorkoutMapping) -> Option<NaiveDate> {
    let column = mapping.fields.get(&WorkoutField::Start)?;
    let start = page.date_start(&column.id)?;
    match chrono::DateTime::parse_from_rfc3339(start) {
        Ok(moment) => Some(moment.date_naive()),
        Err(_) => NaiveDate::parse_from_str(start.get(..10)?, "%Y-%m-%d").ok(),
    }
}

/// "Running · 07:10 (https://www.notion.so/…)": how a report names a page.
fn describe(page: &Page, schema: &DataSourceSchema) -> String {
    let title = schema
        .title_property()
        .and_then(|t| page.property(&t.id))
        .and_then(|v| v.value.as_array())
        .map(|parts| {
            parts
                .iter()
                .filter_map(|p| p.get("plain_text").and_then(Value::as_str))
                .collect::<String>()
        })
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Untitled".to_string());
    let place = safe_links::page_address(page.url.as_deref()).unwrap_or_else(|| page.id.clone());
    format!("{title} ({place})")
}
