//! Which workout field goes into which column of the Workouts database, kept by property
//! **id** as the daily mapping is, so a renamed column keeps working.

use std::collections::BTreeMap;

use notion_client::{DataSourceSchema, PropertySchema};
use serde::{Deserialize, Serialize};

use super::{WorkoutField, WorkoutFieldKind};
use crate::mapping::{default_unit, DurationUnit, MappedProperty, MappingProblem};
use crate::SyncError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkoutMapping {
    /// field → property.
    pub fields: BTreeMap<WorkoutField, MappedProperty>,
}

/// Can `field` be written into `property`? The day link needs a relation to the daily
/// database's data source (`daily`).
pub fn compatible(field: WorkoutField, property: &PropertySchema, daily: &str) -> bool {
    if property.is_read_only() {
        return false;
    }
    let kind = property.kind.as_str();
    match field.kind() {
        WorkoutFieldKind::Start => kind == "date",
        WorkoutFieldKind::WhoopId => kind == "rich_text",
        WorkoutFieldKind::Text => matches!(kind, "rich_text" | "select"),
        WorkoutFieldKind::Number | WorkoutFieldKind::Duration => {
            matches!(kind, "number" | "rich_text")
        }
        WorkoutFieldKind::DayLink => relation_target(property) == Some(daily),
    }
}

/// The data source a relation property links to.
pub fn relation_target(property: &PropertySchema) -> Option<&str> {
    property
        .relation
        .as_ref()
        .map(|relation| relation.data_source_id.as_str())
}

fn accepted_types(field: WorkoutField) -> &'static str {
    match field.kind() {
        WorkoutFieldKind::Start => "use a date property",
        WorkoutFieldKind::WhoopId => "use a text property",
        WorkoutFieldKind::Text => "use a text or select property",
        WorkoutFieldKind::Number | WorkoutFieldKind::Duration => "use a number or text property",
        WorkoutFieldKind::DayLink => "use a relation to the daily database",
    }
}

fn mapped(property: &PropertySchema, field: WorkoutField) -> MappedProperty {
    MappedProperty {
        id: property.id.clone(),
        name: property.name.clone(),
        unit: (field.kind() == WorkoutFieldKind::Duration).then(|| minutes_or_text(property)),
        temperature: None,
        weight: None,
        height: None,
    }
}

/// Workout durations are minutes unless the column says otherwise.
fn minutes_or_text(property: &PropertySchema) -> DurationUnit {
    match default_unit(property) {
        DurationUnit::Hours if !property.name.to_lowercase().contains("(h") => {
            DurationUnit::Minutes
        }
        unit => unit,
    }
}

impl WorkoutMapping {
    /// Proposes a mapping from column names (and, for the day link, the relation to the daily
    /// database); fields with no matching column are left out.
    pub fn auto(schema: &DataSourceSchema, daily: &str) -> WorkoutMapping {
        let normalized = |p: &PropertySchema| p.name.trim().to_lowercase();
        let mut used: Vec<&str> = Vec::new();
        let mut fields = BTreeMap::new();
        for field in WorkoutField::ALL {
            let by_name = field.synonyms().iter().find_map(|synonym| {
                schema.properties.iter().find(|p| {
                    normalized(p) == *synonym
                        && compatible(field, p, daily)
                        && !used.contains(&p.id.as_str())
                })
            });
            // Any relation to the daily database is the day link, whatever its name; any
            // date, the start, when it is the only one.
            let by_type = || {
                let fitting: Vec<&PropertySchema> = schema
                    .properties
                    .iter()
                    .filter(|p| compatible(field, p, daily) && !used.contains(&p.id.as_str()))
                    .collect();
                match field.kind() {
                    WorkoutFieldKind::DayLink | WorkoutFieldKind::Start if fitting.len() == 1 => {
                        Some(fitting[0])
                    }
                    _ => None,
                }
            };
            if let Some(p) = by_name.or_else(by_type) {
                used.push(&p.id);
                fields.insert(field, mapped(p, field));
            }
        }
        WorkoutMapping { fields }
    }

    /// Maps `field` (its key) to the column named or id'd `property`.
    pub fn set(
        &mut self,
        schema: &DataSourceSchema,
        daily: &str,
        field: &str,
        property: &str,
        unit: Option<&str>,
    ) -> Result<(), SyncError> {
        let field = WorkoutField::parse(field).ok_or_else(|| {
            let keys: Vec<&str> = WorkoutField::ALL.iter().map(|f| f.as_str()).collect();
            SyncError::invalid(format!(
                "unknown workout field \"{field}\"; the fields are: {}",
                keys.join(", ")
            ))
        })?;
        let p = schema
            .by_id(property)
            .or_else(|| {
                schema
                    .properties
                    .iter()
                    .find(|p| p.name.trim().eq_ignore_ascii_case(property.trim()))
            })
            .ok_or_else(|| {
                let names: Vec<&str> = schema.properties.iter().map(|p| p.name.as_str()).collect();
                SyncError::invalid(format!(
                    "there is no property \"{property}\" in {}; its properties are: {}",
                    schema.name,
                    names.join(", ")
                ))
            })?;
        if !compatible(field, p, daily) {
            return Err(SyncError::invalid(format!(
                "{} can't be written into \"{}\" ({}): {}",
                field.label(),
                p.name,
                p.kind,
                accepted_types(field)
            )));
        }
        let mut chosen = mapped(p, field);
        if let Some(u) = unit {
            if field.kind() != WorkoutFieldKind::Duration {
                return Err(SyncError::invalid(format!(
                    "{} is not a duration; it takes no unit (got \"{u}\")",
                    field.label()
                )));
            }
            let parsed = DurationUnit::parse(u).ok_or_else(|| {
                SyncError::invalid(format!(
                    "unknown unit \"{u}\"; use ms, minutes, hours or text"
                ))
            })?;
            if (parsed == DurationUnit::Text) != (p.kind == "rich_text") {
                return Err(SyncError::invalid(format!(
                    "\"{}\" is a {} property: use {}",
                    p.name,
                    p.kind,
                    if p.kind == "rich_text" {
                        "the unit text"
                    } else {
                        "ms, minutes or hours"
                    }
                )));
            }
            chosen.unit = Some(parsed);
        }
        // A column holds one field: moving it here unmaps it elsewhere.
        self.fields.retain(|f, m| *f == field || m.id != p.id);
        self.fields.insert(field, chosen);
        Ok(())
    }

    pub fn unset(&mut self, field: &str) -> Result<(), SyncError> {
        let field = WorkoutField::parse(field)
            .ok_or_else(|| SyncError::invalid(format!("unknown workout field \"{field}\"")))?;
        self.fields.remove(&field);
        Ok(())
    }

    /// The properties a sync writes on a workout's page (besides its title).
    pub fn written_ids(&self) -> Vec<String> {
        self.fields.values().map(|m| m.id.clone()).collect()
    }

    /// Checks the mapping against the live schema, following renames. The start and the
    /// WHOOP id are needed: without them a workout's page can't be found again.
    pub fn reconcile(&mut self, schema: &DataSourceSchema, daily: &str) -> Vec<MappingProblem> {
        let mut problems = Vec::new();
        for needed in [WorkoutField::Start, WorkoutField::WhoopId] {
            if !self.fields.contains_key(&needed) {
                problems.push(MappingProblem {
                    key: needed.as_str().to_string(),
                    message: format!(
                        "no property is chosen for {} (a workout's page is found by it)",
                        needed.label()
                    ),
                });
            }
        }
        for (field, chosen) in self.fields.iter_mut() {
            match schema.by_id(&chosen.id) {
                None => problems.push(MappingProblem {
                    key: field.as_str().to_string(),
                    message: format!(
                        "\"{}\" ({}) is no longer in the database",
                        chosen.name,
                        field.label()
                    ),
                }),
                Some(p) if !compatible(*field, p, daily) => problems.push(MappingProblem {
                    key: field.as_str().to_string(),
                    message: format!(
                        "\"{}\" is now a {} property and can't hold {}: {}",
                        p.name,
                        p.kind,
                        field.label(),
                        accepted_types(*field)
                    ),
                }),
                Some(p) => chosen.follow(p, minutes_or_text),
            }
        }
        problems
    }
}
