//! One night per day. WHOOP shows last night's sleep and this morning's recovery as *today*:
//! the day of a night is the local calendar date of its sleep's `end`, in that sleep's own
//! `timezone_offset` (not UTC, not this machine's zone). Naps are never the night.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use whoop_client::{BodyMeasurement, Cycle, DateRange, Recovery, ScoreState, Sleep, Workout};

/// A day's night: its main sleep, and the recovery and cycle that belong to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Night {
    pub day: NaiveDate,
    pub sleep: Sleep,
    pub recovery: Option<Recovery>,
    pub cycle: Option<Cycle>,
    /// The day's naps (those that end on it, in their own offset), whatever their score
    /// state; never part of the night's numbers.
    pub naps: Vec<Sleep>,
    /// The day's workouts (those that start on it, in their own offset), whatever their score
    /// state; `None` when workouts weren't read.
    pub workouts: Option<Vec<Workout>>,
    /// The body measurement, on the day the run read it only ([`measured_today`]); `None` on
    /// every other day and when it wasn't read.
    pub body: Option<BodyMeasurement>,
}

/// What a day holds, before anything is compared with Notion.
#[derive(Debug, Clone, PartialEq)]
pub enum DayState {
    Ready(Box<Night>),
    /// Not scored yet (`PENDING_SCORE`, or no recovery yet for a recent night).
    Waiting(String),
    /// WHOOP could not score it (`UNSCORABLE`); reported, never written as numbers.
    Unscorable(String),
    /// No night in WHOOP for this day.
    NoData,
}

pub use sync_vocabulary::DayRange;

/// WHOOP's side of a [`DayRange`].
pub trait WhoopWindow {
    /// The UTC window to ask WHOOP for. Offsets run from −12:00 to +14:00 and a night can
    /// start the evening before, so the window reaches well past both ends; extra records are
    /// dropped when nights are assigned to days.
    fn whoop_window(&self, now: DateTime<Utc>) -> DateRange;
}

impl WhoopWindow for DayRange {
    fn whoop_window(&self, now: DateTime<Utc>) -> DateRange {
        let start = self.first.and_time(NaiveTime::MIN).and_utc() - Duration::hours(14 + 24);
        let end = (self.last + Duration::days(1))
            .and_time(NaiveTime::MIN)
            .and_utc()
            + Duration::hours(12);
        DateRange {
            start,
            // Asking about the future is pointless and WHOOP defaults `end` to now anyway.
            end: end
                .min(now + Duration::minutes(1))
                .max(start + Duration::seconds(1)),
        }
    }
}

/// The day a sleep belongs to: its end, in its own offset.
pub fn day_of(sleep: &Sleep) -> NaiveDate {
    match sleep.offset() {
        Some(offset) => sleep.end.with_timezone(&offset).date_naive(),
        // A malformed offset is rare; UTC is the least surprising fallback.
        None => sleep.end.date_naive(),
    }
}

/// The day a workout belongs to: its start, in its own offset (a run past midnight is the
/// day it began).
pub fn workout_day(workout: &Workout) -> NaiveDate {
    match workout.offset() {
        Some(offset) => workout.start.with_timezone(&offset).date_naive(),
        None => workout.start.date_naive(),
    }
}

/// Assigns records to the days of `range`. `today` is the user's current local date (recent
/// nights without a recovery are "waiting" rather than written half-empty).
pub fn assemble(
    range: DayRange,
    today: NaiveDate,
    recoveries: &[Recovery],
    sleeps: &[Sleep],
    cycles: &[Cycle],
    workouts: Option<&[Workout]>,
) -> BTreeMap<NaiveDate, DayState> {
    let recovery_by_sleep: HashMap<&str, &Recovery> = recoveries
        .iter()
        .map(|r| (r.sleep_id.as_str(), r))
        .collect();
    let cycle_by_id: HashMap<i64, &Cycle> = cycles.iter().map(|c| (c.id, c)).collect();

    let mut candidates: BTreeMap<NaiveDate, Vec<&Sleep>> = BTreeMap::new();
    let mut naps: BTreeMap<NaiveDate, Vec<Sleep>> = BTreeMap::new();
    for sleep in sleeps {
        let day = day_of(sleep);
        if day < range.first || day > range.last {
            continue;
        }
        if sleep.nap {
            naps.entry(day).or_default().push(sleep.clone());
        } else {
            candidates.entry(day).or_default().push(sleep);
        }
    }

    range
        .days()
        .map(|day| {
            let state = match candidates.get(&day) {
                None => DayState::NoData,
                Some(sleeps) => {
                    // Two main sleeps ending the same day (a split night, or travel): the one
                    // with a recovery is the night WHOOP shows; otherwise the longest.
                    let sleep = sleeps
                        .iter()
                        .max_by_key(|s| {
                            (
                                recovery_by_sleep.contains_key(s.id.as_str()),
                                s.end - s.start,
                            )
                        })
                        .expect("non-empty");
                    let recovery = recovery_by_sleep.get(sleep.id.as_str()).copied();
                    let cycle_id = recovery.map(|r| r.cycle_id).or(sleep.cycle_id);
                    let cycle = cycle_id.and_then(|id| cycle_by_id.get(&id).copied());
                    let naps = naps.remove(&day).unwrap_or_default();
                    let workouts = workouts.map(|all| {
                        all.iter()
                            .filter(|w| workout_day(w) == day)
                            .cloned()
                            .collect()
                    });
                    classify(day, today, sleep, recovery, cycle, naps, workouts)
                }
            };
            (day, state)
        })
        .collect()
}

fn classify(
    day: NaiveDate,
    today: NaiveDate,
    sleep: &Sleep,
    recovery: Option<&Recovery>,
    cycle: Option<&Cycle>,
    naps: Vec<Sleep>,
    workouts: Option<Vec<Workout>>,
) -> DayState {
    let recovery_state = recovery.map(|r| r.score_state);
    if sleep.score_state == ScoreState::Unscorable || recovery_state == Some(ScoreState::Unscorable)
    {
        return DayState::Unscorable("WHOOP could not score this night".into());
    }
    if sleep.score_state != ScoreState::Scored {
        return DayState::Waiting("WHOOP is still scoring this night's sleep".into());
    }
    match recovery_state {
        Some(ScoreState::Scored) => {}
        Some(_) => return DayState::Waiting("WHOOP is still scoring this recovery".into()),
        None if day + Duration::days(1) >= today => {
            return DayState::Waiting("the recovery isn't in WHOOP yet".into())
        }
        // An old night that never got a recovery: write what the sleep has.
        None => {}
    }
    DayState::Ready(Box::new(Night {
        day,
        sleep: sleep.clone(),
        recovery: recovery.cloned(),
        cycle: cycle.cloned(),
        naps,
        workouts,
        body: None,
    }))
}

/// Puts the body measurement read this run on `today`'s night, if today has one ready. WHOOP
/// keeps no history of measurements, only the current one: written on a past day it would be
/// today's weight on last year's page, so a backfill's other days never get it, and a day
/// keeps the measurement it was written with once it is past.
pub fn measured_today(
    days: &mut BTreeMap<NaiveDate, DayState>,
    today: NaiveDate,
    body: Option<&BodyMeasurement>,
) {
    if let (Some(DayState::Ready(night)), Some(body)) = (days.get_mut(&today), body) {
        night.body = Some(body.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{metric_values, MetricValue};

    fn night(day: NaiveDate) -> DayState {
        let sleep: Sleep = serde_json::from_value(serde_json::json!({
            "id": format!("s{day}"), "cycle_id": 1, "user_id": 1,
            "created_at": "2026-03-15T12:00:00Z", "updated_at": "2026-03-15T12:00:00Z",
            "start": format!("{day}T04:00:00Z"), "end": format!("{day}T12:00:00Z"),
            "timezone_offset": "Z", "nap": false, "score_state": "SCORED", "score": {}
        }))
        .expect("a sleep as WHOOP sends it");
        DayState::Ready(Box::new(Night {
            day,
            sleep,
            recovery: None,
            cycle: None,
            naps: Vec::new(),
            workouts: None,
            body: None,
        }))
    }

    fn values(state: &DayState) -> std::collections::BTreeMap<&'static str, MetricValue> {
        match state {
            DayState::Ready(night) => metric_values(night),
            other => panic!("not ready: {other:?}"),
        }
    }

    const WHOOPS_EXAMPLE: BodyMeasurement = BodyMeasurement {
        height_meter: 1.8288,
        weight_kilogram: 90.7185,
        max_heart_rate: 200.0,
    };

    #[test]
    fn the_body_measurement_goes_on_today_only() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let yesterday = today.pred_opt().unwrap();
        let mut days = BTreeMap::from([(yesterday, night(yesterday)), (today, night(today))]);
        measured_today(&mut days, today, Some(&WHOOPS_EXAMPLE));
        let today_values = values(&days[&today]);
        // Kept to the gram and the millimetre, so pounds and inches round right.
        assert_eq!(today_values["body_weight"], MetricValue::Number(90.72));
        assert_eq!(today_values["body_height"], MetricValue::Number(1.829));
        assert_eq!(
            today_values["body_max_heart_rate"],
            MetricValue::Number(200.0)
        );
        let yesterday_values = values(&days[&yesterday]);
        for key in ["body_weight", "body_height", "body_max_heart_rate"] {
            assert!(!yesterday_values.contains_key(key), "{key}");
        }
    }

    #[test]
    fn a_today_still_waiting_or_a_body_not_entered_writes_none_of_it() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let mut days = BTreeMap::from([(today, DayState::Waiting("scoring".into()))]);
        measured_today(&mut days, today, Some(&WHOOPS_EXAMPLE));
        assert_eq!(days[&today], DayState::Waiting("scoring".into()));

        let mut days = BTreeMap::from([(today, night(today))]);
        let not_entered = BodyMeasurement {
            weight_kilogram: 0.0,
            height_meter: f64::NAN,
            ..WHOOPS_EXAMPLE
        };
        measured_today(&mut days, today, Some(&not_entered));
        let today_values = values(&days[&today]);
        assert!(!today_values.contains_key("body_weight"));
        assert!(!today_values.contains_key("body_height"));
        assert_eq!(
            today_values["body_max_heart_rate"],
            MetricValue::Number(200.0)
        );
    }
}
