//! Turning workouts on: pick the Workouts database or have one created beside the daily
//! database, map its columns (by id, type-checked), or turn workouts off again. Turning off
//! forgets the choice only; the database and its pages stay the user's.

use notion_client::{DataSourceSchema, NotionApi};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::config::{no_database, AppConfig, WorkoutsTarget};
use crate::engine::Engine;
use crate::mapping::{MappedProperty, MappingProblem};
use crate::setup::notion_connect::resolve_data_source;
use crate::setup::notion_create::create_with_source;
use crate::units::Temperature;
use crate::workouts::mapping::{compatible, WorkoutMapping};
use crate::workouts::{WorkoutField, WorkoutFieldKind};
use crate::{ErrorCode, Result, SyncError};

/// The title a created Workouts database gets unless the user names it.
pub const DEFAULT_WORKOUTS_TITLE: &str = "Workouts";
const TITLE_COLUMN: &str = "Name";

/// Energy in the created database: kilocalories (as WHOOP's app shows) or kilojoules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EnergyUnit {
    #[default]
    Kcal,
    Kj,
}

impl EnergyUnit {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "kcal" | "cal" | "calories" => Some(Self::Kcal),
            "kj" | "kilojoules" => Some(Self::Kj),
            _ => None,
        }
    }
}

/// A column the user may pick for a field.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
pub struct ColumnChoice {
    pub id: String,
    pub name: String,
    pub kind: String,
}

/// One field of the Workouts mapping, as the window and `workouts show` list it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
pub struct WorkoutRow {
    pub field: WorkoutField,
    pub label: String,
    pub kind: WorkoutFieldKind,
    /// The column it goes into, if mapped.
    pub property: Option<MappedProperty>,
    /// The columns of the right type it could go into.
    pub choices: Vec<ColumnChoice>,
}

/// The chosen Workouts database and its mapping.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
pub struct WorkoutsDatabase {
    pub database_id: String,
    pub title: String,
    pub data_source_id: String,
    pub rows: Vec<WorkoutRow>,
    pub problems: Vec<MappingProblem>,
    /// No column links a workout to its day: the app may add one, when the user lets it.
    pub can_add_day_link: bool,
}

impl WorkoutsDatabase {
    fn of(target: &WorkoutsTarget, daily: &str, problems: Vec<MappingProblem>) -> Self {
        let schema = &target.schema;
        let rows = WorkoutField::ALL
            .into_iter()
            .map(|field| WorkoutRow {
                field,
                label: field.label().to_string(),
                kind: field.kind(),
                property: target.mapping.fields.get(&field).cloned(),
                choices: schema
                    .properties
                    .iter()
                    .filter(|p| compatible(field, p, daily))
                    .map(|p| ColumnChoice {
                        id: p.id.clone(),
                        name: p.name.clone(),
                        kind: p.kind.clone(),
                    })
                    .collect(),
            })
            .collect::<Vec<_>>();
        let can_add_day_link = !rows
            .iter()
            .any(|r| r.field == WorkoutField::Day && !r.choices.is_empty());
        WorkoutsDatabase {
            database_id: target.database_id.clone(),
            title: target.database_title.clone(),
            data_source_id: target.data_source_id.clone(),
            rows,
            problems,
            can_add_day_link,
        }
    }
}

fn daily_source(config: &AppConfig) -> Result<String> {
    Ok(config
        .target()
        .ok_or_else(no_database)?
        .data_source_id
        .clone())
}

fn no_workouts_database() -> SyncError {
    SyncError::new(ErrorCode::NoDatabase, "no Workouts database is chosen")
}

impl Engine {
    /// The Workouts database and its mapping against its live columns; `None` when workouts
    /// are off.
    pub async fn workouts(&self) -> Result<Option<WorkoutsDatabase>> {
        let config = self.load_config()?;
        let Some(target) = config.workouts.clone() else {
            return Ok(None);
        };
        let daily = daily_source(&config)?;
        let api = self.notion(&config).await?;
        let schema = api.data_source(&target.data_source_id).await?;
        let chosen = self.save_workouts(&target, schema, target.mapping.clone(), &daily)?;
        Ok(Some(chosen))
    }

    /// Creates a Workouts database beside the daily one (in the same page, unless `parent`
    /// names another), with a column per field and a link to the days, chosen and mapped.
    pub async fn workouts_create_database(
        &self,
        parent: Option<&str>,
        title: Option<&str>,
        energy: EnergyUnit,
    ) -> Result<WorkoutsDatabase> {
        let config = self.load_config()?;
        let daily = config.target().cloned().ok_or_else(no_database)?;
        let api = self.notion(&config).await?;
        let parent_id = match parent {
            Some(text) => notion_client::normalize_id(text).ok_or_else(|| {
                SyncError::invalid(format!(
                    "\"{}\" is not a Notion page URL or id",
                    text.trim()
                ))
            })?,
            None => api
                .database(&daily.database_id)
                .await?
                .parent_page_id
                .ok_or_else(|| {
                    SyncError::invalid(format!(
                        "\"{}\" isn't inside a page, so the Workouts database has no place beside it; choose a page to create it in",
                        daily.database_title
                    ))
                })?,
        };
        let title = title
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or(DEFAULT_WORKOUTS_TITLE);
        let miles = self.units_of(&config).temperature == Temperature::Fahrenheit;
        let columns = created_columns(energy, miles, &daily.data_source_id);
        let (database, source) = create_with_source(&api, &parent_id, title, columns).await?;
        let schema = api.data_source(&source.id).await?;
        let mapping = WorkoutMapping::auto(&schema, &daily.data_source_id);
        let target = WorkoutsTarget {
            database_id: database.id,
            database_title: database.title,
            data_source_id: schema.id.clone(),
            data_source_name: source.name,
            schema: schema.clone(),
            mapping: mapping.clone(),
        };
        self.save_workouts(&target, schema, mapping, &daily.data_source_id)
    }

    /// Points workouts at an existing database (URL or id), mapped by its column names.
    pub async fn workouts_use(
        &self,
        id_or_url: &str,
        source: Option<&str>,
    ) -> Result<WorkoutsDatabase> {
        let config = self.load_config()?;
        let daily = daily_source(&config)?;
        let api = self.notion(&config).await?;
        let (database_id, database_title, data_source) =
            resolve_data_source(&api, id_or_url, source).await?;
        if data_source.id == daily {
            return Err(SyncError::invalid(
                "that is the daily database; workouts need a database of their own (or let the app create one)",
            ));
        }
        let schema = api.data_source(&data_source.id).await?;
        // The same database chosen again keeps its mapping.
        let mapping = match config.workouts.as_ref() {
            Some(w) if w.data_source_id == schema.id => w.mapping.clone(),
            _ => WorkoutMapping::auto(&schema, &daily),
        };
        let target = WorkoutsTarget {
            database_id,
            database_title,
            data_source_id: schema.id.clone(),
            data_source_name: data_source.name,
            schema: schema.clone(),
            mapping: mapping.clone(),
        };
        self.save_workouts(&target, schema, mapping, &daily)
    }

    /// Maps `field` to a column (name or id), or unmaps it (`property: None`).
    pub async fn workouts_map(
        &self,
        field: &str,
        property: Option<&str>,
        unit: Option<&str>,
    ) -> Result<WorkoutsDatabase> {
        let config = self.load_config()?;
        let target = config.workouts.clone().ok_or_else(no_workouts_database)?;
        let daily = daily_source(&config)?;
        let api = self.notion(&config).await?;
        let schema = api.data_source(&target.data_source_id).await?;
        let mut mapping = target.mapping.clone();
        match property {
            Some(property) => mapping.set(&schema, &daily, field, property, unit)?,
            None => mapping.unset(field)?,
        }
        self.save_workouts(&target, schema, mapping, &daily)
    }

    /// Adds the link to the days: a relation column "Day" in the Workouts database, shown in
    /// the daily database too. Only when the user asked for it: it changes their databases.
    pub async fn workouts_add_day_link(&self) -> Result<WorkoutsDatabase> {
        let config = self.load_config()?;
        let target = config.workouts.clone().ok_or_else(no_workouts_database)?;
        let daily = daily_source(&config)?;
        let api = self.notion(&config).await?;
        let schema = api.data_source(&target.data_source_id).await?;
        let name = free_name(&schema, WorkoutField::Day.label());
        let schema = add_relation(&api, &target.data_source_id, &name, &daily).await?;
        let mut mapping = target.mapping.clone();
        mapping.set(&schema, &daily, WorkoutField::Day.as_str(), &name, None)?;
        self.save_workouts(&target, schema, mapping, &daily)
    }

    /// Turns workouts off: the choice is forgotten; the database and its pages stay.
    pub fn workouts_off(&self) -> Result<bool> {
        self.update_config(|c| Ok(c.workouts.take().is_some()))
    }

    /// Saves the target with `schema` and `mapping` reconciled to it; what the window shows.
    fn save_workouts(
        &self,
        target: &WorkoutsTarget,
        schema: DataSourceSchema,
        mut mapping: WorkoutMapping,
        daily: &str,
    ) -> Result<WorkoutsDatabase> {
        let problems = mapping.reconcile(&schema, daily);
        let target = WorkoutsTarget {
            schema,
            mapping,
            ..target.clone()
        };
        self.update_config(|c| {
            c.workouts = Some(target.clone());
            Ok(())
        })?;
        Ok(WorkoutsDatabase::of(&target, daily, problems))
    }
}

/// `wanted`, or "wanted 2", … : a name no column has yet.
fn free_name(schema: &DataSourceSchema, wanted: &str) -> String {
    let taken = |name: &str| {
        schema
            .properties
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(name))
    };
    (1..)
        .map(|n| match n {
            1 => wanted.to_string(),
            n => format!("{wanted} {n}"),
        })
        .find(|name| !taken(name))
        .expect("some name is free")
}

async fn add_relation(
    api: &NotionApi,
    data_source_id: &str,
    name: &str,
    daily: &str,
) -> Result<DataSourceSchema> {
    let mut properties = Map::new();
    properties.insert(name.to_string(), relation_column(daily));
    Ok(api
        .update_data_source(data_source_id, Value::Object(properties))
        .await?)
}

/// A relation to the daily database, shown on both sides.
fn relation_column(daily: &str) -> Value {
    json!({"relation": {"data_source_id": daily, "type": "dual_property", "dual_property": {}}})
}

/// The columns of a created Workouts database: the title, then a column per field.
fn created_columns(energy: EnergyUnit, miles: bool, daily: &str) -> Value {
    let mut props = Map::new();
    props.insert(TITLE_COLUMN.into(), json!({"title": {}}));
    for field in WorkoutField::ALL {
        let skip = match field {
            WorkoutField::EnergyKj => energy != EnergyUnit::Kj,
            WorkoutField::EnergyKcal => energy != EnergyUnit::Kcal,
            WorkoutField::DistanceKm => miles,
            WorkoutField::DistanceMi => !miles,
            _ => false,
        };
        if skip {
            continue;
        }
        let column = match field.kind() {
            WorkoutFieldKind::Start => json!({"date": {}}),
            WorkoutFieldKind::WhoopId => json!({"rich_text": {}}),
            WorkoutFieldKind::Text => json!({"select": {}}),
            WorkoutFieldKind::Number | WorkoutFieldKind::Duration => {
                json!({"number": {"format": "number"}})
            }
            WorkoutFieldKind::DayLink => relation_column(daily),
        };
        props.insert(field.label().to_string(), column);
    }
    Value::Object(props)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::DurationUnit;
    use notion_client::PropertySchema;

    #[test]
    fn a_created_database_is_mapped_whole_by_its_own_names() {
        let columns = created_columns(EnergyUnit::Kcal, false, "daily-ds");
        let properties: Vec<PropertySchema> = columns
            .as_object()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, (name, config))| {
                let kind = config.as_object().unwrap().keys().next().unwrap().clone();
                PropertySchema {
                    id: format!("p{i}"),
                    name: name.clone(),
                    relation: (kind == "relation").then(|| notion_client::RelationTarget {
                        data_source_id: "daily-ds".into(),
                        dual: true,
                    }),
                    kind,
                    ..PropertySchema::default()
                }
            })
            .collect();
        let schema = DataSourceSchema {
            id: "ws".into(),
            name: "Workouts".into(),
            database_id: None,
            properties,
        };
        let mut mapping = WorkoutMapping::auto(&schema, "daily-ds");
        // Every field but the other energy and distance unit.
        assert_eq!(mapping.fields.len(), WorkoutField::ALL.len() - 2);
        assert!(mapping.fields.contains_key(&WorkoutField::EnergyKcal));
        assert!(mapping.fields.contains_key(&WorkoutField::DistanceKm));
        assert_eq!(
            mapping.fields[&WorkoutField::Duration].unit,
            Some(DurationUnit::Minutes)
        );
        assert!(mapping.reconcile(&schema, "daily-ds").is_empty());
        // A relation to another database is no day link.
        assert!(!WorkoutMapping::auto(&schema, "another-ds")
            .fields
            .contains_key(&WorkoutField::Day));
        let miles = created_columns(EnergyUnit::Kj, true, "daily-ds");
        assert!(miles.get("Distance (mi)").is_some() && miles.get("Energy (kJ)").is_some());
        assert!(miles.get("Distance (km)").is_none() && miles.get("Calories").is_none());
    }

    #[test]
    fn an_added_link_takes_a_free_name() {
        let schema = DataSourceSchema {
            id: "ws".into(),
            name: "Workouts".into(),
            database_id: None,
            properties: vec![PropertySchema {
                id: "x".into(),
                name: "day".into(),
                kind: "date".into(),
                ..PropertySchema::default()
            }],
        };
        assert_eq!(free_name(&schema, "Day"), "Day 2");
    }
}
