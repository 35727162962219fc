//! One night per day. WHOOP shows last night's sleep and this morning's recovery as *today*:
//! the day of a night is the local calendar date of its sleep's `end`, in that sleep's own
//! `timezone_offset` (not UTC, not this machine's zone). Naps are never the night.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use whoop_client::{Cycle, DateRange, Recovery, ScoreState, Sleep, Workout};

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
    }))
}
