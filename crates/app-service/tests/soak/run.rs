//! The run's record: what happened (the plan, the world's figures day by day, pauses, wakes,
//! the heap) and what the checks found on the way.

use std::collections::BTreeMap;
use std::sync::Arc;

use api_simulators::notion::NotionStats;
use api_simulators::whoop::{Dataset, WhoopStats};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use sync_engine::LocalZone;

use crate::found::{HistoryShape, Row};
use crate::observe::Watcher;
use crate::plan::Plan;
use crate::world::FollowingZone;

/// Running totals at the end of a day.
#[derive(Debug, Clone, Copy, Default)]
pub struct DayFigures {
    pub whoop_api: u64,
    pub whoop_token: u64,
    pub notion: u64,
    pub writes: u64,
    pub runs: u64,
}

/// A pause the user chose in the tray menu, as the app set it.
#[derive(Debug, Clone, Copy)]
pub struct Hold {
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

pub struct Run {
    pub days: usize,
    pub plan: Plan,
    pub full: Dataset,
    pub zone: FollowingZone,
    pub watcher: Arc<Watcher>,
    pub figures: Vec<DayFigures>,
    pub wall_jumps: Vec<(DateTime<Utc>, i64)>,
    pub tray_failures: Vec<String>,
    /// What went wrong with what the user did in the window or the menu.
    pub window_failures: Vec<String>,
    pub holds: Vec<Hold>,
    /// (index into `plan.wakes`, when a check started) for checks started just after a wake.
    pub wake_runs: Vec<(usize, DateTime<Utc>)>,
    /// Whether the last published state was syncing (a check starts on the rising edge).
    pub(crate) last_syncing: bool,
    pub tray_states: BTreeMap<&'static str, usize>,
    /// When the tray asked for attention.
    pub attention: Vec<DateTime<Utc>>,
    pub rows: BTreeMap<NaiveDate, Vec<Row>>,
    pub whoop: WhoopStats,
    pub notion: NotionStats,
    /// The heap before the run's world and app were made.
    pub heap_base: usize,
    /// What the world (both simulators) held at the end.
    pub world_heap: usize,
    pub heap_start: usize,
    pub heap_mark: usize,
    pub heap_end: usize,
    pub heap_peak: usize,
    /// The history database's size at the end.
    pub history_end: u64,
    pub history_shape: HistoryShape,
    pub wall: std::time::Duration,
    /// The world's time when the run ended (its last day's end).
    pub end: DateTime<Utc>,
}

impl Run {
    pub fn new(days: usize, plan: Plan, full: Dataset, watcher: Arc<Watcher>) -> Run {
        Run {
            days,
            zone: FollowingZone::new(&full),
            plan,
            full,
            watcher,
            figures: Vec::new(),
            wall_jumps: Vec::new(),
            tray_failures: Vec::new(),
            window_failures: Vec::new(),
            holds: Vec::new(),
            wake_runs: Vec::new(),
            last_syncing: false,
            tray_states: BTreeMap::new(),
            attention: Vec::new(),
            rows: BTreeMap::new(),
            whoop: WhoopStats::default(),
            notion: NotionStats::default(),
            heap_base: 0,
            world_heap: 0,
            heap_start: 0,
            heap_mark: 0,
            heap_end: 0,
            heap_peak: 0,
            history_end: 0,
            history_shape: HistoryShape::default(),
            wall: std::time::Duration::ZERO,
            end: DateTime::<Utc>::MIN_UTC,
        }
    }

    /// The app's share of the heap at the end: the process's, less what was there before the
    /// run and what the world held.
    pub fn app_heap(&self) -> i64 {
        self.heap_end as i64 - self.heap_base as i64 - self.world_heap as i64
    }

    pub(crate) fn truth_recovery(&self, day: NaiveDate) -> Option<f64> {
        self.full.night(day).and_then(|t| t.recovery_score)
    }

    /// The laptop's local time at world time `t` (its clock may have been set off).
    pub fn laptop_local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        self.zone.local(t + self.skew(t))
    }

    /// How far the laptop's clock is set off the world's at world time `t`.
    pub(crate) fn skew(&self, t: DateTime<Utc>) -> Duration {
        let hours: i64 = self
            .wall_jumps
            .iter()
            .filter(|(at, _)| *at <= t)
            .map(|(_, h)| h)
            .sum();
        Duration::hours(hours)
    }

    /// A pause (or resume) picked in the tray menu at world time `now`; `until`: the pause
    /// the app set, on the laptop's clock.
    pub fn paused(
        &mut self,
        now: DateTime<Utc>,
        action: app_core::menu::MenuAction,
        until: Option<DateTime<Utc>>,
    ) {
        use app_core::menu::MenuAction as M;
        let skew = self.skew(now);
        let local = self.laptop_local(now);
        let want = match action {
            M::PauseHour => Some(now + skew + Duration::hours(1)),
            // Until the next morning window opens, in the laptop's time.
            M::PauseTomorrow => until.filter(|u| {
                self.zone.local(*u)
                    == (local.date() + Duration::days(1))
                        .and_hms_opt(5, 0, 0)
                        .unwrap()
            }),
            _ => None,
        };
        // The world's time of the pause's end.
        let until = until.map(|u| u - skew);
        let want = want.map(|u| u - skew);
        if until != want || (action != M::Resume && until.is_none()) {
            self.window_failures.push(format!(
                "{local}: {action:?} paused until {until:?}, want {want:?}"
            ));
        }
        match until {
            Some(until) => self.holds.push(Hold { from: now, until }),
            None => {
                if let Some(hold) = self.holds.last_mut().filter(|h| h.until > now) {
                    hold.until = now;
                }
            }
        }
    }

    pub(crate) fn paused_at(&self, t: DateTime<Utc>, slack: Duration) -> bool {
        self.holds
            .iter()
            .any(|h| h.from <= t && t <= h.until + slack)
    }
}
