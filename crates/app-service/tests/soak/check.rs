//! What the soak asserts, from what the user would have seen (Notion's rows, notifications,
//! the tray) against what happened in the world (the plan):
//! - every scored night lands exactly once, with WHOOP's values, at the first chance: the
//!   first check after it was scored, or after the trouble that kept the app from it;
//! - one morning notification per night written on its own morning, with its numbers;
//! - one problem notification per trouble longer than the grace (or needing the user), one
//!   "back to normal" when it ends by itself, nothing for a trouble within the grace;
//! - the tray never says synced before the row is there, waiting after it is, nor asks for
//!   attention without a trouble;
//! - quiet days cost at most WHOOP 3 + Notion 1 requests per check, and Notion 2 per row
//!   written (the schema is read live before any write, then the page is created).

use std::collections::BTreeMap;
use std::sync::Arc;

use api_simulators::notion::NotionStats;
use api_simulators::whoop::{Dataset, WhoopStats};
use app_core::notice::NoticeKind;
use app_core::tray::TrayState;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use demo_mode::DemoWorld;
use sync_engine::LocalZone;

use crate::observe::Watcher;
use crate::plan::{Plan, STORM_DAY};
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

#[derive(Debug, Clone)]
pub struct Row {
    pub created: DateTime<Utc>,
    /// Notion's percent: 0.78 for 78%.
    pub recovery: Option<f64>,
    pub asleep_hours: Option<f64>,
}

/// Notion's rows by date.
pub fn rows(world: &DemoWorld) -> BTreeMap<NaiveDate, Vec<Row>> {
    let mut out: BTreeMap<NaiveDate, Vec<Row>> = BTreeMap::new();
    for page in world.notion.pages(&world.data_source_id) {
        let props = &page["properties"];
        let Some(date) = props["Date"]["date"]["start"]
            .as_str()
            .and_then(|d| d.get(..10))
            .and_then(|d| d.parse().ok())
        else {
            continue;
        };
        let created = page["created_time"]
            .as_str()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
            .expect("a page has its created_time");
        out.entry(date).or_default().push(Row {
            created,
            // Renamed on RENAME_DAY: every page shows the column's new name from then on.
            recovery: props["Recovery"]["number"]
                .as_f64()
                .or(props["Recovery %"]["number"].as_f64()),
            asleep_hours: props["Time Asleep (h)"]["number"].as_f64(),
        });
    }
    out
}

/// A pause the user chose in the tray menu, as the app set it.
#[derive(Debug, Clone, Copy)]
pub struct Hold {
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

/// What the history file holds at the end: days whose runs are all older than the month the
/// history keeps, their records, and the records of the month.
#[derive(Debug, Clone, Copy, Default)]
pub struct HistoryShape {
    pub old_days: usize,
    pub old_records: usize,
    pub recent_records: usize,
    pub runs: usize,
}

/// Looks inside the history file: runs older than 31 days before the last one are forgotten
/// but for each day's latest record (and its latest with numbers).
pub fn history_shape(file: &std::path::Path) -> HistoryShape {
    let db =
        rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let last: String = db
        .query_row("SELECT max(started_at) FROM runs", [], |r| r.get(0))
        .unwrap();
    let last = DateTime::parse_from_rfc3339(&last)
        .unwrap()
        .with_timezone(&Utc);
    let cutoff = (last - Duration::days(31))
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string();
    let count = |sql: &str| -> usize {
        db.query_row(sql, [&cutoff], |r| r.get::<_, i64>(0))
            .unwrap() as usize
    };
    const OLD: &str = "FROM run_days d JOIN runs r ON r.id = d.run_id WHERE r.started_at < ?1";
    HistoryShape {
        old_days: count(&format!("SELECT count(DISTINCT d.day) {OLD}")),
        old_records: count(&format!("SELECT count(*) {OLD}")),
        recent_records: count(
            "SELECT count(*) FROM run_days d JOIN runs r ON r.id = d.run_id WHERE r.started_at >= ?1",
        ),
        runs: db
            .query_row("SELECT count(*) FROM runs", [], |r| r.get::<_, i64>(0))
            .unwrap() as usize,
    }
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
    last_syncing: bool,
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
}

/// A run day's check may land this long after its chance: one poll (10 min) and the run.
const SLACK_MIN: i64 = 12;

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
        }
    }

    /// The app's share of the heap at the end: the process's, less what was there before the
    /// run and what the world held.
    pub fn app_heap(&self) -> i64 {
        self.heap_end as i64 - self.heap_base as i64 - self.world_heap as i64
    }

    fn truth_recovery(&self, day: NaiveDate) -> Option<f64> {
        self.full.night(day).and_then(|t| t.recovery_score)
    }

    /// The laptop's local time at world time `t` (its clock may have been set off).
    pub fn laptop_local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        self.zone.local(t + self.skew(t))
    }

    /// How far the laptop's clock is set off the world's at world time `t`.
    fn skew(&self, t: DateTime<Utc>) -> Duration {
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

    fn paused_at(&self, t: DateTime<Utc>, slack: Duration) -> bool {
        self.holds
            .iter()
            .any(|h| h.from <= t && t <= h.until + slack)
    }

    /// The day's published tray states against Notion's rows as they were then.
    pub fn check_tray(&mut self, _day: usize, rows: &BTreeMap<NaiveDate, Vec<Row>>) {
        let shown = std::mem::take(&mut *self.watcher.shown.lock().unwrap());
        for s in shown {
            *self.tray_states.entry(s.state.as_str()).or_default() += 1;
            if s.syncing && !self.last_syncing {
                self.check_started(s.at);
            }
            self.last_syncing = s.syncing;
            let deep_in_pause = self
                .holds
                .iter()
                .any(|h| h.from + Duration::minutes(1) < s.at && s.at < h.until);
            if deep_in_pause && s.state != TrayState::Paused {
                self.tray_failures
                    .push(format!("{}: {:?} while paused", s.at, s.state));
            }
            let Some(today) = s.today else { continue };
            // Notion's created_time is to the minute: a row is surely in by `created + 1 min`.
            let created = rows.get(&today).and_then(|r| r.first()).map(|r| r.created);
            let landed = created.is_some_and(|c| c <= s.at);
            let surely_landed = created.is_some_and(|c| c + Duration::minutes(1) <= s.at);
            let mut failed: Option<String> = None;
            let mut fail = |what: String| failed = Some(format!("{}: {what}", s.at));
            match s.state {
                TrayState::Synced if self.plan.scored.contains_key(&today) => {
                    if !landed {
                        fail(format!("synced before {today}'s row was in Notion"));
                    }
                    let truth = self.truth_recovery(today).map(|r| r.round() as u32);
                    if s.recovery.is_some() && s.recovery != truth {
                        fail(format!(
                            "shows {:?}% for {today}, WHOOP said {truth:?}",
                            s.recovery
                        ));
                    }
                }
                TrayState::Waiting if surely_landed => {
                    fail(format!("waiting although {today}'s row is in Notion"))
                }
                TrayState::Attention => {
                    self.attention.push(s.at);
                    let trouble = self.plan.trouble_at(s.at, Duration::minutes(20));
                    if trouble.is_none_or(|t| t.problems == 0) {
                        fail(format!("asks for attention during {trouble:?}"));
                    }
                }
                TrayState::Paused if self.paused_at(s.at, Duration::minutes(2)) => {}
                TrayState::Idle | TrayState::Paused => fail(format!("{:?}", s.state)),
                _ => {}
            }
            if let Some(failure) = failed.filter(|_| self.tray_failures.len() < 20) {
                self.tray_failures.push(failure);
            }
        }
    }

    /// A check started at `at`: none while paused; one per wake, soon after it.
    fn check_started(&mut self, at: DateTime<Utc>) {
        let paused = self
            .holds
            .iter()
            .any(|h| h.from + Duration::minutes(3) < at && at < h.until);
        if paused {
            self.window_failures
                .push(format!("{at}: a check started while paused"));
        }
        let wake = self
            .plan
            .wakes
            .iter()
            .position(|(w, _)| *w <= at && at < *w + Duration::minutes(5));
        if let Some(i) = wake {
            self.wake_runs.push((i, at));
        }
    }

    /// When the row of `day` may land: from the first moment the app can write it (scored,
    /// the trouble or the pause over, the laptop awake and checking) to one poll and a run
    /// later.
    fn landing_window(&self, day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let shown = self.plan.scored[&day];
        let mut ready = shown.scored;
        let blocked = self
            .plan
            .troubles
            .iter()
            .map(|t| (t.from, t.until))
            .chain(self.holds.iter().map(|h| (h.from, h.until)));
        for (from, until) in blocked {
            if from <= ready && ready < until {
                ready = until;
            }
        }
        let awake = |t: DateTime<Utc>| {
            self.plan
                .asleep
                .iter()
                .find(|(a, b)| *a <= t && t < *b)
                .map_or(t, |(_, woke)| *woke)
        };
        let woke = awake(ready);
        if woke > ready {
            // A wake-up is caught up at once, whatever the hour.
            return (woke, woke + Duration::minutes(SLACK_MIN));
        }
        let local = self.laptop_local(ready);
        let window = |d: NaiveDate| d.and_hms_opt(5, 0, 0).unwrap();
        if local >= window(local.date()) && local < local.date().and_hms_opt(12, 0, 0).unwrap() {
            return (ready, ready + Duration::minutes(SLACK_MIN));
        }
        let next = if local < window(local.date()) {
            window(local.date())
        } else {
            window(local.date() + Duration::days(1))
        };
        let chance = awake(ready + (next - local));
        (chance, chance + Duration::minutes(SLACK_MIN))
    }

    pub fn check_all(&self) {
        let mut failures: Vec<String> = self.tray_failures.clone();
        failures.extend(self.window_failures.iter().cloned());
        // Each wake is caught up by one check: at once when the OS signals it, within the
        // schedule's minute tick when only the clock tells.
        for (i, &(wake, signal)) in self.plan.wakes.iter().enumerate() {
            if self.paused_at(wake, Duration::zero()) {
                continue;
            }
            let starts: Vec<_> = self
                .wake_runs
                .iter()
                .filter(|(w, _)| *w == i)
                .map(|(_, at)| *at)
                .collect();
            let limit = if signal {
                Duration::seconds(2)
            } else {
                Duration::seconds(61)
            };
            match starts.as_slice() {
                [first] if *first - wake <= limit => {}
                _ => failures.push(format!(
                    "the wake at {} (signalled: {signal}) started checks at {starts:?}, want one within {limit}",
                    self.laptop_local(wake)
                )),
            }
        }
        let first = self.plan.days[0];
        // Rows: each date once; each scored night of the run with WHOOP's values, on time.
        for (date, rows) in &self.rows {
            if rows.len() != 1 {
                failures.push(format!("{date} has {} rows", rows.len()));
            }
        }
        let mut on_their_day = Vec::new();
        for (&day, _) in self.plan.scored.iter() {
            let Some(row) = self.rows.get(&day).and_then(|r| r.first()) else {
                failures.push(format!("{day} never landed"));
                continue;
            };
            let truth = self.full.night(day).unwrap();
            let recovery = row.recovery.map(|r| (r * 100.0).round());
            if recovery != truth.recovery_score.map(f64::round) {
                failures.push(format!(
                    "{day}: Recovery {recovery:?} in Notion, WHOOP {:?}",
                    truth.recovery_score
                ));
            }
            let hours = truth.sleep_time_milli.map(|ms| ms as f64 / 3_600_000.0);
            if row
                .asleep_hours
                .zip(hours)
                .is_none_or(|(a, b)| (a - b).abs() > 0.01)
            {
                failures.push(format!(
                    "{day}: asleep {:?} h in Notion, WHOOP {hours:?}",
                    row.asleep_hours
                ));
            }
            let (from, to) = self.landing_window(day);
            // Notion's created_time is to the minute.
            if row.created + Duration::minutes(1) <= from || row.created > to {
                failures.push(format!(
                    "{day} landed {} (laptop {}), expected {from}..{to}",
                    row.created,
                    self.laptop_local(row.created)
                ));
            }
            if self.laptop_local(row.created).date() == day {
                on_their_day.push(day);
            }
        }
        // The week before the run lands at the first start, once.
        for back in 1..=6 {
            let day = first - Duration::days(back);
            if self
                .full
                .night(day)
                .is_some_and(|t| t.recovery_score.is_some())
                && self.rows.get(&day).is_none_or(|r| r.len() != 1)
            {
                failures.push(format!("{day} (before the run) is not in Notion once"));
            }
        }

        // Morning notifications: one per night written on its morning, with its numbers.
        let told = self.watcher.told.lock().unwrap().clone();
        let mut mornings: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
        for t in told.iter().filter(|t| t.kind == NoticeKind::Morning) {
            match t.day {
                Some(day) => mornings.entry(day).or_default().push(t.body.clone()),
                None => failures.push(format!("a morning notification without its day: {t:?}")),
            }
        }
        for day in &on_their_day {
            let want = format!("Recovery {:.0}%", self.truth_recovery(*day).unwrap());
            match mornings.get(day).map(Vec::as_slice) {
                Some([body]) if body.starts_with(&want) => {}
                other => failures.push(format!(
                    "{day}: morning notification {other:?}, want {want}"
                )),
            }
        }
        for (day, bodies) in &mornings {
            if !on_their_day.contains(day) {
                failures.push(format!(
                    "{day}: morning notification(s) {bodies:?} for no new row"
                ));
            }
        }

        // Problems: as many as each trouble deserves, and none outside them.
        for trouble in &self.plan.troubles {
            let count = |kind, from: DateTime<Utc>, to: DateTime<Utc>| {
                told.iter()
                    .filter(|t| t.kind == kind && from <= t.at && t.at <= to)
                    .count()
            };
            let late = trouble.until + Duration::minutes(25);
            let problems = count(NoticeKind::Problem, trouble.from, late);
            let back = count(NoticeKind::BackToNormal, trouble.until, late);
            if (problems, back) != (trouble.problems, trouble.back_to_normal) {
                failures.push(format!(
                    "{}: {problems} problem and {back} back-to-normal notifications, want {} and {}",
                    trouble.name, trouble.problems, trouble.back_to_normal
                ));
            }
            if trouble.problems > 0
                && !self
                    .attention
                    .iter()
                    .any(|a| trouble.from <= *a && *a <= late)
            {
                failures.push(format!(
                    "{}: the tray never asked for attention",
                    trouble.name
                ));
            }
        }
        for t in told.iter().filter(|t| t.kind != NoticeKind::Morning) {
            if self.plan.trouble_at(t.at, Duration::minutes(25)).is_none() {
                failures.push(format!(
                    "{:?} at {} outside any trouble: {}",
                    t.kind, t.at, t.body
                ));
            }
        }

        // Quiet days: WHOOP 3 + Notion 1 per check, Notion 2 per row written.
        for (i, w) in self.figures.windows(2).enumerate() {
            let day = i + 1;
            let d = self.plan.days[day];
            let busy = day == STORM_DAY
                || self.plan.troubles.iter().any(|t| {
                    let local = |x| self.laptop_local(x).date();
                    local(t.from) <= d && d <= local(t.until)
                });
            if busy {
                continue;
            }
            let (a, b) = (w[0], w[1]);
            let runs = b.runs - a.runs;
            let writes = b.writes - a.writes;
            if b.whoop_api - a.whoop_api > 3 * runs || b.notion - a.notion > runs + 2 * writes {
                failures.push(format!(
                    "{d}: {runs} checks cost WHOOP {} + Notion {} requests ({} writes)",
                    b.whoop_api - a.whoop_api,
                    b.notion - a.notion,
                    writes
                ));
            }
        }
        // The history forgets old runs: at most two records a day past the month it keeps.
        let shape = self.history_shape;
        if shape.old_records > 2 * shape.old_days {
            failures.push(format!("the history kept {shape:?} past the month"));
        }
        if self.notion.retry_after_violations > 0 {
            failures.push(format!(
                "{} Notion requests came before their Retry-After",
                self.notion.retry_after_violations
            ));
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    /// One screen: days, rows, notifications, problems, requests, memory.
    pub fn summary(&self) {
        let told = self.watcher.told.lock().unwrap();
        let count = |k| told.iter().filter(|t| t.kind == k).count();
        let rows: usize = self.rows.values().map(Vec::len).sum();
        let last = self.figures.last().copied().unwrap_or_default();
        let mb = |b: usize| b as f64 / 1_048_576.0;
        println!(
            "soak: {} simulated days in {:.1} s",
            self.days,
            self.wall.as_secs_f64()
        );
        println!(
            "  days: {} scored nights, {} asleep mornings, {} scores pending until 14:00, troubles: {}",
            self.plan.scored.len(),
            self.plan.asleep_mornings,
            self.plan.pending_late,
            self.plan.troubles.iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
        );
        let zones: Vec<String> = self
            .plan
            .days
            .windows(2)
            .zip(self.plan.offsets.windows(2))
            .filter(|(_, o)| o[0] != o[1])
            .map(|(d, o)| format!("{} {}→{}", d[1], o[0], o[1]))
            .collect();
        let jumps: Vec<String> = self
            .wall_jumps
            .iter()
            .map(|(at, h)| format!("{at} {h:+} h"))
            .collect();
        println!(
            "  zone changes: {}; wall clock set: {}",
            zones.join(", "),
            jumps.join(", ")
        );
        println!("  rows in Notion: {rows} on {} dates", self.rows.len());
        let latest = |signal: bool| {
            self.wake_runs
                .iter()
                .filter(|(i, _)| self.plan.wakes[*i].1 == signal)
                .map(|(i, at)| (*at - self.plan.wakes[*i].0).num_seconds())
                .max()
                .unwrap_or(0)
        };
        let signalled = self.plan.wakes.iter().filter(|(_, s)| *s).count();
        println!(
            "  wakes: {} signalled by the OS (caught up within {} s), {} seen by the clock (within {} s); {} checks started in their first 5 min",
            signalled,
            latest(true),
            self.plan.wakes.len() - signalled,
            latest(false),
            self.wake_runs.len()
        );
        let holds: Vec<String> = self
            .holds
            .iter()
            .map(|h| {
                format!(
                    "{}–{}",
                    self.laptop_local(h.from).format("%m-%d %H:%M"),
                    self.laptop_local(h.until).format("%m-%d %H:%M")
                )
            })
            .collect();
        println!("  paused from the tray: {}", holds.join(", "));
        println!(
            "  notifications: {} morning, {} problem, {} back to normal",
            count(NoticeKind::Morning),
            count(NoticeKind::Problem),
            count(NoticeKind::BackToNormal)
        );
        for t in told.iter().filter(|t| t.kind != NoticeKind::Morning) {
            println!("    {} {:?}: {}", self.laptop_local(t.at), t.kind, t.body);
        }
        println!("  tray states: {:?}", self.tray_states);
        println!(
            "  checks: {}; requests: WHOOP API {} + token {}, Notion {} ({} writes); 429s: WHOOP {}, Notion {}; Retry-After violations {}",
            last.runs,
            last.whoop_api,
            last.whoop_token,
            last.notion,
            last.writes,
            self.whoop.rate_limited_responses,
            self.notion.rate_limited,
            self.notion.retry_after_violations
        );
        let mut whoop_paths: Vec<_> = self.whoop.requests_by_path.iter().collect();
        whoop_paths.sort();
        println!("  WHOOP by path: {whoop_paths:?}");
        println!("  Notion by route: {:?}", self.notion.by_route);
        println!(
            "  heap: {:.2} MB at start, {:.2} MB after day 30, {:.2} MB at the end ({:+} KB since day 30), peak {:.2} MB",
            mb(self.heap_start),
            mb(self.heap_mark),
            mb(self.heap_end),
            (self.heap_end as i64 - self.heap_mark as i64) / 1024,
            mb(self.heap_peak)
        );
        println!(
            "  at the end: the app's share {} KB, the world's (both simulators) {} KB",
            self.app_heap() / 1024,
            self.world_heap / 1024
        );
        let shape = self.history_shape;
        println!(
            "  history on disk: {:.2} MB at the end: {} runs; {} records of the last 31 days' checks, {} of {} older days",
            self.history_end as f64 / 1_048_576.0,
            shape.runs,
            shape.recent_records,
            shape.old_records,
            shape.old_days
        );
    }
}
