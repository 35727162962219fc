//! The morning notification: today's numbers, each against the average of the previous
//! seven nights ("Recovery 78% (+6) · Asleep 7h 12m (−18m) · Efficiency 93% (+1)").

use chrono::NaiveDate;
use serde_json::Value;
use sync_vocabulary::metrics::{format_duration, MetricKey};

/// The three numbers the notification shows, as WHOOP reports them (not yet formatted).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NightNumbers {
    pub recovery: Option<f64>,
    pub sleep_ms: Option<f64>,
    pub efficiency: Option<f64>,
}

impl NightNumbers {
    /// From a history day's `values` (`{"recovery_score": {"display": "78%", "value": 78}, …}`).
    pub fn from_history_values(values: &Value) -> Self {
        let get = |key: MetricKey| {
            values
                .get(key.as_str())
                .and_then(|v| v.get("value"))
                .and_then(Value::as_f64)
        };
        Self {
            recovery: get(MetricKey::RecoveryScore),
            sleep_ms: get(MetricKey::SleepTime),
            efficiency: get(MetricKey::SleepEfficiency),
        }
    }
}

pub const TITLE: &str = "Last night is in Notion";

/// The body, or `None` when there is nothing to tell (no numbers at all).
pub fn message(today: &NightNumbers, previous: &[NightNumbers]) -> Option<String> {
    let avg = |pick: fn(&NightNumbers) -> Option<f64>| {
        let values: Vec<f64> = previous.iter().take(7).filter_map(pick).collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    let mut parts = Vec::new();
    if let Some(r) = today.recovery {
        parts.push(format!(
            "Recovery {r:.0}%{}",
            delta_points(r, avg(|n| n.recovery))
        ));
    }
    if let Some(s) = today.sleep_ms {
        let change = avg(|n| n.sleep_ms).map(|a| {
            let minutes = ((s - a) / 60_000.0).round() as i64;
            match minutes {
                0 => " (±0m)".to_string(),
                m if m > 0 => format!(" (+{})", format_duration(m * 60_000)),
                m => format!(" (−{})", format_duration(-m * 60_000)),
            }
        });
        parts.push(format!(
            "Asleep {}{}",
            format_duration(s as i64),
            change.unwrap_or_default()
        ));
    }
    if let Some(e) = today.efficiency {
        parts.push(format!(
            "Efficiency {e:.0}%{}",
            delta_points(e, avg(|n| n.efficiency))
        ));
    }
    (!parts.is_empty()).then(|| {
        let mut text = parts.join(" · ");
        if !previous.is_empty() {
            text.push_str(" — vs 7-day average");
        }
        text
    })
}

fn delta_points(value: f64, average: Option<f64>) -> String {
    match average.map(|a| (value - a).round() as i64) {
        None => String::new(),
        Some(0) => " (±0)".into(),
        Some(d) if d > 0 => format!(" (+{d})"),
        Some(d) => format!(" (−{})", -d),
    }
}

/// Remembers the day last notified, so each morning notifies once even across restarts (the
/// shell persists `last_day`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MorningNotifier {
    pub last_day: Option<NaiveDate>,
}

impl MorningNotifier {
    /// True once per day, when today's numbers were just written.
    pub fn should_notify(&mut self, today: NaiveDate, written_today: bool) -> bool {
        if !written_today || self.last_day == Some(today) {
            return false;
        }
        self.last_day = Some(today);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(r: f64, s_min: f64, e: f64) -> NightNumbers {
        NightNumbers {
            recovery: Some(r),
            sleep_ms: Some(s_min * 60_000.0),
            efficiency: Some(e),
        }
    }

    #[test]
    fn compares_with_the_week() {
        let week = vec![n(70.0, 450.0, 92.0), n(74.0, 470.0, 92.0)];
        let text = message(&n(78.0, 432.0, 93.0), &week).unwrap();
        assert_eq!(
            text,
            "Recovery 78% (+6) · Asleep 7h 12m (−28m) · Efficiency 93% (+1) — vs 7-day average"
        );
    }

    #[test]
    fn without_history_it_just_tells_the_numbers() {
        let text = message(&n(55.0, 400.0, 88.0), &[]).unwrap();
        assert_eq!(text, "Recovery 55% · Asleep 6h 40m · Efficiency 88%");
        assert_eq!(message(&NightNumbers::default(), &[]), None);
    }

    #[test]
    fn only_the_last_seven_nights_count() {
        let mut week = vec![n(50.0, 400.0, 90.0); 7];
        week.push(n(0.0, 0.0, 0.0));
        let text = message(&n(50.0, 400.0, 90.0), &week).unwrap();
        assert!(
            text.starts_with("Recovery 50% (±0) · Asleep 6h 40m (±0m)"),
            "{text}"
        );
    }

    #[test]
    fn reads_history_values() {
        let values = serde_json::json!({"recovery_score": {"display": "78%", "value": 78.0}, "sleep_time": {"display": "7h 12m", "value": 25_920_000}});
        let numbers = NightNumbers::from_history_values(&values);
        assert_eq!(numbers.recovery, Some(78.0));
        assert_eq!(numbers.sleep_ms, Some(25_920_000.0));
        assert_eq!(numbers.efficiency, None);
    }

    #[test]
    fn notifies_once_a_day() {
        let mut notifier = MorningNotifier::default();
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert!(!notifier.should_notify(day, false));
        assert!(notifier.should_notify(day, true));
        assert!(!notifier.should_notify(day, true));
        assert!(notifier.should_notify(day.succ_opt().unwrap(), true));
    }
}
