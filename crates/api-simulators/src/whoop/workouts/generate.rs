//! Deterministic, realistic workouts around the generated nights.
//!
//! Each local day draws from a stream of its own (seeded from the seed and the date), never
//! from the nights' stream, so adding workouts left every night, cycle, recovery and sleep as it
//! was, and one day's choices don't reshuffle another's. Workouts keep clear of every sleep and
//! nap. Edge cases are placed on purpose when the history is long enough: a day with none, a
//! day with two, an unscorable workout, one that runs past local midnight, one abroad, and
//! (with `pending_today`) a workout WHOOP is still scoring.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::Rng;

use super::records::{sport_named, Sport, Workout, WorkoutScore, ZoneDurations, SPORTS};
use crate::whoop::dataset::{rng_for, Dataset};
use crate::whoop::generate::{format_offset, local_to_utc, uuid, GenerateOptions, Layout};
use crate::whoop::records::ScoreState;

/// What the generator meant one workout to be, recorded while building it.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkoutTruth {
    pub workout_id: String,
    /// The local calendar date of the workout's start, in its own `timezone_offset`.
    pub day: NaiveDate,
    pub state: ScoreState,
    /// It ends on the next local date.
    pub crosses_midnight: bool,
    /// Recorded in an offset other than home's, on the trip.
    pub abroad: bool,
}

/// No workout closer than this to a sleep or a nap, nor to another workout.
const CLEARANCE_MIN: i64 = 20;

/// Heart-rate numbers are drawn for a user with this resting and maximum heart rate (the
/// maximum is the one `/v2/user/measurement/body` answers).
const REST_HR: f64 = 55.0;
const MAX_HR: f64 = 200.0;

/// Days picked for the planted cases, by index (0 is the oldest day).
struct Planted {
    none: Option<usize>,
    two: Option<usize>,
    unscorable: Option<usize>,
    abroad: Option<usize>,
}

impl Planted {
    fn new(l: &Layout) -> Self {
        let n = l.n;
        Planted {
            none: (n >= 7).then(|| n - 7),
            two: (n >= 5).then(|| n - 5),
            unscorable: (n >= 4).then_some(n / 3),
            abroad: l.travel.as_ref().map(|r| r.start + 1),
        }
    }
}

/// A workout as planned: where it lies and what kind it is.
struct Plan {
    index: usize,
    day: NaiveDate,
    offset: i32,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    sport: &'static Sport,
    state: ScoreState,
    crosses_midnight: bool,
}

pub(crate) fn generate(
    o: &GenerateOptions,
    l: &Layout,
    ds: &Dataset,
) -> (Vec<Workout>, Vec<WorkoutTruth>) {
    let planted = Planted::new(l);
    let wake_ups = wake_ups(ds);
    let mut plans: Vec<Plan> = Vec::new();
    for i in 0..l.n {
        let wake_up = wake_ups.get(&day_of(o, l, i)).copied();
        plan_day(o, l, ds, &planted, (i, wake_up), &mut plans);
    }
    plant_midnight(o, l, ds, &mut plans);
    if o.pending_today {
        // WHOOP scores a workout minutes after it ends: only today's newest can be pending.
        if let Some(p) = plans
            .iter_mut()
            .filter(|p| p.index + 1 == l.n)
            .max_by_key(|p| p.start)
        {
            p.state = ScoreState::PendingScore;
        }
    }
    plans.sort_by_key(|p| p.start);
    let mut workouts = Vec::with_capacity(plans.len());
    let mut truth = Vec::with_capacity(plans.len());
    for p in &plans {
        let mut rng = rng_for(&format!(
            "workout|{}|{}",
            o.seed,
            p.start.timestamp_millis()
        ));
        let w = build(&mut rng, o.user_id, p);
        truth.push(WorkoutTruth {
            workout_id: w.id.clone(),
            day: p.day,
            state: p.state,
            crosses_midnight: p.crosses_midnight,
            abroad: l.travel.as_ref().is_some_and(|r| r.contains(&p.index)),
        });
        workouts.push(w);
    }
    (workouts, truth)
}

/// The end of each day's main sleep, by its day.
fn wake_ups(ds: &Dataset) -> HashMap<NaiveDate, DateTime<Utc>> {
    let ends: HashMap<&str, DateTime<Utc>> =
        ds.sleeps.iter().map(|s| (s.id.as_str(), s.end)).collect();
    ds.truth
        .iter()
        .filter_map(|t| Some((t.day, *ends.get(t.sleep_id.as_str())?)))
        .collect()
}

fn day_of(o: &GenerateOptions, l: &Layout, i: usize) -> NaiveDate {
    o.today - Duration::days((l.n - 1 - i) as i64)
}

fn pick_sport<R: Rng>(rng: &mut R) -> &'static Sport {
    let total: u32 = SPORTS.iter().map(|s| s.weight).sum();
    let mut x = rng.gen_range(0..total);
    for s in &SPORTS {
        if x < s.weight {
            return s;
        }
        x -= s.weight;
    }
    &SPORTS[0]
}

/// Whether `[start, end)` keeps clear of every sleep and every planned workout, and has been
/// recorded by `now` (if the world is as of an instant).
fn fits(
    o: &GenerateOptions,
    ds: &Dataset,
    plans: &[Plan],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> bool {
    let gap = Duration::minutes(CLEARANCE_MIN);
    let clear = |s: DateTime<Utc>, e: DateTime<Utc>| e + gap <= start || end + gap <= s;
    // Generated sleeps are in order of their start and none is a day long: only the ones
    // starting from a day before can reach this slot (years of history stay quick).
    let from = ds
        .sleeps
        .partition_point(|s| s.start < start - Duration::days(1));
    let to = ds.sleeps.partition_point(|s| s.start < end + gap);
    ds.sleeps[from..to.max(from)]
        .iter()
        .all(|s| clear(s.start, s.end))
        // Planned workouts are in order of their start too.
        && plans[plans.partition_point(|p| p.start < start - Duration::days(1))..]
            .iter()
            .all(|p| clear(p.start, p.end))
        && o.now.is_none_or(|now| end + Duration::minutes(15) <= now)
}

fn plan_day(
    o: &GenerateOptions,
    l: &Layout,
    ds: &Dataset,
    planted: &Planted,
    (i, wake_up): (usize, Option<DateTime<Utc>>),
    plans: &mut Vec<Plan>,
) {
    let day = day_of(o, l, i);
    let offset = l.offset(i);
    let mut rng = rng_for(&format!("workouts|{}|{day}", o.seed));
    let roll: f64 = rng.gen();
    let mut count = match roll {
        r if r < 0.35 => 0,
        r if r < 0.85 => 1,
        r if r < 0.97 => 2,
        _ => 3,
    };
    if planted.two == Some(i) {
        count = count.max(2);
    }
    let must = [planted.unscorable, planted.abroad].contains(&Some(i))
        || (o.pending_today && i + 1 == l.n);
    if must {
        count = count.max(1);
    }
    if planted.none == Some(i) {
        count = 0;
    }
    // Morning: a while after this day's wake-up; else a fixed hour.
    let morning = wake_up
        .map(|w| w + Duration::minutes(rng.gen_range(35..100)))
        .unwrap_or_else(|| local_to_utc(day, 7 * 60 + 30, 0, offset));
    let midday = local_to_utc(day, rng.gen_range(11 * 60 + 45..12 * 60 + 30), 0, offset);
    let evening = local_to_utc(day, rng.gen_range(17 * 60 + 15..19 * 60 + 30), 0, offset);
    let slots: Vec<DateTime<Utc>> = match count {
        0 => vec![],
        1 if rng.gen_bool(0.45) => vec![morning],
        1 if rng.gen_bool(0.15) => vec![midday],
        1 => vec![evening],
        2 => vec![morning, evening],
        _ => vec![morning, midday, evening],
    };
    let mut placed = 0;
    // A slot that doesn't fit (a nap at noon, a late wake-up) tries the evening, then gives up.
    for &slot in slots
        .iter()
        .chain(std::iter::repeat_n(&evening, usize::from(must)))
    {
        if placed == count {
            break;
        }
        let sport = pick_sport(&mut rng);
        let minutes = rng.gen_range(sport.minutes.0..=sport.minutes.1);
        let start = slot + Duration::milliseconds(rng.gen_range(0..60_000));
        let end =
            start + Duration::minutes(minutes) + Duration::milliseconds(rng.gen_range(0..60_000));
        if !fits(o, ds, plans, start, end) {
            continue;
        }
        let state = if (planted.unscorable == Some(i) && placed == 0) || rng.gen_bool(0.03) {
            ScoreState::Unscorable
        } else {
            ScoreState::Scored
        };
        plans.push(Plan {
            index: i,
            day,
            offset,
            start,
            end,
            sport,
            state,
            crosses_midnight: false,
        });
        placed += 1;
    }
}

/// A late session that ends after local midnight (a night game, a late gym visit): on the
/// newest day where one fits before that night's sleep, never today.
fn plant_midnight(o: &GenerateOptions, l: &Layout, ds: &Dataset, plans: &mut Vec<Plan>) {
    for i in (0..l.n.saturating_sub(1)).rev() {
        let day = day_of(o, l, i);
        let offset = l.offset(i);
        let mut rng = rng_for(&format!("workouts|{}|{day}|late", o.seed));
        let start = local_to_utc(
            day,
            23 * 60 + rng.gen_range(0..20),
            rng.gen_range(0..60_000),
            offset,
        );
        let midnight = local_to_utc(day + Duration::days(1), 0, 0, offset);
        let sleep_after = ds
            .sleeps
            .iter()
            .map(|s| s.start)
            .filter(|s| *s > start)
            .min();
        let mut end = start + Duration::minutes(rng.gen_range(50..90));
        if let Some(s) = sleep_after {
            end = end.min(s - Duration::minutes(CLEARANCE_MIN + 1));
        }
        let long_enough = end - start >= Duration::minutes(30);
        if !long_enough || end < midnight + Duration::minutes(10) {
            continue;
        }
        if !fits(o, ds, plans, start, end) {
            continue;
        }
        plans.push(Plan {
            index: i,
            day,
            offset,
            start,
            end,
            sport: sport_named("weightlifting"),
            state: ScoreState::Scored,
            crosses_midnight: true,
        });
        return;
    }
}

fn build(rng: &mut StdRng, user_id: i64, p: &Plan) -> Workout {
    let id = uuid(rng);
    let created_at = p.end + Duration::milliseconds(rng.gen_range(60_000..8 * 60_000));
    let scored = p.state == ScoreState::Scored;
    let score = scored.then(|| workout_score(rng, p.sport, p.start, p.end));
    let updated_at = if scored {
        created_at + Duration::milliseconds(rng.gen_range(2_000..10_000))
    } else {
        created_at
    };
    Workout {
        id,
        v1_id: None,
        user_id,
        created_at,
        updated_at,
        start: p.start,
        end: p.end,
        timezone_offset: format_offset(p.offset),
        sport_name: p.sport.name.to_string(),
        score_state: p.state,
        score,
        sport_id: Some(p.sport.id),
    }
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// A score for a workout of `sport` between `start` and `end`. Shared with late scoring.
pub(crate) fn workout_score<R: Rng>(
    rng: &mut R,
    sport: &Sport,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> WorkoutScore {
    let millis = (end - start).num_milliseconds().max(60_000);
    let minutes = millis as f64 / 60_000.0;
    let percent_recorded = if rng.gen_bool(0.8) {
        1.0
    } else {
        round_to(rng.gen_range(0.9..0.99999999), 8)
    };
    let intensity = rng.gen_range(sport.intensity.0..sport.intensity.1);
    let average = REST_HR + intensity * (MAX_HR - 10.0 - REST_HR);
    let max = (average + rng.gen_range(10.0..35.0)).min(MAX_HR - 4.0);
    // Strain grows with time and (more) with effort, and flattens toward 21.
    let load = minutes * intensity * intensity;
    let strain = (21.0 * (1.0 - (-0.036 * load).exp()) + rng.gen_range(0.3..1.5)).min(20.9);
    let kj_per_minute = (4.0 + 50.0 * intensity.powf(1.5)) * rng.gen_range(0.85..1.15);
    let treadmill = sport.name == "running" && rng.gen_bool(0.15);
    let distance = (sport.gps && !treadmill).then(|| {
        let mpm = rng.gen_range(sport.meters_per_minute.0..sport.meters_per_minute.1);
        round_to(minutes * mpm * percent_recorded, 8)
    });
    let gain = distance.map(|d| round_to(d / 1000.0 * rng.gen_range(0.0..14.0), 8));
    let change = gain.map(|g| round_to(g * rng.gen_range(-0.4..0.4), 8));
    WorkoutScore {
        strain: round_to(strain, 6),
        average_heart_rate: average.round() as i32,
        max_heart_rate: max.round() as i32,
        kilojoule: round_to(minutes * kj_per_minute, 4),
        percent_recorded,
        distance_meter: distance,
        altitude_gain_meter: gain,
        altitude_change_meter: change,
        zone_durations: zones(rng, (millis as f64 * percent_recorded) as i64, average),
    }
}

/// Splits the recorded time over WHOOP's six zones (0: under 50% of max heart rate, then
/// 10-point bands), most of it around the zone of the average heart rate.
fn zones<R: Rng>(rng: &mut R, recorded_milli: i64, average: f64) -> ZoneDurations {
    let center = (average / MAX_HR * 100.0 - 45.0) / 10.0;
    let weights: Vec<f64> = (0..6)
        .map(|z| {
            let d = z as f64 - center;
            (-(d * d) / 1.3).exp() * rng.gen_range(0.6..1.4)
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    // Whole hundredths of a second, as WHOOP's look; the largest zone takes the remainder so
    // the zones add up to the recorded time exactly.
    let total = recorded_milli / 10 * 10;
    let mut ms: Vec<i64> = weights
        .iter()
        .map(|w| ((total as f64 * w / sum) as i64) / 10 * 10)
        .collect();
    let biggest = (0..6)
        .max_by(|&a, &b| weights[a].total_cmp(&weights[b]))
        .unwrap_or(0);
    let remainder = total - ms.iter().sum::<i64>();
    ms[biggest] += remainder;
    ZoneDurations {
        zone_zero_milli: ms[0],
        zone_one_milli: ms[1],
        zone_two_milli: ms[2],
        zone_three_milli: ms[3],
        zone_four_milli: ms[4],
        zone_five_milli: ms[5],
    }
}
