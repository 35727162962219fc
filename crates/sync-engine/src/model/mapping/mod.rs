//! Which metric goes into which Notion property. Properties are kept by **id**, so a column the
//! user renames keeps working; the name is remembered only to talk about it.
//!
//! Here: the mapping itself and its checks against a schema; `format_warnings`, columns whose
//! number format shows a metric wrong; [`encode`], a metric value as a
//! Notion property value. Showing and editing it against the live schema, and previewing
//! what a sync would write, are setup's (`crate::setup::mapping_edit`, `mapping_preview`).

pub mod encode;
mod format_warnings;

use std::collections::BTreeMap;

use notion_client::{DataSourceSchema, PropertySchema};
use serde::{Deserialize, Serialize};

use crate::metrics::{metric, Metric, MetricKind, METRICS};
use crate::units::{Height, Temperature, Weight};
use crate::{ErrorCode, SyncError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    Ms,
    Minutes,
    Hours,
    /// "7h 42m"
    Text,
}

impl DurationUnit {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "ms" | "milliseconds" => Some(Self::Ms),
            "min" | "mins" | "minutes" | "m" => Some(Self::Minutes),
            "h" | "hours" | "hrs" => Some(Self::Hours),
            "text" => Some(Self::Text),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ms => "ms",
            Self::Minutes => "minutes",
            Self::Hours => "hours",
            Self::Text => "text",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MappedProperty {
    pub id: String,
    /// The name when last seen; for messages only.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<DurationUnit>,
    /// For a temperature (skin temperature): the unit written to Notion. Absent is °C, as
    /// WHOOP gives it (and as mappings made before this choice existed wrote it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<Temperature>,
    /// For a weight (the body's): kg or lb written to Notion. Absent is kg, as WHOOP gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Weight>,
    /// For a height (the body's): cm, m or in written to Notion. Absent is cm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<Height>,
}

impl MappedProperty {
    /// A unit given to a metric that doesn't take it (a hand-edited settings file could give
    /// any metric any unit): the words of the problem.
    fn foreign_unit(&self, metric: &Metric) -> Option<&'static str> {
        if self.temperature.is_some() && !metric.is_temperature() {
            Some("is not a temperature: it takes no °C or °F")
        } else if self.weight.is_some() && !metric.is_weight() {
            Some("is not a weight: it takes no kg or lb")
        } else if self.height.is_some() && !metric.is_height() {
            Some("is not a height: it takes no cm, m or in")
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Mapping {
    /// The date property that says which day a page is (the day key).
    pub day: Option<MappedProperty>,
    /// metric key → property.
    pub metrics: BTreeMap<String, MappedProperty>,
}

/// Can a metric of this kind be written into this property?
pub fn compatible(kind: MetricKind, property: &PropertySchema) -> bool {
    if property.is_read_only() {
        return false;
    }
    match property.kind.as_str() {
        "number" | "rich_text" => kind != MetricKind::Clock || property.kind == "rich_text",
        "date" => kind == MetricKind::Clock,
        _ => false,
    }
}

impl MappedProperty {
    /// Follows the live column: its name now, and `fallback`'s unit for a duration whose unit
    /// no longer fits the column's type (a number column retyped as text, or back).
    pub fn follow(
        &mut self,
        column: &PropertySchema,
        fallback: fn(&PropertySchema) -> DurationUnit,
    ) {
        self.name = column.name.clone();
        let unit_fits = match self.unit {
            Some(DurationUnit::Text) => column.kind == "rich_text",
            Some(_) => column.kind == "number",
            None => true,
        };
        if !unit_fits {
            self.unit = Some(fallback(column));
        }
    }
}

/// The unit a duration gets in this property when the user didn't say.
pub fn default_unit(property: &PropertySchema) -> DurationUnit {
    if property.kind != "number" {
        return DurationUnit::Text;
    }
    let name = property.name.to_lowercase();
    if name.contains("(ms)") || name.ends_with(" ms") {
        DurationUnit::Ms
    } else if name.contains("min") {
        DurationUnit::Minutes
    } else {
        DurationUnit::Hours
    }
}

/// What is wrong with a mapping against the live schema.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MappingProblem {
    /// `date` for the day key, else the metric key.
    pub key: String,
    pub message: String,
}

impl Mapping {
    /// Proposes a mapping from property names: the date property named like "Date"/"Day" (or
    /// the only one) as day key, and each metric to an unused compatible property whose name
    /// is one of the metric's usual names. Unmatched metrics are left out.
    pub fn auto(schema: &DataSourceSchema) -> Mapping {
        let normalized = |p: &PropertySchema| p.name.trim().to_lowercase();
        let dates: Vec<&PropertySchema> = schema
            .properties
            .iter()
            .filter(|p| p.kind == "date")
            .collect();
        let day = dates
            .iter()
            .find(|p| matches!(normalized(p).as_str(), "date" | "day"))
            .or_else(|| (dates.len() == 1).then(|| &dates[0]))
            .map(|p| MappedProperty {
                id: p.id.clone(),
                name: p.name.clone(),
                unit: None,
                temperature: None,
                weight: None,
                height: None,
            });
        let mut used: Vec<&str> = day.iter().map(|d| d.id.as_str()).collect();
        let mut metrics = BTreeMap::new();
        for metric in METRICS {
            let candidate = metric.synonyms.iter().find_map(|synonym| {
                schema.properties.iter().find(|p| {
                    normalized(p) == *synonym
                        && compatible(metric.kind, p)
                        && !used.contains(&p.id.as_str())
                })
            });
            if let Some(p) = candidate {
                used.push(&p.id);
                let unit = (metric.kind == MetricKind::Duration).then(|| default_unit(p));
                metrics.insert(
                    metric.key.to_string(),
                    MappedProperty {
                        id: p.id.clone(),
                        name: p.name.clone(),
                        unit,
                        temperature: None,
                        weight: None,
                        height: None,
                    },
                );
            }
        }
        Mapping { day, metrics }
    }

    /// Maps `key` (a metric key or `date`) to the property named or id'd `property`.
    pub fn set(
        &mut self,
        schema: &DataSourceSchema,
        key: &str,
        property: &str,
        unit: Option<&str>,
    ) -> Result<(), SyncError> {
        let p = schema
            .by_name(property)
            .or_else(|| schema.by_id(property))
            .or_else(|| {
                schema
                    .properties
                    .iter()
                    .find(|p| p.name.eq_ignore_ascii_case(property))
            })
            .ok_or_else(|| {
                let names: Vec<&str> = schema.properties.iter().map(|p| p.name.as_str()).collect();
                SyncError::invalid(format!(
                    "there is no property \"{property}\" in {}; its properties are: {}",
                    schema.name,
                    names.join(", ")
                ))
            })?;
        if key == "date" {
            if p.kind != "date" {
                return Err(SyncError::invalid(format!(
                    "the day key must be a date property; \"{}\" is {}",
                    p.name, p.kind
                )));
            }
            self.day = Some(MappedProperty {
                id: p.id.clone(),
                name: p.name.clone(),
                unit: None,
                temperature: None,
                weight: None,
                height: None,
            });
            return Ok(());
        }
        let metric = metric(key).ok_or_else(|| {
            let keys: Vec<&str> = METRICS.iter().map(|m| m.key.as_str()).collect();
            SyncError::invalid(format!(
                "unknown metric \"{key}\"; the metrics are: date, {}",
                keys.join(", ")
            ))
        })?;
        if !compatible(metric.kind, p) {
            return Err(SyncError::invalid(format!(
                "{} can't be written into \"{}\" ({}): {}",
                metric.label,
                p.name,
                p.kind,
                accepted_types(metric.kind)
            )));
        }
        let (mut temperature, mut weight, mut height) = (None, None, None);
        let unknown = |u: &str, choices: &str| {
            SyncError::invalid(format!(
                "unknown unit \"{u}\" for {}; use {choices}",
                metric.label
            ))
        };
        let unit = match (metric.kind, unit) {
            (_, Some(u)) if metric.is_temperature() => {
                temperature =
                    Some(Temperature::parse(u).ok_or_else(|| unknown(u, "c (°C) or f (°F)"))?);
                None
            }
            (_, Some(u)) if metric.is_weight() => {
                weight = Some(Weight::parse(u).ok_or_else(|| unknown(u, "kg or lb"))?);
                None
            }
            (_, Some(u)) if metric.is_height() => {
                height = Some(Height::parse(u).ok_or_else(|| unknown(u, "cm, m or in"))?);
                None
            }
            (MetricKind::Duration, Some(u)) => {
                let unit = DurationUnit::parse(u).ok_or_else(|| {
                    SyncError::invalid(format!(
                        "unknown unit \"{u}\"; use ms, minutes, hours or text"
                    ))
                })?;
                let fits = (unit == DurationUnit::Text) == (p.kind == "rich_text");
                if !fits {
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
                Some(unit)
            }
            (MetricKind::Duration, None) => Some(default_unit(p)),
            (_, Some(u)) => {
                return Err(SyncError::invalid(format!(
                    "{} is not a duration, a temperature, a weight or a height; it takes no unit \
                     (got \"{u}\")",
                    metric.label
                )))
            }
            (_, None) => None,
        };
        // A property holds one metric: moving it here unmaps it elsewhere.
        self.metrics.retain(|k, v| k == key || v.id != p.id);
        self.metrics.insert(
            key.to_string(),
            MappedProperty {
                id: p.id.clone(),
                name: p.name.clone(),
                unit,
                temperature,
                weight,
                height,
            },
        );
        Ok(())
    }

    pub fn unset(&mut self, key: &str) -> Result<(), SyncError> {
        if key == "date" {
            return match self.day.take() {
                Some(_) => Ok(()),
                None => Err(SyncError::invalid("the day key is not set")),
            };
        }
        if metric(key).is_none() {
            return Err(SyncError::invalid(format!("unknown metric \"{key}\"")));
        }
        self.metrics.remove(key);
        Ok(())
    }

    /// The properties a sync writes: the day key and every mapped metric's.
    pub fn written_ids(&self) -> Vec<String> {
        self.day
            .iter()
            .chain(self.metrics.values())
            .map(|m| m.id.clone())
            .collect()
    }

    /// Checks the mapping against the live schema. Renamed properties are followed (their
    /// names updated here); vanished, retyped or read-only ones are problems.
    pub fn reconcile(&mut self, schema: &DataSourceSchema) -> Vec<MappingProblem> {
        let mut problems = Vec::new();
        match &mut self.day {
            None => problems.push(MappingProblem {
                key: "date".into(),
                message: "no date property is chosen as the day key".into(),
            }),
            Some(day) => match schema.by_id(&day.id) {
                None => problems.push(MappingProblem {
                    key: "date".into(),
                    message: format!("the day key \"{}\" is no longer in the database", day.name),
                }),
                Some(p) if p.kind != "date" => problems.push(MappingProblem {
                    key: "date".into(),
                    message: format!(
                        "the day key \"{}\" is now a {} property, not a date",
                        p.name, p.kind
                    ),
                }),
                Some(p) => day.name = p.name.clone(),
            },
        }
        for (key, mapped) in self.metrics.iter_mut() {
            let Some(metric) = metric(key) else {
                problems.push(MappingProblem {
                    key: key.clone(),
                    message: format!("\"{key}\" is not a metric this version knows"),
                });
                continue;
            };
            match schema.by_id(&mapped.id) {
                None => problems.push(MappingProblem {
                    key: key.clone(),
                    message: format!(
                        "\"{}\" ({}) is no longer in the database",
                        mapped.name, metric.label
                    ),
                }),
                Some(p) if !compatible(metric.kind, p) => problems.push(MappingProblem {
                    key: key.clone(),
                    message: format!(
                        "\"{}\" is now a {} property and can't hold {}: {}",
                        p.name,
                        p.kind,
                        metric.label,
                        accepted_types(metric.kind)
                    ),
                }),
                Some(_) if mapped.foreign_unit(metric).is_some() => problems.push(MappingProblem {
                    key: key.clone(),
                    message: format!(
                        "{} {}",
                        metric.label,
                        mapped.foreign_unit(metric).unwrap_or_default()
                    ),
                }),
                Some(p) => mapped.follow(p, default_unit),
            }
        }
        problems
    }
}

fn accepted_types(kind: MetricKind) -> &'static str {
    match kind {
        MetricKind::Clock => "use a date or text property",
        _ => "use a number or text property",
    }
}

/// The error a sync stops with when the mapping doesn't fit the database.
pub fn broken(problems: &[MappingProblem]) -> SyncError {
    broken_mapping("the property mapping", problems)
}

/// `mapping_broken`: `what` ("the property mapping") doesn't fit its database, and why.
pub fn broken_mapping(what: &str, problems: &[MappingProblem]) -> SyncError {
    let list: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {}", p.key, p.message))
        .collect();
    SyncError::new(
        ErrorCode::MappingBroken,
        format!(
            "{what} doesn't fit the database any more — {}",
            list.join("; ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> DataSourceSchema {
        let prop = |id: &str, name: &str, kind: &str| PropertySchema {
            id: id.into(),
            name: name.into(),
            kind: kind.into(),
            number_format: None,
            options: vec![],
            ..Default::default()
        };
        DataSourceSchema {
            id: "ds".into(),
            name: "Daily".into(),
            database_id: None,
            properties: vec![
                prop("d", "Date", "date"),
                prop("t", "Skin temp", "number"),
                prop("h", "HRV", "number"),
                prop("w", "Weight", "number"),
                prop("c", "Height", "rich_text"),
            ],
        }
    }

    #[test]
    fn skin_temperature_takes_c_or_f_and_nothing_else_does() {
        let schema = schema();
        let mut mapping = Mapping::default();
        mapping.set(&schema, "date", "Date", None).unwrap();
        mapping
            .set(&schema, "skin_temp", "Skin temp", Some("f"))
            .unwrap();
        assert_eq!(
            mapping.metrics["skin_temp"].temperature,
            Some(Temperature::Fahrenheit)
        );
        assert_eq!(mapping.metrics["skin_temp"].unit, None);
        // Without a unit, °C as WHOOP gives it.
        mapping
            .set(&schema, "skin_temp", "Skin temp", None)
            .unwrap();
        assert_eq!(mapping.metrics["skin_temp"].temperature, None);
        let err = mapping
            .set(&schema, "skin_temp", "Skin temp", Some("kelvin"))
            .unwrap_err();
        assert!(err.message.contains("use c (°C) or f (°F)"), "{err:?}");
        let err = mapping.set(&schema, "hrv", "HRV", Some("f")).unwrap_err();
        assert!(err.message.contains("takes no unit"), "{err:?}");
        assert!(mapping.reconcile(&schema).is_empty());

        // A hand-edited settings file giving HRV a temperature is a problem, not a silent °F.
        mapping.set(&schema, "hrv", "HRV", None).unwrap();
        mapping.metrics.get_mut("hrv").unwrap().temperature = Some(Temperature::Fahrenheit);
        let problems = mapping.reconcile(&schema);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].key, "hrv");
        assert!(problems[0].message.contains("not a temperature"));
    }

    #[test]
    fn weight_and_height_take_their_own_units_and_nothing_else_does() {
        let schema = schema();
        let mut mapping = Mapping::default();
        mapping.set(&schema, "date", "Date", None).unwrap();
        mapping
            .set(&schema, "body_weight", "Weight", Some("lb"))
            .unwrap();
        mapping
            .set(&schema, "body_height", "Height", Some("in"))
            .unwrap();
        let weight = &mapping.metrics["body_weight"];
        assert_eq!(
            (
                weight.weight,
                weight.height,
                weight.temperature,
                weight.unit
            ),
            (Some(Weight::Pounds), None, None, None)
        );
        assert_eq!(mapping.metrics["body_height"].height, Some(Height::Inches));
        assert!(mapping.reconcile(&schema).is_empty());
        // Without a unit, kg and cm (the mapping doesn't say, so what is written never
        // follows a display setting).
        mapping.set(&schema, "body_weight", "Weight", None).unwrap();
        assert_eq!(mapping.metrics["body_weight"].weight, None);

        let err = mapping
            .set(&schema, "body_weight", "Weight", Some("in"))
            .unwrap_err();
        assert!(err.message.contains("use kg or lb"), "{err:?}");
        let err = mapping
            .set(&schema, "body_height", "Height", Some("lb"))
            .unwrap_err();
        assert!(err.message.contains("use cm, m or in"), "{err:?}");
        let err = mapping
            .set(&schema, "body_max_heart_rate", "HRV", Some("kg"))
            .unwrap_err();
        assert!(err.message.contains("takes no unit"), "{err:?}");

        // A hand-edited settings file giving the height pounds is a problem.
        mapping.metrics.get_mut("body_height").unwrap().weight = Some(Weight::Pounds);
        let problems = mapping.reconcile(&schema);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].key, "body_height");
        assert!(problems[0].message.contains("not a weight"), "{problems:?}");
    }
}
