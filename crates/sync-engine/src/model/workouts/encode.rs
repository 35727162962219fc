//! A workout field's value as a Notion property value, and whether a page already holds it
//! (compared in the written form, so an unchanged workout costs no write).

use chrono::SecondsFormat;
use notion_client::PropertySchema;
use serde_json::{json, Value};

use super::values::FieldValue;
use super::WorkoutField;
use crate::mapping::encode::same_value;
use crate::mapping::{DurationUnit, MappedProperty};
use crate::metrics::{format_duration, round_to};

/// The property value to write, or `None` when this value can't go into this property.
pub fn encode_field(
    field: WorkoutField,
    value: &FieldValue,
    property: &PropertySchema,
    mapped: &MappedProperty,
) -> Option<Value> {
    match (property.kind.as_str(), value) {
        ("date", FieldValue::Start(t)) => Some(json!({
            "date": { "start": t.to_rfc3339_opts(SecondsFormat::Secs, false) }
        })),
        ("select", FieldValue::Text(text)) => {
            Some(json!({ "select": { "name": select_name(text) } }))
        }
        ("number", FieldValue::Number(n)) => Some(json!({ "number": n })),
        ("number", FieldValue::DurationMs(ms)) => {
            let number = match mapped.unit.unwrap_or(DurationUnit::Minutes) {
                DurationUnit::Ms => *ms as f64,
                DurationUnit::Minutes => round_to(*ms as f64 / 60_000.0, 0),
                DurationUnit::Hours => round_to(*ms as f64 / 3_600_000.0, 2),
                DurationUnit::Text => return None,
            };
            Some(json!({ "number": number }))
        }
        ("rich_text", value) => {
            let text = match value {
                FieldValue::Text(text) => text.clone(),
                FieldValue::Number(n) => {
                    let unit = field.unit();
                    let number = format!("{n:.*}", field.decimals() as usize);
                    if unit.is_empty() {
                        number
                    } else {
                        format!("{number} {unit}")
                    }
                }
                FieldValue::DurationMs(ms) => format_duration(*ms),
                FieldValue::Start(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            };
            Some(json!({ "rich_text": [{ "type": "text", "text": { "content": text } }] }))
        }
        _ => None,
    }
}

/// The link to the day's page.
pub fn encode_day_link(day_page_id: &str) -> Value {
    json!({ "relation": [{ "id": day_page_id }] })
}

/// The title a workout's page gets: its sport and when it began ("Running · 07:10").
pub fn encode_title(text: &str) -> Value {
    json!({ "title": [{ "type": "text", "text": { "content": text } }] })
}

/// Notion refuses commas in a select option's name.
fn select_name(text: &str) -> String {
    text.replace(',', " ")
}

/// Does the page's current value equal what we'd write? Selects compare by name and
/// relations by the pages they link (ids in either spelling).
pub fn same_field_value(kind: &str, current: &Value, wanted: &Value) -> bool {
    match kind {
        "select" => current.get("name") == wanted["select"].get("name"),
        "relation" => {
            let ids = |v: &Value| -> Vec<String> {
                let mut ids: Vec<String> = v
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|link| link.get("id").and_then(Value::as_str))
                    .map(|id| id.replace('-', "").to_ascii_lowercase())
                    .collect();
                ids.sort();
                ids
            };
            ids(current) == ids(&wanted["relation"])
        }
        _ => same_value(kind, current, wanted),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prop(kind: &str) -> PropertySchema {
        PropertySchema {
            id: "p".into(),
            name: "P".into(),
            kind: kind.into(),
            ..PropertySchema::default()
        }
    }

    fn mapped(unit: Option<DurationUnit>) -> MappedProperty {
        MappedProperty {
            id: "p".into(),
            name: "P".into(),
            unit,
            temperature: None,
            weight: None,
            height: None,
        }
    }

    #[test]
    fn each_kind_of_value_in_each_kind_of_column() {
        let sport = FieldValue::Text("Functional Fitness".into());
        let select = encode_field(WorkoutField::Sport, &sport, &prop("select"), &mapped(None));
        assert_eq!(
            select,
            Some(json!({"select": {"name": "Functional Fitness"}}))
        );
        let hr = FieldValue::Number(141.0);
        let text = encode_field(
            WorkoutField::AverageHeartRate,
            &hr,
            &prop("rich_text"),
            &mapped(None),
        )
        .unwrap();
        assert_eq!(text["rich_text"][0]["text"]["content"], "141 bpm");
        let duration = FieldValue::DurationMs(52 * 60_000 + 30_000);
        let minutes = encode_field(
            WorkoutField::Duration,
            &duration,
            &prop("number"),
            &mapped(None),
        );
        assert_eq!(minutes, Some(json!({"number": 53.0})));
        let hours = encode_field(
            WorkoutField::Duration,
            &duration,
            &prop("number"),
            &mapped(Some(DurationUnit::Hours)),
        );
        assert_eq!(hours, Some(json!({"number": 0.88})));
        // A number never goes into a date, a moment never into a number.
        assert_eq!(
            encode_field(WorkoutField::Strain, &hr, &prop("date"), &mapped(None)),
            None
        );
    }

    #[test]
    fn unchanged_selects_and_links_compare_equal_as_notion_gives_them_back() {
        let wanted = json!({"select": {"name": "Running"}});
        let current = json!({"id": "abc", "name": "Running", "color": "blue"});
        assert!(same_field_value("select", &current, &wanted));
        assert!(!same_field_value("select", &json!(null), &wanted));
        let wanted = encode_day_link("2b1f0c6e-0000-4000-8000-000000000001");
        let current = json!([{"id": "2b1f0c6e000040008000000000000001"}]);
        assert!(same_field_value("relation", &current, &wanted));
        assert!(!same_field_value("relation", &json!([]), &wanted));
    }
}
