//! Metric values as Notion property values, and whether a page already holds them. Comparing
//! in the written form (after unit conversion and rounding) is what makes an unchanged day cost
//! no write at all.

use chrono::{DateTime, NaiveDate, SecondsFormat};
use notion_client::PropertySchema;
use serde_json::{json, Value};

use super::{DurationUnit, MappedProperty};
use crate::metrics::{format_value, round_to, Metric, MetricKind, MetricValue};
use crate::units::{ClockStyle, Height, Temperature, Units, Weight};

/// The property value to write, or `None` when this value can't go into this property.
pub fn encode(
    metric: &Metric,
    value: &MetricValue,
    property: &PropertySchema,
    mapped: &MappedProperty,
) -> Option<Value> {
    match property.kind.as_str() {
        "number" => {
            let number = match (metric.kind, value) {
                (MetricKind::Duration, MetricValue::DurationMs(ms)) => {
                    match mapped.unit.unwrap_or(DurationUnit::Hours) {
                        DurationUnit::Ms => *ms as f64,
                        DurationUnit::Minutes => round_to(*ms as f64 / 60_000.0, 0),
                        DurationUnit::Hours => round_to(*ms as f64 / 3_600_000.0, 2),
                        DurationUnit::Text => return None,
                    }
                }
                // Notion shows a percent-formatted number × 100: store 0.78 to show 78%.
                (MetricKind::Percent, MetricValue::Number(n))
                    if property.number_format.as_deref() == Some("percent") =>
                {
                    round_to(n / 100.0, metric.decimals + 2)
                }
                // Converted, then rounded as WHOOP shows it, so the page holds exactly what we
                // compare against next time (an unchanged day costs no write).
                (_, MetricValue::Number(n)) if metric.is_temperature() => round_to(
                    written_units(mapped).temperature.from_celsius(*n),
                    metric.decimals,
                ),
                // Likewise rounded in the unit chosen (71.5 kg, 157.6 lb, 183 cm, 72.0 in).
                (_, MetricValue::Number(n)) if metric.is_weight() => {
                    written_units(mapped).weight.from_kilograms(*n)
                }
                (_, MetricValue::Number(n)) if metric.is_height() => {
                    written_units(mapped).height.from_meters(*n)
                }
                (_, MetricValue::Number(n)) => *n,
                _ => return None,
            };
            Some(json!({ "number": number }))
        }
        "rich_text" => {
            let text = format_value(metric, value, &written_units(mapped));
            Some(json!({ "rich_text": [{ "type": "text", "text": { "content": text } }] }))
        }
        "date" => match value {
            MetricValue::Clock(t) => Some(json!({
                "date": { "start": t.to_rfc3339_opts(SecondsFormat::Secs, false) }
            })),
            _ => None,
        },
        _ => None,
    }
}

/// What is written to Notion depends on the mapping alone, never on how the user likes values
/// shown: the temperature, weight or height unit chosen for this property (else WHOOP's °C
/// and kg, and cm), and times in 24-hour form (so a change of display setting or locale never
/// rewrites every page).
fn written_units(mapped: &MappedProperty) -> Units {
    Units {
        clock: ClockStyle::H24,
        temperature: mapped.temperature.unwrap_or(Temperature::Celsius),
        weight: mapped.weight.unwrap_or(Weight::Kilograms),
        height: mapped.height.unwrap_or(Height::Centimeters),
    }
}

/// The day key's value.
pub fn encode_day(day: NaiveDate) -> Value {
    json!({ "date": { "start": day.format("%Y-%m-%d").to_string() } })
}

/// The title a created page gets: the day.
pub fn encode_title(day: NaiveDate) -> Value {
    json!({ "title": [{ "type": "text", "text": { "content": day.format("%Y-%m-%d").to_string() } }] })
}

/// Does the page's current value (the JSON under the type key) equal what we'd write?
pub fn same_value(kind: &str, current: &Value, wanted: &Value) -> bool {
    match kind {
        "number" => match (current.as_f64(), wanted["number"].as_f64()) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
            (None, None) => true,
            _ => false,
        },
        "rich_text" | "title" => plain_text(current) == plain_text(&wanted[kind]),
        "date" => {
            let a = current.get("start").and_then(Value::as_str);
            let b = wanted["date"]["start"].as_str();
            match (a, b) {
                (Some(a), Some(b)) => same_moment(a, b),
                (None, None) => true,
                _ => false,
            }
        }
        _ => current == wanted.get(kind).unwrap_or(&Value::Null),
    }
}

fn same_moment(a: &str, b: &str) -> bool {
    match (
        DateTime::parse_from_rfc3339(a),
        DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn plain_text(rich: &Value) -> String {
    rich.as_array()
        .into_iter()
        .flatten()
        .filter_map(|part| {
            part.get("plain_text")
                .or_else(|| part.get("text").and_then(|t| t.get("content")))
                .and_then(Value::as_str)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::metric;

    fn prop(kind: &str, format: Option<&str>) -> PropertySchema {
        PropertySchema {
            id: "p".into(),
            name: "P".into(),
            kind: kind.into(),
            number_format: format.map(String::from),
            options: vec![],
            ..Default::default()
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
    fn percent_format_gets_fractions() {
        let recovery = metric("recovery_score").unwrap();
        let v = MetricValue::Number(78.0);
        let pct = encode(
            recovery,
            &v,
            &prop("number", Some("percent")),
            &mapped(None),
        )
        .unwrap();
        assert_eq!(pct, json!({"number": 0.78}));
        let plain = encode(recovery, &v, &prop("number", Some("number")), &mapped(None)).unwrap();
        assert_eq!(plain, json!({"number": 78.0}));
        let spo2 = metric("spo2").unwrap();
        let v = MetricValue::Number(95.6);
        let pct = encode(spo2, &v, &prop("number", Some("percent")), &mapped(None)).unwrap();
        assert_eq!(pct, json!({"number": 0.956}));
    }

    #[test]
    fn durations_in_every_unit() {
        let asleep = metric("sleep_time").unwrap();
        let v = MetricValue::DurationMs(27_720_000); // 7h 42m
        let number = prop("number", None);
        let cases = [
            (DurationUnit::Ms, json!({"number": 27_720_000.0})),
            (DurationUnit::Minutes, json!({"number": 462.0})),
            (DurationUnit::Hours, json!({"number": 7.7})),
        ];
        for (unit, want) in cases {
            assert_eq!(
                encode(asleep, &v, &number, &mapped(Some(unit))).unwrap(),
                want
            );
        }
        let text = encode(
            asleep,
            &v,
            &prop("rich_text", None),
            &mapped(Some(DurationUnit::Text)),
        );
        assert_eq!(text.unwrap()["rich_text"][0]["text"]["content"], "7h 42m");
    }

    #[test]
    fn skin_temperature_in_the_unit_chosen_and_unchanged_costs_nothing() {
        let skin = metric("skin_temp").unwrap();
        let v = MetricValue::Number(33.9);
        let number = prop("number", None);
        let celsius = encode(skin, &v, &number, &mapped(None)).unwrap();
        assert_eq!(celsius, json!({"number": 33.9}));
        let f = MappedProperty {
            temperature: Some(Temperature::Fahrenheit),
            ..mapped(None)
        };
        let wanted = encode(skin, &v, &number, &f).unwrap();
        // 33.9 × 9/5 + 32 = 93.02, rounded to WHOOP's one decimal.
        assert_eq!(wanted, json!({"number": 93.0}));
        // What Notion gives back after that write is the same: no second write.
        assert!(same_value("number", &json!(93.0), &wanted));
        // A page still holding °C (the unit was just changed) gets rewritten.
        assert!(!same_value("number", &json!(33.9), &wanted));
        let text = encode(skin, &v, &prop("rich_text", None), &f).unwrap();
        assert_eq!(text["rich_text"][0]["text"]["content"], "93.0 °F");
        let ugly = MetricValue::Number(36.7); // 98.06 °F
        let wanted = encode(skin, &ugly, &number, &f).unwrap();
        assert_eq!(wanted, json!({"number": 98.1}));
        assert!(same_value("number", &json!(98.1), &wanted));
    }

    #[test]
    fn weight_and_height_in_each_unit_and_unchanged_costs_nothing() {
        let number = prop("number", None);
        let text = prop("rich_text", None);
        // As `metric_values` keeps WHOOP's example (200 lb, 6 ft): grams and millimetres.
        let weight = metric("body_weight").unwrap();
        let kilograms = MetricValue::Number(90.72);
        let height = metric("body_height").unwrap();
        let meters = MetricValue::Number(1.829);
        let in_unit = |weight_unit: Option<Weight>, height_unit: Option<Height>| MappedProperty {
            weight: weight_unit,
            height: height_unit,
            ..mapped(None)
        };
        let cases = [
            (weight, &kilograms, in_unit(None, None), 90.7, "90.7 kg"),
            (
                weight,
                &kilograms,
                in_unit(Some(Weight::Kilograms), None),
                90.7,
                "90.7 kg",
            ),
            (
                weight,
                &kilograms,
                in_unit(Some(Weight::Pounds), None),
                200.0,
                "200.0 lb",
            ),
            (height, &meters, in_unit(None, None), 183.0, "183 cm"),
            (
                height,
                &meters,
                in_unit(None, Some(Height::Meters)),
                1.83,
                "1.83 m",
            ),
            (
                height,
                &meters,
                in_unit(None, Some(Height::Inches)),
                72.0,
                "72.0 in",
            ),
        ];
        for (metric, value, mapped, number_written, text_written) in cases {
            let wanted = encode(metric, value, &number, &mapped).unwrap();
            assert_eq!(wanted, json!({ "number": number_written }), "{mapped:?}");
            // Notion gives back what was written: the same day read again is no write.
            assert!(same_value("number", &json!(number_written), &wanted));
            let wanted_text = encode(metric, value, &text, &mapped).unwrap();
            assert_eq!(
                wanted_text["rich_text"][0]["text"]["content"], text_written,
                "{mapped:?}"
            );
            let current = json!([{"type": "text", "plain_text": text_written}]);
            assert!(same_value("rich_text", &current, &wanted_text));
        }
        // A page still holding kilograms (the unit was just changed to pounds) is rewritten.
        let pounds = encode(
            weight,
            &kilograms,
            &number,
            &in_unit(Some(Weight::Pounds), None),
        )
        .unwrap();
        assert!(!same_value("number", &json!(90.7), &pounds));
        // A new weight is a new value.
        let lighter = encode(weight, &MetricValue::Number(90.5), &number, &mapped(None)).unwrap();
        assert!(!same_value("number", &json!(90.7), &lighter));
    }

    #[test]
    fn equal_values_compare_equal_in_notions_rendering() {
        let wanted = json!({"number": 0.78});
        assert!(same_value("number", &json!(0.78), &wanted));
        assert!(!same_value("number", &json!(0.79), &wanted));
        assert!(!same_value("number", &Value::Null, &wanted));
        let wanted = json!({"rich_text": [{"type":"text","text":{"content":"7h 42m"}}]});
        let current = json!([{"type":"text","plain_text":"7h 42m","text":{"content":"7h 42m"}}]);
        assert!(same_value("rich_text", &current, &wanted));
        let wanted = json!({"date": {"start": "2026-11-24T23:41:00-05:00"}});
        let current = json!({"start": "2026-11-24T23:41:00.000-05:00", "end": null});
        assert!(same_value("date", &current, &wanted));
    }
}
