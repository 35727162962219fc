//! Creating the "Daily Tracking" database for the user: under a page the connection can see,
//! with a title, a date (the day key) and a typed column per chosen metric (percent-formatted
//! numbers for percentages, hours for durations); then it is chosen and mapped by property id,
//! so the next sync writes into it with no further step.

use notion_client::{normalize_id, DataSourceSchema, NotionError, PageRef};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::config::{NotionSettings, NotionTarget};
use crate::engine::Engine;
use crate::mapping::{DurationUnit, MappedProperty, Mapping, MappingProblem};
use crate::metrics::{metric, Metric, MetricKey, MetricKind, METRICS};
use crate::setup::notion_connect::ChosenDatabase;
use crate::{ErrorCode, Result, SyncError};

/// The title a created database gets unless the user names it.
pub const DEFAULT_DATABASE_TITLE: &str = "Daily Tracking";

/// The metrics a created database has columns for unless the user picks: the headline ones.
pub const DEFAULT_CREATE_METRICS: [MetricKey; 7] = [
    MetricKey::RecoveryScore,
    MetricKey::SleepTime,
    MetricKey::SleepEfficiency,
    MetricKey::Hrv,
    MetricKey::RestingHeartRate,
    MetricKey::SleepPerformance,
    MetricKey::DayStrain,
];

/// The title property and the day key of a created database.
const TITLE_COLUMN: &str = "Name";
const DATE_COLUMN: &str = "Date";

#[derive(Debug, Clone, Serialize)]
pub struct CreatedDatabase {
    /// The new database, chosen and mapped.
    pub chosen: ChosenDatabase,
    /// Problems of the mapping against the created schema (none, unless Notion changed it).
    pub problems: Vec<MappingProblem>,
}

impl Engine {
    /// The pages the connection can see that a database can be created under.
    pub async fn notion_pages(&self) -> Result<Vec<PageRef>> {
        let config = self.load_config()?;
        let api = self.notion(&config).await?;
        Ok(api.search_pages().await?)
    }

    /// Creates a database under `parent` (a page URL or id) with a column per metric in
    /// `metrics` (keys; `None`: [`DEFAULT_CREATE_METRICS`]), then syncs into it, mapped.
    pub async fn notion_create_database(
        &self,
        parent: &str,
        title: Option<&str>,
        metrics: Option<&[String]>,
    ) -> Result<CreatedDatabase> {
        let parent_id = normalize_id(parent).ok_or_else(|| {
            SyncError::invalid(format!(
                "\"{}\" is not a Notion page URL or id",
                parent.trim()
            ))
        })?;
        let title = title
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or(DEFAULT_DATABASE_TITLE);
        let chosen = chosen_metrics(metrics)?;
        let config = self.load_config()?;
        let api = self.notion(&config).await?;
        let (database, source) =
            create_with_source(&api, &parent_id, title, schema_for(&chosen)).await?;
        let schema = api.data_source(&source.id).await?;
        let mut mapping = mapping_for(&schema, &chosen);
        let problems = mapping.reconcile(&schema);
        let target = NotionTarget {
            database_id: database.id.clone(),
            database_title: database.title.clone(),
            data_source_id: schema.id.clone(),
            data_source_name: source.name,
            schema,
        };
        let chosen = self.update_config(|c| {
            c.mapping = mapping.clone();
            let notion = c.notion.get_or_insert(NotionSettings {
                workspace_name: None,
                bot_name: None,
                target: None,
            });
            notion.target = Some(target.clone());
            Ok(ChosenDatabase {
                target: target.clone(),
                mapping: mapping.clone(),
                auto_mapped: false,
            })
        })?;
        Ok(CreatedDatabase { chosen, problems })
    }
}

fn chosen_metrics(keys: Option<&[String]>) -> Result<Vec<&'static Metric>> {
    let Some(keys) = keys.filter(|k| !k.is_empty()) else {
        return Ok(DEFAULT_CREATE_METRICS.map(MetricKey::metric).to_vec());
    };
    let mut out: Vec<&'static Metric> = Vec::new();
    for key in keys {
        let m = metric(key.trim()).ok_or_else(|| {
            let all: Vec<&str> = METRICS.iter().map(|m| m.key.as_str()).collect();
            SyncError::invalid(format!(
                "unknown metric \"{}\"; the metrics are: {}",
                key.trim(),
                all.join(", ")
            ))
        })?;
        if !out.iter().any(|o| o.key == m.key) {
            out.push(m);
        }
    }
    Ok(out)
}

/// The column a metric gets: a name `mapping auto` would also recognize, and its type.
pub fn column_for(m: &Metric) -> (String, Value) {
    match m.kind {
        MetricKind::Percent => (
            m.label.to_string(),
            json!({"number": {"format": "percent"}}),
        ),
        // Hours, like "Time asleep (h)": the name tells the unit.
        MetricKind::Duration => (
            format!("{} (h)", m.label),
            json!({"number": {"format": "number"}}),
        ),
        MetricKind::Clock => (m.label.to_string(), json!({"date": {}})),
        MetricKind::Number | MetricKind::Count => {
            let name = match m.key {
                MetricKey::Hrv => "HRV (ms)".to_string(),
                _ => m.label.to_string(),
            };
            (name, json!({"number": {"format": "number"}}))
        }
    }
}

fn schema_for(metrics: &[&Metric]) -> Value {
    let mut props = Map::new();
    props.insert(TITLE_COLUMN.into(), json!({"title": {}}));
    props.insert(DATE_COLUMN.into(), json!({"date": {}}));
    for m in metrics {
        let (name, config) = column_for(m);
        props.insert(name, config);
    }
    Value::Object(props)
}

/// The mapping by the created properties' ids (names are only how they were asked for).
fn mapping_for(schema: &DataSourceSchema, metrics: &[&Metric]) -> Mapping {
    let mapped = |name: &str, unit: Option<DurationUnit>| {
        schema.by_name(name).map(|p| MappedProperty {
            id: p.id.clone(),
            name: p.name.clone(),
            unit,
            temperature: None,
            weight: None,
            height: None,
        })
    };
    let mut mapping = Mapping {
        day: mapped(DATE_COLUMN, None),
        ..Mapping::default()
    };
    for m in metrics {
        let unit = (m.kind == MetricKind::Duration).then_some(DurationUnit::Hours);
        if let Some(p) = mapped(&column_for(m).0, unit) {
            mapping.metrics.insert(m.key.to_string(), p);
        }
    }
    mapping
}

/// Creates a database under `parent_id` and hands back its one data source.
pub(crate) async fn create_with_source(
    api: &notion_client::NotionApi,
    parent_id: &str,
    title: &str,
    columns: Value,
) -> Result<(notion_client::Database, notion_client::DataSourceRef)> {
    let database = api
        .create_database(parent_id, title, columns)
        .await
        .map_err(create_error)?;
    let source = database.data_sources.first().cloned().ok_or_else(|| {
        SyncError::new(
            ErrorCode::Internal,
            format!("Notion created the database \"{title}\" without a data source"),
        )
    })?;
    Ok((database, source))
}

/// Creating answers 403 without "Insert content" and 404 for a page the connection can't see.
fn create_error(e: NotionError) -> SyncError {
    match e {
        NotionError::NotFound { .. } => SyncError::new(
            ErrorCode::NotionNotFound,
            "Notion can't find that page, or it isn't shared with your connection. Open the page in Notion, click ••• → Connections, and add your connection; then try again.",
        ),
        NotionError::Restricted { needs, .. } => SyncError::new(
            ErrorCode::NotionNoPermission,
            format!("Notion didn't let the connection create a database: it needs the \"{}\" capability (your connection's Capabilities at https://www.notion.so/profile/integrations)", needs.name()),
        ),
        NotionError::Unconfirmed { detail } => SyncError::new(
            ErrorCode::Server,
            format!("Notion did not confirm creating the database ({detail}); it may exist anyway: look under the page before creating it again"),
        ),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_columns_are_recognized_by_auto_mapping() {
        // Every column the app creates is one `mapping auto` would pick for its metric too.
        let all: Vec<String> = METRICS.iter().map(|m| m.key.to_string()).collect();
        let metrics = chosen_metrics(Some(&all)).unwrap();
        let props = schema_for(&metrics);
        assert_eq!(props.as_object().unwrap().len(), METRICS.len() + 2);
        for m in DEFAULT_CREATE_METRICS.map(MetricKey::metric) {
            let (name, _) = column_for(m);
            assert!(
                m.synonyms.contains(&name.to_lowercase().as_str()),
                "{}: {name}",
                m.key
            );
        }
    }

    #[test]
    fn metrics_default_dedupe_and_refuse_unknown_keys() {
        assert_eq!(chosen_metrics(None).unwrap().len(), 7);
        let keys = vec!["hrv".to_string(), "hrv".to_string()];
        assert_eq!(chosen_metrics(Some(&keys)).unwrap().len(), 1);
        let bad = vec!["vo2max".to_string()];
        let e = chosen_metrics(Some(&bad)).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
    }
}
