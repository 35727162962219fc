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
            recovery: props["Recovery"]["number"].as_f64(),
            asleep_hours: props["Time Asleep (h)"]["number"].as_f64(),
        });
    }
    out
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
    pub tray_states: BTreeMap<&'static str, usize>,
    /// When the tray asked for attention.
    pub attention: Vec<DateTime<Utc>>,
    pub rows: BTreeMap<NaiveDate, Vec<Row>>,
    pub whoop: WhoopStats,
    pub notion: NotionStats,
    pub heap_start: usize,
    pub heap_mark: usize,
    pub heap_end: usize,
    pub heap_peak: usize,
    /// The history database's size after day 60 and at the end.
    pub history_mark: u64,
    pub history_end: u64,
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
            tray_states: BTreeMap::new(),
            attention: Vec::new(),
            rows: BTreeMap::new(),
            whoop: WhoopStats::default(),
            notion: NotionStats::default(),
            heap_start: 0,
            heap_mark: 0,
            heap_end: 0,
            heap_peak: 0,
            history_mark: 0,
            history_end: 0,
            wall: std::time::Duration::ZERO,
        }
    }

    fn truth_recovery(&self, day: NaiveDate) -> Option<f64> {
        self.full.night(day).and_then(|t| t.recovery_score)
    }

    /// The laptop's local time at world time `t` (its clock may have been set off).
    pub fn laptop_local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        let skew: i64 = self
            .wall_jumps
            .iter()
            .filter(|(at, _)| *at <= t)
            .map(|(_, h)| h)
            .sum();
        let wall = t + Duration::hours(skew);
        self.zone.local(wall)
    }

    /// The day's published tray states against Notion's rows as they were then.
    pub fn check_tray(&mut self, _day: usize, rows: &BTreeMap<NaiveDate, Vec<Row>>) {
        let shown = std::mem::take(&mut *self.watcher.shown.lock().unwrap());
        let full = &self.full;
        let truth_recovery = |day| full.night(day).and_then(|t| t.recovery_score);
        for s in shown {
            *self.tray_states.entry(s.state.as_str()).or_default() += 1;
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
                    let truth = truth_recovery(today).map(|r| r.round() as u32);
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
                TrayState::Idle | TrayState::Paused => fail(format!("{:?}", s.state)),
                _ => {}
            }
            if let Some(failure) = failed.filter(|_| self.tray_failures.len() < 20) {
                self.tray_failures.push(failure);
            }
        }
    }

    /// When the row of `day` may land: from the first moment the app can write it (scored,
    /// the trouble over, the laptop awake and checking) to one poll and a run later.
    fn landing_window(&self, day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let shown = self.plan.scored[&day];
        let mut ready = shown.scored;
        for t in &self.plan.troubles {
            if t.from <= ready && ready < t.until {
                ready = t.until;
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
            "  history on disk: {:.2} MB at the end",
            self.history_end as f64 / 1_048_576.0
        );
    }
}
