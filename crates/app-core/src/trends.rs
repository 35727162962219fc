//! The Trends view's series (the `trends` command), built from the numbers the history already
//! keeps for each day (`values_json`: `{display, value}` per metric key), so looking at them
//! costs no request to WHOOP or Notion. Pure: the caller reads the history and says which day
//! is today by the engine's clock and zone.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use serde_json::Value;
use sync_vocabulary::metrics::{
    format_duration, format_value, round_to, Metric, MetricKey, MetricKind, MetricValue,
};

/// What the view charts, in its order: recovery first, as in the WHOOP app.
pub const TREND_METRICS: [MetricKey; 4] = [
    MetricKey::RecoveryScore,
    MetricKey::Hrv,
    MetricKey::RestingHeartRate,
    MetricKey::SleepTime,
];

/// The average line's window: the day and the 6 before it.
pub const AVERAGE_DAYS: i64 = 7;

/// The longest range the view asks for is a year; three are accepted, as for a backfill.
pub const MAX_DAYS: u32 = 1095;

const MS_PER_HOUR: f64 = 3_600_000.0;

/// The chart data for `from..=to`: one entry per day in every series, `null` where the history
/// has no number for that day, so a chart spaces the days truly and shows the gaps.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Trends {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Every day of the range, oldest first.
    pub days: Vec<NaiveDate>,
    pub series: Vec<TrendSeries>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TrendSeries {
    /// The metric key (`recovery_score`, `hrv`, …).
    pub key: String,
    pub label: String,
    pub kind: MetricKind,
    /// The unit of `values`: the metric's ("%", "ms", "bpm"), or "h" for a duration.
    pub unit: String,
    pub decimals: u32,
    /// The day's number (a duration in hours), by day.
    pub values: Vec<Option<f64>>,
    /// The same as the history shows it ("78%", "7h 12m").
    pub display: Vec<Option<String>>,
    /// The mean of the numbers of the 7 days ending that day, those days that have one (the
    /// days before the range count too); `null` when none of them has.
    pub average: Vec<Option<f64>>,
    pub average_display: Vec<Option<String>>,
}

/// The first and last day of a range of `days` days ending today (the user's local day).
pub fn range(today: NaiveDate, days: u32) -> (NaiveDate, NaiveDate) {
    (today - Duration::days(i64::from(days.max(1)) - 1), today)
}

/// The first day whose numbers the range's averages need.
pub fn read_from(from: NaiveDate) -> NaiveDate {
    from - Duration::days(AVERAGE_DAYS - 1)
}

/// The series of `from..=to` from history rows (a day and its `values`, in any order; rows
/// outside the range only feed the averages). A row without a metric, or with a value that
/// isn't a number (a hand-edited file), counts as a day without that number.
pub fn build(rows: &[(NaiveDate, Value)], from: NaiveDate, to: NaiveDate) -> Trends {
    let days: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= to).collect();
    // A later row of the same day replaces an earlier one.
    let by_day: BTreeMap<NaiveDate, &Value> = rows.iter().map(|(d, v)| (*d, v)).collect();
    let series = TREND_METRICS
        .iter()
        .map(|key| key.metric())
        .map(|m| {
            let duration = m.kind == MetricKind::Duration;
            let number = |day: NaiveDate| -> Option<(f64, Option<String>)> {
                let entry = by_day.get(&day)?.get(m.key.as_str())?;
                let value = entry.get("value")?.as_f64().filter(|v| v.is_finite())?;
                let shown = entry
                    .get("display")
                    .and_then(Value::as_str)
                    .map(String::from);
                Some((if duration { value / MS_PER_HOUR } else { value }, shown))
            };
            let mut values = Vec::with_capacity(days.len());
            let mut display = Vec::with_capacity(days.len());
            let mut average = Vec::with_capacity(days.len());
            // The window's numbers, oldest first, refilled as it slides day by day.
            let mut window: Vec<Option<f64>> = (1..AVERAGE_DAYS)
                .rev()
                .map(|back| number(from - Duration::days(back)).map(|(v, _)| v))
                .collect();
            for day in &days {
                let today = number(*day);
                window.push(today.as_ref().map(|(v, _)| *v));
                if window.len() > AVERAGE_DAYS as usize {
                    window.remove(0);
                }
                let present: Vec<f64> = window.iter().flatten().copied().collect();
                average.push(
                    (!present.is_empty())
                        .then(|| round_to(present.iter().sum::<f64>() / present.len() as f64, 2)),
                );
                values.push(today.as_ref().map(|(v, _)| *v));
                display.push(today.map(|(v, shown)| shown.unwrap_or_else(|| show(m, v))));
            }
            TrendSeries {
                key: m.key.to_string(),
                label: m.label.to_string(),
                kind: m.kind,
                unit: if duration { "h" } else { m.unit }.to_string(),
                decimals: m.decimals,
                average_display: average.iter().map(|a| a.map(|a| show(m, a))).collect(),
                values,
                display,
                average,
            }
        })
        .collect();
    Trends {
        from,
        to,
        days,
        series,
    }
}

/// A number of the series (hours for a duration) as the rest of the app writes it.
fn show(m: &Metric, value: f64) -> String {
    if m.kind == MetricKind::Duration {
        format_duration((value * MS_PER_HOUR).round() as i64)
    } else {
        // None of the charted metrics is a time or a temperature: the user's units don't
        // change how they read.
        format_value(
            m,
            &MetricValue::Number(round_to(value, m.decimals)),
            &sync_vocabulary::Units::default(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn row(d: u32, values: Value) -> (NaiveDate, Value) {
        (day(d), values)
    }

    fn recovery(r: f64) -> Value {
        json!({"recovery_score": {"display": format!("{r}%"), "value": r}})
    }

    fn series<'a>(t: &'a Trends, key: &str) -> &'a TrendSeries {
        t.series.iter().find(|s| s.key == key).unwrap()
    }

    #[test]
    fn a_range_ends_today_and_counts_today() {
        assert_eq!(range(day(30), 30), (day(1), day(30)));
        assert_eq!(range(day(30), 1), (day(30), day(30)));
        // Across a month's end.
        assert_eq!(
            range(day(5), 7),
            (NaiveDate::from_ymd_opt(2026, 10, 30).unwrap(), day(5))
        );
        assert_eq!(read_from(day(10)), day(4));
    }

    #[test]
    fn every_day_of_the_range_has_a_slot_and_missing_days_are_null() {
        let rows = [row(2, recovery(70.0)), row(4, recovery(40.0))];
        let t = build(&rows, day(1), day(5));
        assert_eq!(t.days, [day(1), day(2), day(3), day(4), day(5)]);
        let keys: Vec<_> = t.series.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, TREND_METRICS.map(MetricKey::as_str));
        let r = series(&t, "recovery_score");
        assert_eq!(r.values, [None, Some(70.0), None, Some(40.0), None]);
        assert_eq!(r.display[1].as_deref(), Some("70%"));
        assert_eq!((r.unit.as_str(), r.label.as_str()), ("%", "Recovery"));
        // Days without the metric: HRV is in no row.
        let hrv = series(&t, "hrv");
        assert!(hrv.values.iter().all(Option::is_none));
        assert!(hrv.average.iter().all(Option::is_none));
    }

    #[test]
    fn a_day_without_one_metric_still_has_the_others() {
        let rows = [row(
            1,
            json!({
                "hrv": {"display": "61 ms", "value": 61.0},
                "sleep_time": {"display": "7h 12m", "value": 25_920_000},
                // A damaged entry counts as no number.
                "resting_heart_rate": {"display": "?", "value": "fifty"},
            }),
        )];
        let t = build(&rows, day(1), day(1));
        assert_eq!(series(&t, "recovery_score").values, [None]);
        assert_eq!(series(&t, "resting_heart_rate").values, [None]);
        assert_eq!(series(&t, "hrv").values, [Some(61.0)]);
        let sleep = series(&t, "sleep_time");
        assert_eq!(sleep.values, [Some(7.2)]);
        assert_eq!(sleep.unit, "h");
        assert_eq!(sleep.display, [Some("7h 12m".to_string())]);
        assert_eq!(sleep.average_display, [Some("7h 12m".to_string())]);
    }

    #[test]
    fn the_seven_day_average_spans_gaps_and_reaches_before_the_range() {
        // Days 1–3 are before the range (4–12): they feed its first averages.
        let rows: Vec<_> = [(1, 10.0), (2, 20.0), (3, 30.0), (6, 60.0), (12, 90.0)]
            .into_iter()
            .map(|(d, r)| row(d, recovery(r)))
            .collect();
        let t = build(&rows, day(4), day(12));
        let r = series(&t, "recovery_score");
        assert_eq!(
            r.average,
            [
                Some(20.0),  // 4: days 1–3
                Some(20.0),  // 5: days 1–3
                Some(30.0),  // 6: 10, 20, 30, 60
                Some(30.0),  // 7: days 1–7
                Some(36.67), // 8: day 1 left the window: 20, 30, 60
                Some(45.0),  // 9: 30, 60
                Some(60.0),  // 10: 60 alone
                Some(60.0),  // 11
                Some(75.0),  // 12: 60, 90
            ]
        );
        assert_eq!(r.average_display[4].as_deref(), Some("37%"));
        // A week with no number at all breaks the line.
        let t = build(&rows, day(13), day(20));
        let r = series(&t, "recovery_score");
        assert_eq!(r.average[5], Some(90.0)); // day 18 still sees day 12
        assert_eq!(r.average[6], None); // day 19 doesn't
    }

    #[test]
    fn the_latest_row_of_a_day_wins() {
        // History rows oldest first; a rescored day appears twice.
        let rows = [row(3, recovery(50.0)), row(3, recovery(55.0))];
        let t = build(&rows, day(3), day(3));
        assert_eq!(series(&t, "recovery_score").values, [Some(55.0)]);
    }
}
