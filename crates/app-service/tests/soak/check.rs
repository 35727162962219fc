//! What the soak asserts, from what the user would have seen (Notion's rows, notifications,
//! the tray) against what happened in the world (the plan):
//! - every scored night lands exactly once, with WHOOP's values, at the first chance: the
//!   first check after it was scored, or after the trouble or pause that kept the app from it;
//! - one morning notification per night written on its own morning, with its numbers;
//! - one problem notification per trouble longer than the grace (or needing the user), one
//!   "back to normal" when it ends by itself, nothing for a trouble within the grace;
//! - the tray never says synced before the row is there, waiting after it is, nor asks for
//!   attention without a trouble; it says paused throughout a pause and never outside one;
//! - no check starts while paused; each wake-up is caught up by one check, at once when the
//!   OS signals it, within the schedule's minute tick when only the clock tells;
//! - the history forgets old runs: no day past the month it keeps holds more than two records;
//! - quiet days cost at most WHOOP 3 + Notion 1 requests per check, and Notion 2 per row
//!   written (the schema is read live before any write, then the page is created).

use std::collections::BTreeMap;

use app_core::notice::NoticeKind;
use app_core::tray::TrayState;
use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::found::Row;
use crate::plan::STORM_DAY;
use crate::run::Run;

/// The schedule's poll in the morning window.
const POLL_MIN: i64 = 10;
/// A run day's check may land this long after its chance: one poll and the run.
const SLACK_MIN: i64 = POLL_MIN + 2;

impl Run {
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
    /// later. A moment less than a poll before the window closes gives two: the check may
    /// come before 12:00, or after it, and then the next morning's first check takes it.
    fn landing_windows(&self, day: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let blocked_until = |t: DateTime<Utc>| {
            self.plan
                .troubles
                .iter()
                .map(|tr| (tr.from, tr.until))
                .chain(self.holds.iter().map(|h| (h.from, h.until)))
                .find(|(from, until)| *from <= t && t < *until)
                .map(|(_, until)| until)
        };
        let asleep_until = |t: DateTime<Utc>| {
            self.plan
                .asleep
                .iter()
                .find(|(a, b)| *a <= t && t < *b)
                .map(|(_, woke)| *woke)
        };
        // From the moment it is scored, step past whatever holds it (a trouble, a pause, the
        // laptop asleep, the hours outside the morning window) until a moment nothing does.
        let mut t = self.plan.scored[&day].scored;
        // A wake-up is caught up at once, whatever the hour.
        let mut woke = false;
        let mut windows = Vec::new();
        loop {
            if let Some(until) = blocked_until(t) {
                (t, woke) = (until, false);
                continue;
            }
            if let Some(until) = asleep_until(t) {
                (t, woke) = (until, true);
                continue;
            }
            let local = self.laptop_local(t);
            let window = |d: NaiveDate| d.and_hms_opt(5, 0, 0).unwrap();
            let closes = local.date().and_hms_opt(12, 0, 0).unwrap();
            let in_window = local >= window(local.date()) && local < closes;
            if woke || in_window {
                windows.push((t, t + Duration::minutes(SLACK_MIN)));
                if woke || local + Duration::minutes(POLL_MIN) <= closes {
                    return windows;
                }
            }
            let next = if local < window(local.date()) {
                window(local.date())
            } else {
                window(local.date() + Duration::days(1))
            };
            t += next - local;
        }
    }

    pub fn check_all(&self) {
        let mut failures: Vec<String> = self.tray_failures.clone();
        failures.extend(self.window_failures.iter().cloned());
        // Each wake is caught up by one check: at once when the OS signals it, within the
        // schedule's minute tick when only the clock tells; either after a random wait of up
        // to WAKE_SPREAD (two computers woken together don't check together).
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
            let spread = Duration::from_std(sync_engine::WAKE_SPREAD).unwrap();
            let limit = spread
                + if signal {
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
            let windows = self.landing_windows(day);
            let Some(row) = self.rows.get(&day).and_then(|r| r.first()) else {
                // A night whose first chance comes after the run (the last day's score
                // pending into the afternoon) can't have landed yet.
                if windows[0].0 <= self.end {
                    failures.push(format!("{day} never landed"));
                }
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
            // Notion's created_time is to the minute.
            let in_time = windows
                .iter()
                .any(|(from, to)| *from < row.created + Duration::minutes(1) && row.created <= *to);
            if !in_time {
                failures.push(format!(
                    "{day} landed {} (laptop {}), expected in {windows:?}",
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

        // Quiet days: WHOOP 3 + Notion 1 per check, Notion 2 per row written and one more
        // look (a new row's: another computer may have made the same day's page).
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
            if b.whoop_api - a.whoop_api > 3 * runs || b.notion - a.notion > runs + 3 * writes {
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
}
