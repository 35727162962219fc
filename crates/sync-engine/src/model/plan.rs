//! Per day: create, update the properties that differ, or do nothing. A pure function of the
//! nights, the pages found in one query, the mapping and the schema, so every case is testable
//! without a server.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use notion_client::{DataSourceSchema, Page};
use serde_json::{Map, Value};

use crate::mapping::encode::{encode, encode_day, encode_title, same_value};
use crate::mapping::Mapping;
use crate::metrics::{metric, metric_values, MetricValue};
use crate::nights::DayState;
pub use sync_vocabulary::ActionKind;

#[derive(Debug, Clone, PartialEq)]
pub enum PlannedAction {
    Create {
        properties: Map<String, Value>,
    },
    Update {
        page_id: String,
        properties: Map<String, Value>,
    },
    Unchanged {
        page_id: String,
    },
    Waiting,
    Skipped,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DayPlan {
    pub day: NaiveDate,
    pub action: PlannedAction,
    pub reason: Option<String>,
    pub page_url: Option<String>,
    /// The metric values of the night (all of them, mapped or not), for display.
    pub values: BTreeMap<&'static str, MetricValue>,
    /// Further pages on the same date (the day's page is the oldest, see [`pages_by_day`]):
    /// after the day's write, those this connection provably made and nobody else touched go
    /// to the trash; the others are left alone and reported.
    pub duplicates: Vec<Page>,
}

impl PlannedAction {
    pub fn kind(&self) -> ActionKind {
        match self {
            PlannedAction::Create { .. } => ActionKind::Created,
            PlannedAction::Update { .. } => ActionKind::Updated,
            PlannedAction::Unchanged { .. } => ActionKind::Unchanged,
            PlannedAction::Waiting => ActionKind::Waiting,
            PlannedAction::Skipped => ActionKind::Skipped,
        }
    }
}

/// The day a page is for, from its day-key property (a date-time counts by its written date).
pub fn page_day(page: &Page, day_property_id: &str) -> Option<NaiveDate> {
    let start = page.date_start(day_property_id)?;
    NaiveDate::parse_from_str(start.get(..10)?, "%Y-%m-%d").ok()
}

/// Pages by day, the day's page first: the oldest `created_time`, then the smallest id.
/// Notion rounds `created_time` to the minute, so the id settles ties the same way on every
/// computer, whichever connection asks: two computers that raced agree on which page stays.
pub fn pages_by_day<'a>(
    pages: &'a [Page],
    day_property_id: &str,
) -> BTreeMap<NaiveDate, Vec<&'a Page>> {
    let mut by_day: BTreeMap<NaiveDate, Vec<&Page>> = BTreeMap::new();
    for page in pages.iter().filter(|p| !p.in_trash) {
        if let Some(day) = page_day(page, day_property_id) {
            by_day.entry(day).or_default().push(page);
        }
    }
    for pages in by_day.values_mut() {
        pages.sort_by(|a, b| (a.created_time, &a.id).cmp(&(b.created_time, &b.id)));
    }
    by_day
}

/// The mapped properties for a night, as they would be written.
pub fn desired_properties(
    values: &BTreeMap<&'static str, MetricValue>,
    mapping: &Mapping,
    schema: &DataSourceSchema,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, mapped) in &mapping.metrics {
        let (Some(metric), Some(property)) = (metric(key), schema.by_id(&mapped.id)) else {
            continue;
        };
        // A value WHOOP didn't send is not written: the cell keeps what it has.
        if let Some(value) = values.get(metric.key.as_str()) {
            if let Some(encoded) = encode(metric, value, property, mapped) {
                out.insert(property.id.clone(), encoded);
            }
        }
    }
    out
}

pub fn plan(
    days: &BTreeMap<NaiveDate, DayState>,
    pages: &[Page],
    mapping: &Mapping,
    schema: &DataSourceSchema,
    today: NaiveDate,
) -> Vec<DayPlan> {
    let Some(day_key) = mapping.day.as_ref() else {
        return Vec::new();
    };
    let by_day = pages_by_day(pages, &day_key.id);
    days.iter()
        .map(|(day, state)| {
            let existing = by_day.get(day).map(Vec::as_slice).unwrap_or(&[]);
            let first = existing.first();
            let duplicates: Vec<Page> = existing.iter().skip(1).map(|p| (*p).clone()).collect();
            let mut plan = DayPlan {
                day: *day,
                action: PlannedAction::Skipped,
                reason: None,
                page_url: safe_links::page_address(first.and_then(|p| p.url.as_deref())),
                values: BTreeMap::new(),
                duplicates,
            };
            match state {
                DayState::Waiting(reason) => {
                    plan.action = PlannedAction::Waiting;
                    plan.reason = Some(reason.clone());
                }
                DayState::Unscorable(reason) => plan.reason = Some(reason.clone()),
                DayState::NoData if *day >= today => {
                    plan.action = PlannedAction::Waiting;
                    plan.reason = Some("last night isn't in WHOOP yet".into());
                }
                DayState::NoData => plan.reason = Some("no sleep recorded in WHOOP".into()),
                DayState::Ready(night) => {
                    plan.values = metric_values(night);
                    let wanted = desired_properties(&plan.values, mapping, schema);
                    plan.action = match first {
                        None => {
                            let mut properties = wanted;
                            properties.insert(day_key.id.clone(), encode_day(*day));
                            if let Some(title) = schema.title_property() {
                                properties.insert(title.id.clone(), encode_title(*day));
                            }
                            PlannedAction::Create { properties }
                        }
                        Some(page) => {
                            let changed: Map<String, Value> = wanted
                                .into_iter()
                                .filter(|(id, value)| {
                                    let kind =
                                        schema.by_id(id).map(|p| p.kind.as_str()).unwrap_or("");
                                    match page.property(id) {
                                        Some(current) => !same_value(kind, &current.value, value),
                                        None => true,
                                    }
                                })
                                .collect();
                            if changed.is_empty() {
                                PlannedAction::Unchanged {
                                    page_id: page.id.clone(),
                                }
                            } else {
                                PlannedAction::Update {
                                    page_id: page.id.clone(),
                                    properties: changed,
                                }
                            }
                        }
                    };
                    if !plan.duplicates.is_empty() {
                        plan.reason = Some(duplicates_left(existing.len(), &plan.duplicates));
                    }
                }
            }
            plan
        })
        .collect()
}

/// The reason a day with several pages reports while the extra ones stay.
pub fn duplicates_left(count: usize, left: &[Page]) -> String {
    let ids: Vec<&str> = left.iter().map(|p| p.id.as_str()).collect();
    format!(
        "{count} pages have this date; kept the oldest and left the others alone (not made by \
         this app alone, or changed since): {}",
        ids.join(", ")
    )
}
