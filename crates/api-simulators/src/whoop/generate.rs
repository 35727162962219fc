//! Deterministic, realistic WHOOP history.
//!
//! The generator decides each night in local terms first (the wake-up date and time in the
//! offset the user was in), converts to UTC, and writes that intended date into
//! [`NightTruth::day`]. Edge cases that trip up night/day logic are placed on purpose so
//! every seed has them: a stretch abroad (where the UTC end date differs from the local one),
//! a one-hour DST change, bedtimes on both sides of midnight, unscorable nights, naps, a day
//! with nothing recorded, and older nights without the 4.0-only fields. Workouts come after,
//! from streams of their own (`workouts::generate`).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::dataset::{Dataset, NightTruth};
use super::records::{Cycle, Recovery, ScoreState, Sleep};
use super::scores::{cycle_score, recovery_score, sleep_score, SleepScoreShape};

/// WHOOP's example user id; also the default of [`super::SimUser`].
pub const DEFAULT_USER_ID: i64 = 10129;

/// Consecutive main sleeps closer than this are not plausible: such a day is left empty
/// (e.g. the day of an eastbound flight).
const MIN_AWAKE_HOURS: i64 = 4;

#[derive(Debug, Clone, PartialEq)]
pub struct GenerateOptions {
    pub seed: u64,
    /// Local date of the newest night's wake-up.
    pub today: NaiveDate,
    /// Number of local days covered, ending with `today`.
    pub days: u32,
    /// The user's UTC offset now, in minutes (e.g. -300 for New York in winter). Before the
    /// DST change nights are one hour ahead of it (summer time ended in between).
    pub home_offset_minutes: i32,
    /// The newest night is still `PENDING_SCORE` (sleep, recovery and the open cycle).
    pub pending_today: bool,
    pub user_id: i64,
    /// Five nights abroad, far from home (needs `days >= 14`).
    pub travel: bool,
    /// A one-hour offset change two thirds through (needs `days >= 8`).
    pub dst_switch: bool,
    pub naps: bool,
    /// Occasional days with no sleep recorded (one placed for sure when `days >= 10`).
    pub gaps: bool,
    /// Occasional `UNSCORABLE` nights (one placed for sure when `days >= 6`).
    pub unscorable: bool,
    /// Workouts around the nights (see `workouts::generate` for the planted cases). They draw
    /// from streams of their own: the nights are the same with or without them.
    pub workouts: bool,
    /// The world as it stands at this instant: today's night has ended by then, even in the
    /// small hours (it went to bed early and woke after midnight), so the wall clock of a demo
    /// or a test on the real today always finds this morning's numbers. `None`: nights wake at
    /// their drawn time, which may lie ahead of the wall clock.
    pub now: Option<DateTime<Utc>>,
}

impl GenerateOptions {
    /// Every edge case on, home in New York winter time, nothing pending.
    pub fn new(seed: u64, today: NaiveDate, days: u32) -> Self {
        GenerateOptions {
            seed,
            today,
            days,
            home_offset_minutes: -300,
            pending_today: false,
            user_id: DEFAULT_USER_ID,
            travel: true,
            dst_switch: true,
            naps: true,
            gaps: true,
            unscorable: true,
            workouts: true,
            now: None,
        }
    }

    /// [`GenerateOptions::new`] for the world as it stands at `now`, in a home `offset_minutes`
    /// from UTC: history ending with the local date of `now`, whose night has ended by then.
    pub fn as_of(seed: u64, now: DateTime<Utc>, offset_minutes: i32, days: u32) -> Self {
        let today = (now + Duration::minutes(offset_minutes as i64)).date_naive();
        GenerateOptions {
            home_offset_minutes: offset_minutes,
            now: Some(now),
            ..GenerateOptions::new(seed, today, days)
        }
    }
}

/// `+hh:mm`, `-hh:mm`, or `Z` for UTC (as a Java backend prints a zero offset).
pub fn format_offset(minutes: i32) -> String {
    if minutes == 0 {
        return "Z".into();
    }
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// Where each night's offset comes from: the calendar of home, DST and the trip.
pub(crate) struct Layout {
    pub n: usize,
    home: i32,
    travel_offset: i32,
    /// Indexes of the days abroad.
    pub travel: Option<std::ops::Range<usize>>,
    dst_index: Option<usize>,
    forced_gap: Option<usize>,
    forced_unscorable: Option<usize>,
    forced_nap: Option<usize>,
}

impl Layout {
    pub fn new(o: &GenerateOptions) -> Self {
        let n = o.days as usize;
        let travel = (o.travel && n >= 14).then(|| {
            let s = (n / 4).max(2);
            s..s + 5
        });
        Layout {
            n,
            home: o.home_offset_minutes,
            // Far enough from home that a morning wake-up falls on another UTC date for at
            // least one side (Tokyo for the Americas/Europe, New York for Asia/Pacific).
            travel_offset: if o.home_offset_minutes <= 180 {
                540
            } else {
                -300
            },
            travel,
            dst_index: (o.dst_switch && n >= 8).then(|| n - n / 3),
            forced_gap: (o.gaps && n >= 10).then(|| n - 3),
            forced_unscorable: (o.unscorable && n >= 6).then(|| n / 2 + 1),
            forced_nap: (o.naps && n >= 4).then(|| n - 2),
        }
    }

    /// The UTC offset in minutes of local day `i` (0 is the oldest).
    pub fn offset(&self, i: usize) -> i32 {
        if self.travel.as_ref().is_some_and(|r| r.contains(&i)) {
            self.travel_offset
        } else if self.dst_index.is_some_and(|d| i < d) {
            self.home + 60
        } else {
            self.home
        }
    }
}

pub(crate) fn local_to_utc(
    date: NaiveDate,
    minute_of_day: i64,
    ms: i64,
    offset_min: i32,
) -> DateTime<Utc> {
    let local = date.and_time(NaiveTime::MIN)
        + Duration::minutes(minute_of_day)
        + Duration::milliseconds(ms);
    Utc.from_utc_datetime(&(local - Duration::minutes(offset_min as i64)))
}

pub(crate) fn uuid<R: Rng>(rng: &mut R) -> String {
    let mut b: [u8; 16] = rng.gen();
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn ms<R: Rng>(rng: &mut R, lo_min: i64, hi_min: i64) -> Duration {
    Duration::milliseconds(rng.gen_range(lo_min * 60_000..hi_min * 60_000))
}

/// A main sleep as planned, before records are built.
struct Night {
    index: usize,
    day: NaiveDate,
    offset: i32,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    state: ScoreState,
    nap: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

impl Dataset {
    pub fn generate(opts: &GenerateOptions) -> Dataset {
        let mut rng = StdRng::seed_from_u64(opts.seed);
        let layout = Layout::new(opts);
        let nights = plan_nights(&mut rng, opts, &layout);
        let mut ds = build(&mut rng, opts, &layout, &nights);
        if opts.workouts {
            // After the nights, from streams of their own: every night stays as it was.
            let (workouts, truth) = super::workouts::generate_workouts(opts, &layout, &ds);
            ds.workouts = workouts;
            ds.workout_truth = truth;
        }
        ds
    }
}

fn plan_nights<R: Rng>(rng: &mut R, o: &GenerateOptions, l: &Layout) -> Vec<Night> {
    let mut nights: Vec<Night> = Vec::new();
    for i in 0..l.n {
        let day = o.today - Duration::days((l.n - 1 - i) as i64);
        let last = i + 1 == l.n;
        let offset = l.offset(i);
        // Draw every value even for skipped days, so one choice doesn't reshuffle the rest.
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        let late_night = i % 7 == 3;
        let wake_min = if weekend {
            rng.gen_range(450..570)
        } else {
            rng.gen_range(375..465)
        };
        let bed_min = rng.gen_range(30..105); // after-midnight bedtime, minutes past 00:00
        let asleep_min = rng.gen_range(330..450);
        let in_bed_min = rng.gen_range(380..540);
        let (ms_a, ms_b) = (rng.gen_range(0..60_000), rng.gen_range(0..60_000));
        let random_gap = o.gaps && i > 0 && !last && rng.gen_bool(0.02);
        // Today's night is always there and scored (or pending when asked): demo mode and the
        // tests that need the real today show this morning's numbers on every date. Travel,
        // gaps and unscorable nights stay in the past, where they show the rules.
        let random_unscorable = o.unscorable && rng.gen_bool(0.04) && !last;
        let nap_today = o.naps && !last && (rng.gen_bool(0.12) || l.forced_nap == Some(i));
        let nap_start_min = rng.gen_range(13 * 60..16 * 60 + 30);
        let nap_len_min = rng.gen_range(20..95);

        if l.forced_gap == Some(i) || random_gap {
            continue;
        }
        let (mut start, mut end) = if late_night {
            // Out late: asleep after local midnight, so start and end share a local date.
            let s = local_to_utc(day, bed_min, ms_a, offset);
            (
                s,
                s + Duration::minutes(asleep_min) + Duration::milliseconds(ms_b),
            )
        } else {
            let e = local_to_utc(day, wake_min, ms_b, offset);
            (
                e - Duration::minutes(in_bed_min) - Duration::milliseconds(ms_a),
                e,
            )
        };
        if let (true, Some(now)) = (last, o.now) {
            // Woken a few minutes before now, if the drawn wake-up is still ahead; never
            // before the day's midnight, so the night stays today's. "Now" on a half-hour
            // grid: two demos a moment apart (a table, then its JSON) see the same night.
            let grid = now.timestamp().div_euclid(1800) * 1800;
            let now_on_grid = DateTime::from_timestamp(grid, 0).unwrap_or(now);
            let latest = now_on_grid - Duration::minutes(rng.gen_range(4..20));
            let midnight = local_to_utc(day, 5, 0, offset);
            if end > latest {
                let new_end = latest.max(midnight);
                start -= end - new_end;
                end = new_end;
            }
        }
        if let Some(prev) = nights.last_mut() {
            let awake = Duration::hours(MIN_AWAKE_HOURS);
            let too_short = |from: DateTime<Utc>| end - from < Duration::hours(5);
            if last
                && prev
                    .nap
                    .is_some_and(|(_, e)| start < e + awake && too_short(e + awake))
            {
                // Yesterday's nap would leave today's night too short (a night that ended
                // just after midnight): no nap, then.
                prev.nap = None;
            }
            let prev_end = prev.nap.map_or(prev.end, |(_, e)| e);
            let earliest = prev_end + awake;
            if start < earliest {
                if !last {
                    continue; // e.g. flying east: that local day has no night at all
                }
                // Today's night goes to bed later instead: it still wakes at its time,
                // after several hours asleep.
                start = earliest;
            }
        }
        let state = if last && o.pending_today {
            ScoreState::PendingScore
        } else if l.forced_unscorable == Some(i) || random_unscorable {
            ScoreState::Unscorable
        } else {
            ScoreState::Scored
        };
        let nap = nap_today.then(|| {
            let s = local_to_utc(day, nap_start_min, ms_a, offset);
            (s, s + Duration::minutes(nap_len_min))
        });
        nights.push(Night {
            index: i,
            day,
            offset,
            start,
            end,
            state,
            nap,
        });
    }
    nights
}

fn build<R: Rng>(rng: &mut R, o: &GenerateOptions, l: &Layout, nights: &[Night]) -> Dataset {
    let mut ds = Dataset::default();
    let mut cycle_id: i64 = rng.gen_range(1_000_000_000..2_000_000_000);
    let mut nap_credit = 0i64;
    for (k, night) in nights.iter().enumerate() {
        cycle_id += rng.gen_range(1..4);
        let next_start = nights.get(k + 1).map(|n| n.start);
        let tz = format_offset(night.offset);
        // The first nights of the window: WHOOP is still learning the user's need and rhythm.
        let calibrating = night.index < 3;
        let strap_4 = night.index >= l.n / 5;

        let sleep_created = night.end + ms(rng, 3, 20);
        let scored = night.state == ScoreState::Scored;
        let shape = SleepScoreShape {
            nap: false,
            with_performance: night.index >= 2,
            with_consistency: night.index >= 3,
            with_respiratory_rate: !rng.gen_bool(0.04),
            nap_credit_milli: nap_credit,
        };
        let sscore = scored.then(|| sleep_score(rng, night.start, night.end, &shape));
        let sleep_id = uuid(rng);
        let sleep_updated = if scored {
            sleep_created + ms(rng, 0, 10)
        } else {
            sleep_created
        };
        let rscore = scored.then(|| recovery_score(rng, calibrating, strap_4));
        let rec_created = sleep_created + Duration::milliseconds(rng.gen_range(5_000..90_000));
        let rec_updated = if scored {
            rec_created + Duration::milliseconds(rng.gen_range(0..60_000))
        } else {
            rec_created
        };

        ds.truth.push(NightTruth {
            day: night.day,
            sleep_id: sleep_id.clone(),
            cycle_id,
            state: night.state,
            recovery_score: rscore.as_ref().map(|s| s.recovery_score),
            sleep_time_milli: sscore.as_ref().map(|s| s.stage_summary.sleep_time_milli()),
        });
        ds.sleeps.push(Sleep {
            id: sleep_id.clone(),
            cycle_id,
            v1_id: None,
            user_id: o.user_id,
            created_at: sleep_created,
            updated_at: sleep_updated,
            start: night.start,
            end: night.end,
            timezone_offset: tz.clone(),
            nap: false,
            score_state: night.state,
            score: sscore,
        });
        ds.recoveries.push(Recovery {
            cycle_id,
            sleep_id,
            user_id: o.user_id,
            created_at: rec_created,
            updated_at: rec_updated,
            score_state: night.state,
            score: rscore,
        });
        // A cycle runs from falling asleep to the next main sleep; the newest is still open.
        // Day strain is scored even when the night was not; a pending night's cycle is not.
        let pending = night.state == ScoreState::PendingScore;
        let cycle_updated = match next_start {
            Some(ns) => ns + ms(rng, 10, 90),
            None => sleep_created,
        };
        ds.cycles.push(Cycle {
            id: cycle_id,
            user_id: o.user_id,
            created_at: sleep_created,
            updated_at: cycle_updated.max(sleep_created),
            start: night.start,
            end: next_start,
            timezone_offset: tz.clone(),
            score_state: if pending {
                ScoreState::PendingScore
            } else {
                ScoreState::Scored
            },
            score: (!pending).then(|| cycle_score(rng, next_start.is_none())),
        });

        nap_credit = 0;
        if let Some((ns, ne)) = night.nap {
            let nap_scored = !rng.gen_bool(0.1);
            let score = nap_scored.then(|| {
                let shape = SleepScoreShape {
                    nap: true,
                    with_performance: true,
                    with_consistency: false,
                    with_respiratory_rate: true,
                    nap_credit_milli: 0,
                };
                sleep_score(rng, ns, ne, &shape)
            });
            if let Some(s) = &score {
                nap_credit = -(s.stage_summary.sleep_time_milli() * 9 / 10);
            }
            let created = ne + ms(rng, 2, 15);
            ds.sleeps.push(Sleep {
                id: uuid(rng),
                cycle_id,
                v1_id: None,
                user_id: o.user_id,
                created_at: created,
                updated_at: created,
                start: ns,
                end: ne,
                timezone_offset: tz,
                nap: true,
                score_state: if nap_scored {
                    ScoreState::Scored
                } else {
                    ScoreState::Unscorable
                },
                score,
            });
        }
    }
    ds
}
