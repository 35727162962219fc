//! "What would the row look like?": the latest scored night through the current mapping,
//! shown as Notion would display each cell. Reads WHOOP (the last few days); writes nothing.

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use serde_json::Value;

use crate::config::no_database;
use crate::engine::Engine;
use crate::mapping::encode::encode;
use crate::metrics::{metric_values, METRICS};
use crate::nights::{assemble, measured_today, DayRange, DayState, WhoopWindow};
use crate::run::body_measurement::read_body;
use crate::run::whoop_streams::Wanted;
use crate::Result;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PreviewCell {
    pub key: String,
    pub label: String,
    pub property: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Preview {
    pub day: Option<NaiveDate>,
    pub cells: Vec<PreviewCell>,
    pub note: Option<String>,
}

/// How Notion shows a written property value.
pub fn display(kind: &str, number_format: Option<&str>, value: &Value) -> String {
    match kind {
        "number" => match (value["number"].as_f64(), number_format) {
            (Some(n), Some("percent")) => format!("{}%", trim(n * 100.0)),
            (Some(n), _) => trim(n),
            (None, _) => String::new(),
        },
        "rich_text" => value["rich_text"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["text"]["content"].as_str())
            .collect(),
        "date" => value["date"]["start"]
            .as_str()
            .unwrap_or_default()
            .replace('T', " "),
        _ => value.to_string(),
    }
}

fn trim(n: f64) -> String {
    let text = format!("{:.4}", n);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl Engine {
    pub async fn mapping_preview(&self) -> Result<Preview> {
        let config = self.load_config()?;
        let target = config.target().ok_or_else(no_database)?;
        let (whoop, tokens) = self.whoop(&config).await?;
        let today = self.today();
        let range = DayRange::new(today - Duration::days(6), today).expect("ordered");
        let window = range.whoop_window(self.env.clock.now());
        let (wanted, _) = Wanted::for_mapping(&config.mapping, false, &tokens).await?;
        let workouts = async {
            if wanted.workouts {
                whoop.workouts(window).await.map(Some)
            } else {
                Ok(None)
            }
        };
        let (recoveries, sleeps, cycles, workouts) = tokio::try_join!(
            whoop.recoveries(window),
            whoop.sleeps(window),
            whoop.cycles(window),
            workouts
        )?;
        let body = read_body(&whoop, wanted.body).await?;
        let mut days = assemble(
            range,
            today,
            &recoveries,
            &sleeps,
            &cycles,
            workouts.as_deref(),
        );
        measured_today(&mut days, today, body.body.as_ref());
        let Some((day, night)) = days.iter().rev().find_map(|(d, s)| match s {
            DayState::Ready(night) => Some((*d, night)),
            _ => None,
        }) else {
            return Ok(Preview {
                day: None,
                cells: Vec::new(),
                note: Some("No scored night in the last 7 days to preview.".into()),
            });
        };
        let values = metric_values(night);
        let schema = &target.schema;
        let mut cells = Vec::new();
        for m in METRICS {
            let Some(mapped) = config.mapping.metrics.get(m.key.as_str()) else {
                continue;
            };
            let Some(property) = schema.by_id(&mapped.id) else {
                continue;
            };
            let value = values
                .get(m.key.as_str())
                .and_then(|v| encode(m, v, property, mapped))
                .map(|v| display(&property.kind, property.number_format.as_deref(), &v))
                .unwrap_or_else(|| "— (WHOOP sent no value)".into());
            cells.push(PreviewCell {
                key: m.key.to_string(),
                label: m.label.into(),
                property: property.name.clone(),
                value,
            });
        }
        let note = cells
            .is_empty()
            .then(|| "No metric is mapped yet.".to_string());
        Ok(Preview {
            day: Some(day),
            cells,
            note,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_read_as_notion_shows_them() {
        assert_eq!(
            display("number", Some("percent"), &json!({"number": 0.78})),
            "78%"
        );
        assert_eq!(
            display("number", Some("number"), &json!({"number": 7.7})),
            "7.7"
        );
        assert_eq!(display("number", None, &json!({"number": 52.0})), "52");
        assert_eq!(
            display(
                "rich_text",
                None,
                &json!({"rich_text": [{"text": {"content": "7h 42m"}}]})
            ),
            "7h 42m"
        );
        assert_eq!(
            display(
                "date",
                None,
                &json!({"date": {"start": "2026-11-24T23:41:00-05:00"}})
            ),
            "2026-11-24 23:41:00-05:00"
        );
    }
}
