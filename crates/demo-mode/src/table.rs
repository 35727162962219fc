//! The demo database's rows as Notion shows them, for a terminal: a percent-formatted column
//! reads `66%` (stored 0.66), a duration `6h 56m` (stored 6.93 in an hours column), and a
//! table fits the width it is given, the most important columns first.
//!
//! Everything is derived from the column's Notion number format and the metric mapped into
//! it (its kind and the duration unit), never from a column's name.

use notion_client::{DataSourceSchema, PropertySchema};
use serde_json::Value;
use sync_engine::mapping::{DurationUnit, Mapping};
use sync_engine::metrics::{format_duration, metric, Metric, MetricKey, MetricKind, METRICS};

/// How a number reads in Notion: the stored value in the column's number format, or, in a
/// column that holds a duration, as hours and minutes.
pub fn display_number(value: f64, format: Option<&str>, duration: Option<DurationUnit>) -> String {
    if let Some(unit) = duration {
        let ms = match unit {
            DurationUnit::Ms => value,
            DurationUnit::Minutes => value * 60_000.0,
            DurationUnit::Hours | DurationUnit::Text => value * 3_600_000.0,
        };
        return format_duration(ms.round() as i64);
    }
    match format.unwrap_or("number") {
        "percent" => format!("{}%", plain(value * 100.0)),
        "number_with_commas" => with_commas(&plain(value)),
        _ => plain(value),
    }
}

/// The number as written, without float noise (`0.07 * 100` is 7.000000000000001) or
/// trailing zeros: Notion shows what was stored.
fn plain(value: f64) -> String {
    let text = format!("{:.6}", value);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match text {
        "-0" => "0".to_owned(),
        t => t.to_owned(),
    }
}

fn with_commas(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A property value of a page (`GET /v1/pages/{id}`) as its cell reads; `None` when empty.
pub fn display_value(
    value: &Value,
    schema: Option<&PropertySchema>,
    duration: Option<DurationUnit>,
) -> Option<String> {
    let kind = value["type"].as_str()?;
    match kind {
        "number" => value["number"]
            .as_f64()
            .map(|n| display_number(n, schema.and_then(|s| s.number_format.as_deref()), duration)),
        "rich_text" | "title" => {
            let text: String = value[kind]
                .as_array()?
                .iter()
                .filter_map(|p| p["plain_text"].as_str())
                .collect();
            (!text.is_empty()).then_some(text)
        }
        "date" => value["date"]["start"].as_str().map(str::to_owned),
        _ => None,
    }
}

/// One column of the table: a property that a metric is mapped to.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub property_id: String,
    pub metric: &'static Metric,
    pub duration: Option<DurationUnit>,
}

/// The rows of the demo database with the mapped columns, most important first: Date,
/// Recovery, Time asleep, Sleep efficiency, then the others in the order the app lists them.
#[derive(Debug, Clone)]
pub struct Table {
    pub columns: Vec<Column>,
    /// (date, one displayed cell per column), oldest first.
    pub rows: Vec<(String, Vec<Option<String>>)>,
}

/// The keys shown first, in this order (the headline the tray and notification use).
const FIRST: [MetricKey; 3] = [
    MetricKey::RecoveryScore,
    MetricKey::SleepTime,
    MetricKey::SleepEfficiency,
];

fn importance(key: MetricKey) -> usize {
    FIRST.iter().position(|k| *k == key).unwrap_or_else(|| {
        FIRST.len()
            + METRICS
                .iter()
                .position(|m| m.key == key)
                .unwrap_or(METRICS.len())
    })
}

impl Table {
    /// `pages` as Notion renders them, `schema` and `mapping` as the engine knows them.
    pub fn new(pages: &[Value], schema: &DataSourceSchema, mapping: &Mapping) -> Table {
        let mut columns: Vec<Column> = mapping
            .metrics
            .iter()
            .filter_map(|(key, mapped)| {
                let metric = metric(key)?;
                let property = schema.by_id(&mapped.id);
                Some(Column {
                    name: property.map_or(mapped.name.clone(), |p| p.name.clone()),
                    property_id: mapped.id.clone(),
                    metric,
                    duration: (metric.kind == MetricKind::Duration)
                        .then(|| mapped.unit.unwrap_or(DurationUnit::Hours)),
                })
            })
            .collect();
        columns.sort_by_key(|c| importance(c.metric.key));
        let day_id = mapping.day.as_ref().map(|d| d.id.as_str());
        let mut rows: Vec<(String, Vec<Option<String>>)> = pages
            .iter()
            .map(|page| {
                let props = page["properties"].as_object().cloned().unwrap_or_default();
                let by_id = |id: &str| props.values().find(|v| v["id"].as_str() == Some(id));
                let date = day_id
                    .and_then(by_id)
                    .or_else(|| props.get("Date"))
                    .and_then(|v| v["date"]["start"].as_str())
                    .unwrap_or("")
                    .to_owned();
                let cells = columns
                    .iter()
                    .map(|c| {
                        by_id(&c.property_id).and_then(|v| {
                            display_value(v, schema.by_id(&c.property_id), c.duration)
                        })
                    })
                    .collect();
                (date, cells)
            })
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        Table { columns, rows }
    }

    /// The lines of the table, at most `width` columns wide unless `wide`, and the names of
    /// the columns left out to fit.
    pub fn render(&self, width: usize, wide: bool) -> Rendered {
        const EMPTY: &str = "–";
        const GAP: usize = 2;
        let date_width = self
            .rows
            .iter()
            .map(|(d, _)| d.chars().count())
            .chain(["Date".len()])
            .max()
            .unwrap_or(4);
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                self.rows
                    .iter()
                    .map(|(_, cells)| cells[i].as_deref().unwrap_or(EMPTY).chars().count())
                    .chain([c.name.chars().count()])
                    .max()
                    .unwrap_or(1)
            })
            .collect();
        // In order of importance, each column that still fits.
        let mut used = date_width;
        let mut shown = Vec::new();
        let mut left_out = Vec::new();
        for (i, column) in self.columns.iter().enumerate() {
            if wide || used + GAP + widths[i] <= width {
                used += GAP + widths[i];
                shown.push(i);
            } else {
                left_out.push(column.name.clone());
            }
        }
        let line = |date: &str, cell: &dyn Fn(usize) -> String| {
            let mut line = format!("{date:<date_width$}");
            for &i in &shown {
                line.push_str(&format!("{:>w$}", cell(i), w = GAP + widths[i]));
            }
            line.trim_end().to_owned()
        };
        let mut lines = vec![line("Date", &|i| self.columns[i].name.clone())];
        for (date, cells) in &self.rows {
            lines.push(line(date, &|i| {
                cells[i].clone().unwrap_or_else(|| EMPTY.to_owned())
            }));
        }
        Rendered { lines, left_out }
    }
}

/// A table ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub lines: Vec<String>,
    pub left_out: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_columns_read_as_notion_shows_them() {
        let pct = |v| display_number(v, Some("percent"), None);
        assert_eq!(pct(0.66), "66%");
        assert_eq!(pct(0.07), "7%");
        assert_eq!(pct(0.91), "91%");
        assert_eq!(pct(1.0), "100%");
        assert_eq!(pct(0.0), "0%");
        // A stored decimal is shown, not rounded away (0.995 * 100 is 99.49999999999999).
        assert_eq!(pct(0.995), "99.5%");
        assert_eq!(pct(0.9625), "96.25%");
    }

    #[test]
    fn durations_read_as_hours_and_minutes() {
        let hours = |v| display_number(v, Some("number"), Some(DurationUnit::Hours));
        assert_eq!(hours(6.93), "6h 56m");
        assert_eq!(hours(7.7), "7h 42m");
        assert_eq!(hours(0.5), "30m");
        assert_eq!(hours(8.0), "8h 00m");
        // 0.99 h is 59.4 minutes: down; 59.5 minutes rounds up into the next hour.
        assert_eq!(hours(0.99), "59m");
        let minutes = |v| display_number(v, None, Some(DurationUnit::Minutes));
        assert_eq!(minutes(59.5), "1h 00m");
        assert_eq!(minutes(59.49), "59m");
        assert_eq!(minutes(415.8), "6h 56m");
        let ms = |v| display_number(v, None, Some(DurationUnit::Ms));
        assert_eq!(ms(24_948_000.0), "6h 56m");
    }

    #[test]
    fn plain_numbers_keep_what_was_stored() {
        assert_eq!(display_number(52.0, Some("number"), None), "52");
        assert_eq!(display_number(16.1, Some("number"), None), "16.1");
        assert_eq!(display_number(-0.0, None, None), "0");
        assert_eq!(
            display_number(2345.5, Some("number_with_commas"), None),
            "2,345.5"
        );
        assert_eq!(
            display_number(1234567.0, Some("number_with_commas"), None),
            "1,234,567"
        );
        assert_eq!(
            display_number(999.0, Some("number_with_commas"), None),
            "999"
        );
    }

    #[test]
    fn text_and_empty_values() {
        let text = serde_json::json!({"id": "a", "type": "rich_text",
            "rich_text": [{"plain_text": "23:"}, {"plain_text": "12"}]});
        assert_eq!(display_value(&text, None, None).as_deref(), Some("23:12"));
        let empty = serde_json::json!({"id": "b", "type": "number", "number": null});
        assert_eq!(display_value(&empty, None, None), None);
        let check = serde_json::json!({"id": "c", "type": "checkbox", "checkbox": true});
        assert_eq!(display_value(&check, None, None), None);
    }
}
