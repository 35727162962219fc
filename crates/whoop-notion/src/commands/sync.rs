use std::io::IsTerminal;
use std::sync::Mutex;

use chrono::{Duration, NaiveDate};
use indicatif::{ProgressBar, ProgressStyle};
use sync_engine::nights::DayRange;
use sync_engine::plan::ActionKind;
use sync_engine::report::{Progress, SyncReport};
use sync_engine::{Engine, Result, SyncError, SyncRequest, Trigger};

use crate::cli::SyncArgs;
use crate::output::{plain, Output};

/// Longest range one command accepts: a date typed a century off is a typo, and all of
/// someone's history is `--since first`.
const MAX_DAYS: i64 = 20 * 366;
/// Ranges at least this long get a progress bar on a terminal.
const PROGRESS_FROM_DAYS: usize = 15;

pub async fn run(engine: &Engine, args: SyncArgs, out: &Output) -> Result<()> {
    let today = engine.today();
    let range = match args.since.as_deref().map(str::trim) {
        Some(since) if since.eq_ignore_ascii_case("first") => {
            Some(all_history(engine, &args, today).await?)
        }
        _ => range_from(&args, today)?,
    };
    let show_bar = !out.json
        && std::io::stderr().is_terminal()
        && range.map_or(7, |r| r.len()) >= PROGRESS_FROM_DAYS;
    let bar: Mutex<Option<ProgressBar>> = Mutex::new(None);
    let progress = |p: Progress| {
        if !show_bar {
            return;
        }
        let mut bar = bar.lock().expect("bar lock");
        match p {
            Progress::Reading => {}
            Progress::Writing { done, total, exact } => {
                let b = bar.get_or_insert_with(|| {
                    let b = ProgressBar::new(total as u64);
                    b.set_style(
                        ProgressStyle::with_template(
                            "{bar:30} {pos}/{len} pages written{msg} · {eta} left",
                        )
                        .expect("valid template"),
                    );
                    b
                });
                // Until every chunk is planned, the total is what WHOOP scored (an upper
                // bound) and, for days not read yet, a guess at the rate so far.
                b.set_message(if exact { "" } else { " (about)" });
                b.set_length(total as u64);
                b.set_position(done as u64);
            }
        }
    };
    let report = engine
        .sync(
            SyncRequest {
                range,
                dry_run: args.dry_run,
                trigger: Trigger::Cli,
            },
            &progress,
        )
        .await;
    if let Some(b) = bar.lock().expect("bar lock").take() {
        b.finish_and_clear();
    }
    let report = report?;
    out.emit(&report, || print_report(&report));
    Ok(())
}

/// `--since first`: from the first day WHOOP has a record for, through `--until` or today.
async fn all_history(engine: &Engine, args: &SyncArgs, today: NaiveDate) -> Result<DayRange> {
    let last = match &args.until {
        Some(u) => parse_day(u, today)?,
        None => today,
    };
    let first = engine.first_whoop_day().await?.ok_or_else(|| {
        SyncError::invalid("WHOOP has no records for this account yet, so there is nothing to sync")
    })?;
    DayRange::new(first.min(last), last)
        .ok_or_else(|| SyncError::invalid(format!("--until {last} is before {first}")))
}

fn range_from(args: &SyncArgs, today: NaiveDate) -> Result<Option<DayRange>> {
    let range = match (&args.day, &args.since, &args.until) {
        (Some(day), _, _) => {
            let d = parse_day(day, today)?;
            DayRange::new(d, d)
        }
        (None, Some(since), until) => {
            let first = parse_day(since, today)?;
            let last = match until {
                Some(u) => parse_day(u, today)?,
                None => today,
            };
            if first > last {
                return Err(SyncError::invalid(format!(
                    "--since {first} is after --until {last}"
                )));
            }
            if (last - first).num_days() >= MAX_DAYS {
                return Err(SyncError::invalid(format!(
                    "that is {} days; sync at most {MAX_DAYS} at once, or everything WHOOP has with --since first",
                    (last - first).num_days() + 1
                )));
            }
            DayRange::new(first, last)
        }
        _ => return Ok(None),
    };
    if let Some(r) = range {
        if r.last > today {
            return Err(SyncError::invalid(format!(
                "{} is in the future; today is {today}",
                r.last
            )));
        }
    }
    Ok(range)
}

pub(crate) fn parse_day(text: &str, today: NaiveDate) -> Result<NaiveDate> {
    match text.trim().to_ascii_lowercase().as_str() {
        "today" => Ok(today),
        "yesterday" => Ok(today - Duration::days(1)),
        t => NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| {
            SyncError::invalid(format!(
                "\"{text}\" is not a date; use YYYY-MM-DD, `today` or `yesterday` (and for --since, `first`)"
            ))
        }),
    }
}

fn print_report(report: &SyncReport) {
    let verb = |a: ActionKind| match (a, report.dry_run) {
        (ActionKind::Created, false) => "created",
        (ActionKind::Created, true) => "would create",
        (ActionKind::Updated, false) => "updated",
        (ActionKind::Updated, true) => "would update",
        (ActionKind::Unchanged, _) => "unchanged",
        (ActionKind::Waiting, _) => "waiting",
        (ActionKind::Skipped, _) => "skipped",
    };
    for day in &report.days {
        let mut line = format!("{}  {:<12}", day.day, verb(day.action));
        let shown = sync_engine::metrics::headline(|key| day.values.get(key).cloned());
        if !shown.is_empty() {
            line.push_str(&shown.join(" · "));
        }
        if let Some(reason) = &day.reason {
            line.push_str(&format!("  ({reason})"));
        }
        println!("{line}");
    }
    println!(
        "{} days: {} created, {} updated, {} unchanged, {} waiting, {} skipped{} — WHOOP {} requests, Notion {}",
        report.days.len(),
        report.created,
        report.updated,
        report.unchanged,
        report.waiting,
        report.skipped,
        if report.dry_run { " (dry run: nothing written)" } else { "" },
        report.requests.whoop,
        report.requests.notion
    );
    if let Some(workouts) = &report.workouts {
        print_workouts(workouts, report.dry_run);
    }
    if report.unreadable_records > 0 {
        println!(
            "{} WHOOP record(s) couldn't be read and were left out (see the log with \
             RUST_LOG=warn); the other records were synced.",
            report.unreadable_records
        );
    }
    if let Some(scopes) = &report.needs_whoop_scope {
        println!("{}", missing_scopes_line(scopes));
    }
    if report.created + report.updated + report.unchanged == 0 {
        println!("Nothing was written: no day in this range has a scored night yet.");
    }
}

/// What a sync left out for want of WHOOP scopes (space-separated), and how to add it.
fn missing_scopes_line(scopes: &str) -> String {
    let what: Vec<&str> = scopes
        .split_whitespace()
        .map(|scope| match scope {
            "read:workout" => "the workout metrics",
            "read:body_measurement" => "the body measurements (weight, height, max heart rate)",
            _ => "some mapped metrics",
        })
        .collect();
    let scopes: Vec<&str> = scopes.split_whitespace().collect();
    let them = if scopes.len() > 1 { "them" } else { "it" };
    let (what, scopes) = (what.join(" and "), scopes.join(" and "));
    let mut line = format!(
        "{what} weren't written: this WHOOP sign-in doesn't allow {scopes}. Run \
         `whoop-notion whoop connect` and allow {them} to add them; everything else was synced."
    );
    // "The", whichever comes first.
    line.replace_range(..1, &line[..1].to_uppercase());
    line
}

/// The Workouts database's line, and what needs the user: pages of deleted workouts (left
/// for them to delete) and workouts with no day page to link to yet.
fn print_workouts(workouts: &sync_engine::workouts::WorkoutsReport, dry_run: bool) {
    println!(
        "Workouts: {} created, {} updated, {} unchanged, {} waiting for WHOOP's score{}",
        workouts.created,
        workouts.updated,
        workouts.unchanged,
        workouts.waiting,
        if dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        },
    );
    for page in &workouts.deleted_in_whoop {
        println!(
            "  deleted in WHOOP, its page left in Notion (delete it there if you want): {}",
            plain(page)
        );
    }
    if workouts.unlinked > 0 {
        println!(
            "  {} workout(s) not linked to a day: their day has no page yet (a later sync links them).",
            workouts.unlinked
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_scopes_are_named_with_what_they_add() {
        assert_eq!(
            missing_scopes_line("read:workout"),
            "The workout metrics weren't written: this WHOOP sign-in doesn't allow \
             read:workout. Run `whoop-notion whoop connect` and allow it to add them; \
             everything else was synced."
        );
        let both = missing_scopes_line("read:workout read:body_measurement");
        assert!(
            both.starts_with(
                "The workout metrics and the body measurements (weight, height, max heart rate) \
                 weren't written: this WHOOP sign-in doesn't allow read:workout and \
                 read:body_measurement."
            ),
            "{both}"
        );
    }

    fn args(day: Option<&str>, since: Option<&str>, until: Option<&str>) -> SyncArgs {
        SyncArgs {
            day: day.map(Into::into),
            since: since.map(Into::into),
            until: until.map(Into::into),
            dry_run: false,
        }
    }

    #[test]
    fn ranges_from_flags() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(range_from(&args(None, None, None), today).unwrap(), None);
        let r = range_from(&args(Some("yesterday"), None, None), today)
            .unwrap()
            .unwrap();
        assert_eq!(
            (r.first, r.last),
            (today - Duration::days(1), today - Duration::days(1))
        );
        let r = range_from(&args(None, Some("2026-11-01"), None), today)
            .unwrap()
            .unwrap();
        assert_eq!(
            (r.first, r.last),
            (NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), today)
        );
        assert!(range_from(&args(None, Some("2026-11-20"), Some("2026-11-10")), today).is_err());
        assert!(range_from(&args(Some("2026-13-01"), None, None), today).is_err());
        assert!(range_from(&args(Some("2026-11-26"), None, None), today).is_err());
        // Six years is fine now (all of someone's history); a typo of a century is not.
        assert!(range_from(&args(None, Some("2020-01-01"), None), today).is_ok());
        let typo = range_from(&args(None, Some("1925-11-25"), None), today).unwrap_err();
        assert!(typo.message.contains("--since first"), "{}", typo.message);
    }
}
