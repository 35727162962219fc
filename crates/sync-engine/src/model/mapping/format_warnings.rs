//! Columns whose number format doesn't fit the metric written into them: the values are right,
//! but Notion shows them wrong (9.08 hours in a percent column reads "908%"). Warnings, not
//! problems: the sync still writes, and the user decides whether to change the column's
//! format in Notion.

use notion_client::DataSourceSchema;

use super::{Mapping, MappingProblem};
use crate::metrics::{metric, MetricKind};

/// Notion's number formats that show a plain number (every other one is a percent or a
/// currency).
const PLAIN_FORMATS: [&str; 2] = ["number", "number_with_commas"];

impl Mapping {
    /// One warning per mapped metric whose number column is formatted for something else.
    pub fn format_warnings(&self, schema: &DataSourceSchema) -> Vec<MappingProblem> {
        let mut warnings = Vec::new();
        for (key, mapped) in &self.metrics {
            let (Some(metric), Some(column)) = (metric(key), schema.by_id(&mapped.id)) else {
                continue;
            };
            let Some(format) = column.number_format.as_deref() else {
                continue;
            };
            // A percent goes into a percent column as a fraction, and into a plain one as 0–100.
            if column.kind != "number"
                || metric.kind == MetricKind::Percent
                || PLAIN_FORMATS.contains(&format)
            {
                continue;
            }
            let shown = if format == "percent" {
                "a percent (9.08 shows as 908%)".to_string()
            } else {
                format!("money ({})", format.replace('_', " "))
            };
            warnings.push(MappingProblem {
                key: key.clone(),
                message: format!(
                    "\"{}\" is formatted as {shown} in Notion, which doesn't fit {}; set the \
                     column's number format to Number",
                    column.name, metric.label
                ),
            });
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use notion_client::{DataSourceSchema, PropertySchema};

    use crate::mapping::{MappedProperty, Mapping};

    fn column(id: &str, name: &str, format: &str) -> PropertySchema {
        PropertySchema {
            id: id.into(),
            name: name.into(),
            kind: "number".into(),
            number_format: Some(format.into()),
            options: Vec::new(),
            ..Default::default()
        }
    }

    fn mapped(id: &str, name: &str) -> MappedProperty {
        MappedProperty {
            id: id.into(),
            name: name.into(),
            unit: None,
            temperature: None,
            weight: None,
            height: None,
        }
    }

    #[test]
    fn a_duration_in_a_percent_column_is_warned_about_and_a_percent_is_not() {
        let schema = DataSourceSchema {
            id: "ds".into(),
            name: "Daily".into(),
            database_id: None,
            properties: vec![
                column("s", "Sleep", "percent"),
                column("r", "Recovery", "percent"),
                column("h", "HRV", "number_with_commas"),
                column("c", "Calories", "dollar"),
            ],
        };
        let mut mapping = Mapping::default();
        for (key, id, name) in [
            ("sleep_time", "s", "Sleep"),
            ("recovery_score", "r", "Recovery"),
            ("hrv", "h", "HRV"),
            ("energy_kcal", "c", "Calories"),
        ] {
            mapping.metrics.insert(key.into(), mapped(id, name));
        }
        let warnings = mapping.format_warnings(&schema);
        let keys: Vec<&str> = warnings.iter().map(|w| w.key.as_str()).collect();
        assert_eq!(keys, ["energy_kcal", "sleep_time"], "{warnings:?}");
        assert!(warnings[1].message.contains("908%"), "{warnings:?}");
        assert!(warnings[1].message.contains("\"Sleep\""), "{warnings:?}");
        assert!(
            warnings[0].message.contains("money (dollar)"),
            "{warnings:?}"
        );
    }
}
