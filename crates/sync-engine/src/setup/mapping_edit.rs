//! Showing and editing the mapping, always against the live schema.

use serde::Serialize;

use crate::config::{no_database, AppConfig};
use crate::engine::Engine;
use crate::mapping::{compatible, MappedProperty, Mapping, MappingProblem};
use crate::metrics::{MetricKind, METRICS};
use crate::{ErrorCode, Result, SyncError};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MappingRow {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: MetricKind,
    /// A temperature (skin temperature): written in °C or °F, as the mapping says.
    pub temperature: bool,
    /// A weight (the body's): written in kg or lb, as the mapping says.
    pub weight: bool,
    /// A height (the body's): written in cm, m or in, as the mapping says.
    pub height: bool,
    pub property: Option<MappedProperty>,
    /// Names of the properties this metric could go into.
    pub compatible: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
// camelCase for the window (app-service's wire.rs); snake_case in the CLI's JSON and on disk.
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
pub struct MappingView {
    pub database: String,
    pub data_source_id: String,
    pub day: Option<MappedProperty>,
    pub date_properties: Vec<String>,
    /// Every property of the data source, with its type (for unit choices and warnings).
    pub properties: Vec<notion_client::PropertySchema>,
    pub rows: Vec<MappingRow>,
    pub problems: Vec<MappingProblem>,
    /// Columns whose number format shows a metric wrong (a duration in a percent column):
    /// the sync still writes, the user may change the format in Notion.
    pub warnings: Vec<MappingProblem>,
}

impl Engine {
    /// Re-reads the schema, follows renames, and returns the mapping with its problems.
    pub async fn mapping_show(&self) -> Result<MappingView> {
        self.edit_mapping(|_, _| Ok(())).await
    }

    pub async fn mapping_auto(&self) -> Result<MappingView> {
        self.edit_mapping(|mapping, schema| {
            *mapping = Mapping::auto(schema);
            Ok(())
        })
        .await
    }

    /// `assignments`: (key, property name or id, unit).
    pub async fn mapping_set(
        &self,
        assignments: &[(String, String, Option<String>)],
    ) -> Result<MappingView> {
        self.edit_mapping(|mapping, schema| {
            for (key, property, unit) in assignments {
                mapping.set(schema, key, property, unit.as_deref())?;
            }
            Ok(())
        })
        .await
    }

    pub async fn mapping_unset(&self, keys: &[String]) -> Result<MappingView> {
        self.edit_mapping(|mapping, _| {
            for key in keys {
                mapping.unset(key)?;
            }
            Ok(())
        })
        .await
    }

    /// All edits apply or none do. The schema is read first (network); the edit is then
    /// applied to the settings as they are *now*, under the settings lock, so a concurrent
    /// change by another window or process is never overwritten.
    async fn edit_mapping(
        &self,
        edit: impl FnOnce(&mut Mapping, &notion_client::DataSourceSchema) -> Result<()>,
    ) -> Result<MappingView> {
        let config = self.load_config()?;
        let data_source_id = config
            .target()
            .map(|t| t.data_source_id.clone())
            .ok_or_else(no_database)?;
        let schema = self
            .notion(&config)
            .await?
            .data_source(&data_source_id)
            .await?;
        self.update_config(|c| {
            let target = c
                .notion
                .as_mut()
                .and_then(|n| n.target.as_mut())
                .filter(|t| t.data_source_id == data_source_id)
                .ok_or_else(|| {
                    SyncError::new(
                        ErrorCode::Busy,
                        "the database was changed meanwhile; try again",
                    )
                })?;
            target.schema = schema.clone();
            let mut mapping = c.mapping.clone();
            mapping.reconcile(&schema);
            edit(&mut mapping, &schema)?;
            let problems = mapping.reconcile(&schema);
            c.mapping = mapping;
            Ok(view(c, problems))
        })
    }
}

fn view(config: &AppConfig, problems: Vec<MappingProblem>) -> MappingView {
    let target = config.target().expect("checked");
    let schema = &target.schema;
    MappingView {
        database: target.database_title.clone(),
        data_source_id: target.data_source_id.clone(),
        day: config.mapping.day.clone(),
        date_properties: schema
            .properties
            .iter()
            .filter(|p| p.kind == "date")
            .map(|p| p.name.clone())
            .collect(),
        properties: schema.properties.clone(),
        rows: METRICS
            .iter()
            .map(|m| MappingRow {
                key: m.key.as_str(),
                temperature: m.is_temperature(),
                weight: m.is_weight(),
                height: m.is_height(),
                label: m.label,
                kind: m.kind,
                property: config.mapping.metrics.get(m.key.as_str()).cloned(),
                compatible: schema
                    .properties
                    .iter()
                    .filter(|p| compatible(m.kind, p))
                    .map(|p| p.name.clone())
                    .collect(),
            })
            .collect(),
        warnings: config.mapping.format_warnings(schema),
        problems,
    }
}
