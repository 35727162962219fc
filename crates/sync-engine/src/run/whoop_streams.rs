//! A run's WHOOP records, read once for the whole range: each collection is paged newest first
//! across the run's window, and a chunk is handed out as soon as every collection has gone past
//! the chunk's own window. Reading chunk by chunk with a query each would cost a part-filled
//! page per collection and chunk, and read again the day and a half the windows share: about
//! 15 % more requests on five years in 90-day chunks.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, NaiveDate, Utc};
use whoop_client::{Cycle, Pages, Recovery, Sleep, WhoopApi, Workout};

use sync_vocabulary::MetricKey;

use crate::mapping::Mapping;
use crate::nights::{assemble, workout_day, DayRange, DayState, WhoopWindow};
use crate::tokens::{TokenManager, BODY_SCOPE, WORKOUT_SCOPE};
use crate::Result;

/// Where the sleeps read so far begin, for placing recoveries, which have no time of their own
/// (WHOOP sorts them by their sleep's start).
#[derive(Default)]
struct SleepIndex {
    start_of: HashMap<String, DateTime<Utc>>,
    /// The oldest start read: every sleep from here to the window's end has been read.
    oldest: Option<DateTime<Utc>>,
    done: bool,
}

impl SleepIndex {
    /// True when every recovery sorted at or after `from` has been read, `oldest` being the
    /// sleep of the oldest recovery read.
    fn past(&self, oldest: &str, from: DateTime<Utc>) -> bool {
        match self.start_of.get(oldest) {
            Some(start) => *start < from,
            // Not read, so older than every sleep read: past `from` once those are.
            None => self.done || self.oldest.is_some_and(|o| o < from),
        }
    }
}

/// The collections a run reads besides sleeps and recoveries, which every night needs: each
/// only when a metric of it is mapped (and, for workouts and the body measurement, the
/// sign-in allows them). The body measurement is one answer, read once per run, not a stream.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Wanted {
    pub cycles: bool,
    pub workouts: bool,
    pub body: bool,
}

/// Metrics that come from the cycle.
const CYCLE_METRICS: &[MetricKey] = &[
    MetricKey::DayStrain,
    MetricKey::EnergyKj,
    MetricKey::EnergyKcal,
    MetricKey::AverageHeartRate,
    MetricKey::MaxHeartRate,
];
/// Metrics that come from the day's workouts.
pub(crate) const WORKOUT_METRICS: &[MetricKey] = &[
    MetricKey::WorkoutCount,
    MetricKey::WorkoutStrain,
    MetricKey::ActiveEnergyKj,
    MetricKey::ActiveEnergyKcal,
];
/// Metrics that come from the body measurement.
pub(crate) const BODY_METRICS: &[MetricKey] = &[
    MetricKey::BodyWeight,
    MetricKey::BodyHeight,
    MetricKey::BodyMaxHeartRate,
];

impl Wanted {
    /// What `mapping` needs read, and the scopes the sign-in lacks for mapped metrics,
    /// space-separated as OAuth writes scopes (a sign-in made before the app asked for
    /// workouts can't read them: the rest is read).
    /// `workouts_database`: a Workouts database is set, which needs every workout.
    pub async fn for_mapping(
        mapping: &Mapping,
        workouts_database: bool,
        tokens: &TokenManager,
    ) -> Result<(Wanted, Option<String>)> {
        let maps_any = |keys: &[MetricKey]| {
            keys.iter()
                .any(|k| mapping.metrics.contains_key(k.as_str()))
        };
        let mut missing = Vec::new();
        let mut allowed = async |wanted: bool, scope: &'static str| {
            if !wanted {
                return Ok::<_, crate::SyncError>(false);
            }
            let allows = tokens.allows(scope).await?;
            if !allows {
                missing.push(scope);
            }
            Ok(allows)
        };
        let workouts = allowed(
            maps_any(WORKOUT_METRICS) || workouts_database,
            WORKOUT_SCOPE,
        )
        .await?;
        let body = allowed(maps_any(BODY_METRICS), BODY_SCOPE).await?;
        let wanted = Wanted {
            cycles: maps_any(CYCLE_METRICS),
            workouts,
            body,
        };
        Ok((wanted, (!missing.is_empty()).then(|| missing.join(" "))))
    }
}

pub(crate) struct WhoopStreams {
    recoveries: Pages<Recovery>,
    sleeps: Pages<Sleep>,
    cycles: Option<Pages<Cycle>>,
    workouts: Option<Pages<Workout>>,
    index: Mutex<SleepIndex>,
    /// Records read and not yet past every chunk that may use them, newest first.
    read: Read,
    /// The sleep of the oldest recovery read.
    oldest_recovery: Option<String>,
    oldest_cycle: Option<DateTime<Utc>>,
    oldest_workout: Option<DateTime<Utc>>,
}

#[derive(Default)]
struct Read {
    recoveries: Vec<Recovery>,
    sleeps: Vec<Sleep>,
    cycles: Vec<Cycle>,
    workouts: Vec<Workout>,
}

impl WhoopStreams {
    /// Streams over `whole` (the run's range), cycles and workouts only when `wanted`.
    pub fn new(whoop: &WhoopApi, whole: DayRange, now: DateTime<Utc>, wanted: Wanted) -> Self {
        let window = whole.whoop_window(now);
        WhoopStreams {
            recoveries: whoop.recovery_pages(window),
            sleeps: whoop.sleep_pages(window),
            cycles: wanted.cycles.then(|| whoop.cycle_pages(window)),
            workouts: wanted.workouts.then(|| whoop.workout_pages(window)),
            index: Mutex::default(),
            read: Read::default(),
            oldest_recovery: None,
            oldest_cycle: None,
            oldest_workout: None,
        }
    }

    /// The days of `chunk` (chunks come newest first); `older` is the next chunk, whose window
    /// bounds what must be kept.
    pub async fn chunk(
        &mut self,
        chunk: DayRange,
        older: Option<DayRange>,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<(
        std::collections::BTreeMap<NaiveDate, DayState>,
        Option<Vec<Workout>>,
    )> {
        let from = chunk.whoop_window(now).start;
        self.read_past(from).await?;
        // Every workout of the chunk's days, for the Workouts database (a day's night may be
        // missing or unscored while its workouts are done).
        let workouts = self.workouts.is_some().then(|| {
            self.read
                .workouts
                .iter()
                .filter(|w| {
                    let day = workout_day(w);
                    day >= chunk.first && day <= chunk.last
                })
                .cloned()
                .collect()
        });
        let days = assemble(
            chunk,
            today,
            &self.read.recoveries,
            &self.read.sleeps,
            &self.read.cycles,
            self.workouts.is_some().then_some(&self.read.workouts[..]),
        );
        match older {
            Some(older) => self.forget_from(older.whoop_window(now).end),
            None => self.read = Read::default(),
        }
        Ok((days, workouts))
    }

    /// Reads every collection (at the same time) until it has given all its records at or
    /// after `from`.
    async fn read_past(&mut self, from: DateTime<Utc>) -> Result<()> {
        let Self {
            recoveries,
            sleeps,
            cycles,
            workouts,
            index,
            read,
            oldest_recovery,
            oldest_cycle,
            oldest_workout,
        } = self;
        let index = &*index;
        let Read {
            recoveries: read_recoveries,
            sleeps: read_sleeps,
            cycles: read_cycles,
            workouts: read_workouts,
        } = read;
        let reading_sleeps = async {
            loop {
                {
                    let index = lock(index);
                    if index.done || index.oldest.is_some_and(|o| o < from) {
                        return Ok::<_, crate::SyncError>(());
                    }
                }
                let page = sleeps.next_page().await?;
                let mut index = lock(index);
                for sleep in &page {
                    index.start_of.insert(sleep.id.clone(), sleep.start);
                    index.oldest = Some(index.oldest.map_or(sleep.start, |o| o.min(sleep.start)));
                }
                index.done = sleeps.is_done();
                read_sleeps.extend(page);
            }
        };
        let reading_recoveries = async {
            loop {
                let past = oldest_recovery
                    .as_deref()
                    .is_some_and(|sleep| lock(index).past(sleep, from));
                if recoveries.is_done() || past {
                    return Ok::<_, crate::SyncError>(());
                }
                let page = recoveries.next_page().await?;
                if let Some(last) = page.last() {
                    *oldest_recovery = Some(last.sleep_id.clone());
                }
                read_recoveries.extend(page);
            }
        };
        let reading_cycles = async {
            let Some(cycles) = cycles else {
                return Ok::<_, crate::SyncError>(());
            };
            while !cycles.is_done() && oldest_cycle.is_none_or(|o| o >= from) {
                let page = cycles.next_page().await?;
                for cycle in &page {
                    *oldest_cycle = Some(oldest_cycle.map_or(cycle.start, |o| o.min(cycle.start)));
                }
                read_cycles.extend(page);
            }
            Ok(())
        };
        let reading_workouts = async {
            let Some(workouts) = workouts else {
                return Ok::<_, crate::SyncError>(());
            };
            while !workouts.is_done() && oldest_workout.is_none_or(|o| o >= from) {
                let page = workouts.next_page().await?;
                for workout in &page {
                    *oldest_workout =
                        Some(oldest_workout.map_or(workout.start, |o| o.min(workout.start)));
                }
                read_workouts.extend(page);
            }
            Ok(())
        };
        tokio::try_join!(
            reading_sleeps,
            reading_recoveries,
            reading_cycles,
            reading_workouts
        )?;
        Ok(())
    }

    /// Drops records at or after `end`: no older chunk's window reaches them.
    fn forget_from(&mut self, end: DateTime<Utc>) {
        let index = lock(&self.index);
        self.read.sleeps.retain(|s| s.start < end);
        self.read.cycles.retain(|c| c.start < end);
        self.read.workouts.retain(|w| w.start < end);
        self.read
            .recoveries
            .retain(|r| index.start_of.get(&r.sleep_id).is_none_or(|s| *s < end));
    }
}

fn lock(index: &Mutex<SleepIndex>) -> std::sync::MutexGuard<'_, SleepIndex> {
    index.lock().unwrap_or_else(|e| e.into_inner())
}
