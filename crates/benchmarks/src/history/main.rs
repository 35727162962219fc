//! All of someone's WHOOP history: five years (1,826 days) generated in the WHOOP simulator,
//! an empty database in the Notion simulator at Notion's real limits (3 requests/s on average,
//! burst 5, 429 with Retry-After beyond), and the release CLI run as a child process:
//! `whoop-notion sync --since first` (from `first_whoop_day()` to today). Figures against the
//! goals it must meet:
//! - requests ≤ 1.02 × the minimum: ⌈records/25⌉ per WHOOP collection read + ⌈days/100⌉
//!   Notion query pages + writes (the first-day search is counted apart, and stated);
//! - wall time ≤ 1.05 × the Notion bound, writes ÷ 3/s;
//! - the CLI's peak RSS ≤ 40 MB;
//! - 0 requests sent before a Retry-After was over;
//! - a second run, on simulators of its own, killed (SIGKILL) at 3 random points and resumed:
//!   0 duplicate pages.
//!
//! The two runs go at the same time (each has its own WHOOP account and Notion workspace, so
//! neither uses the other's allowance): the bench takes as long as the killed one, about
//! 12–15 minutes. `--only measure` or `--only kill` runs one.

/// A line of a part's figures (writing to a String can't fail).
macro_rules! say {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}

mod child;
mod kills;
mod world;

use api_simulators::whoop::{Dataset, GenerateOptions};

use chrono::Utc;
use sync_engine::nights::DayRange;

use child::Finished;
use world::{Profile, Records};

const DAYS: u32 = 1826;
/// WHOOP's largest page and Notion's.
const WHOOP_PAGE: usize = 25;
const NOTION_PAGE: usize = 100;
const MB: f64 = 1024.0 * 1024.0;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(child::LAUNCH) {
        // Before any runtime: the launcher stays small (see `child`).
        return child::launcher(&args[2..]);
    }
    let only = args
        .iter()
        .skip_while(|a| *a != "--only")
        .nth(1)
        .cloned()
        .unwrap_or_default();
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(bench(only));
}

async fn bench(only: String) {
    let exe = child::cli_exe();
    let today = Utc::now().date_naive();
    // The child runs in UTC, so the data's days are UTC days.
    let mut options = GenerateOptions::new(20261125, today, DAYS);
    options.home_offset_minutes = 0;
    let dataset = Dataset::generate(&options);
    println!(
        "All history: {DAYS} days generated in the WHOOP simulator ({} nights, {} sleeps with naps, {} cycles), ending {today}",
        dataset.truth.len(),
        dataset.sleeps.len(),
        dataset.cycles.len()
    );

    let measure = (only != "kill").then(|| {
        let (exe, data) = (exe.clone(), dataset.clone());
        tokio::spawn(async move { measured_run(&exe, data).await })
    });
    let kill = (only != "measure").then(|| {
        let (exe, data) = (exe.clone(), dataset.clone());
        tokio::spawn(async move { kills::killed_and_resumed(&exe, data).await })
    });
    // Each part prints when both are done, in this order; progress goes to stderr.
    if let Some(task) = measure {
        print!("{}", task.await.expect("measured run"));
    }
    if let Some(task) = kill {
        print!("{}", task.await.expect("killed run"));
    }
    println!(
        "This process (both simulators, the generated data, the bench): peak RSS {:.1} MB",
        child::own_peak_rss_kib() as f64 * 1024.0 / MB
    );
}

/// One uninterrupted `sync --since first` into an empty database, at Notion's real limits.
async fn measured_run(exe: &std::path::Path, dataset: Dataset) -> String {
    let mut out = String::new();
    let profile = Profile::connect(dataset, "measure").await;
    let started_at = Utc::now();
    eprintln!("measured run: started (about 10 minutes at Notion's 3 requests/s)");
    let running = child::spawn(exe, &profile, "measure");
    let done: Finished = tokio::task::spawn_blocking(move || running.wait())
        .await
        .expect("waiting for the child");
    if done.code != Some(0) {
        panic!(
            "whoop-notion sync --since first failed ({:?}/{:?}): {}\n{}",
            done.code,
            done.signal,
            done.stderr_text(),
            done.stdout_text()
        );
    }
    let report: serde_json::Value =
        serde_json::from_str(&done.stdout_text()).expect("the CLI's JSON report");
    let count = |k: &str| report[k].as_u64().unwrap_or(0) as usize;
    let range: DayRange = DayRange::new(
        report["range"]["first"].as_str().unwrap().parse().unwrap(),
        report["range"]["last"].as_str().unwrap().parse().unwrap(),
    )
    .expect("an ordered range");
    let run_whoop = report["requests"]["whoop"].as_u64().unwrap_or(0);
    let run_notion = report["requests"]["notion"].as_u64().unwrap_or(0);

    let whoop = profile.world.whoop.stats();
    let notion = profile.world.notion.stats();
    let path = |suffix: &str| {
        whoop
            .requests_by_path
            .iter()
            .filter(|(p, _)| p.ends_with(suffix))
            .map(|(_, n)| *n)
            .sum::<u64>()
    };
    let (recovery_reqs, sleep_reqs, cycle_reqs, workout_reqs) = (
        path("/v2/recovery"),
        path("/v2/activity/sleep"),
        path("/v2/cycle"),
        path("/v2/activity/workout"),
    );
    // Everything WHOOP saw that the run didn't count is the first-day search (one-record
    // cycle requests before the run).
    let search = whoop.requests_total - run_whoop;

    let data = profile.world.whoop.dataset();
    let records = Records::in_window(&data, range, started_at);
    let reads_cycles = cycle_reqs > search;
    let pages = |n: usize| n.div_ceil(WHOOP_PAGE) as u64;
    let workouts = &report["workouts"];
    let workout_count = |k: &str| workouts[k].as_u64().unwrap_or(0);
    let workout_writes = workout_count("created") + workout_count("updated");
    let day_writes = (count("created") + count("updated")) as u64;
    let writes = day_writes + workout_writes;
    let (due, written_due) = profile.workouts_due(range, started_at);
    // One query page per 100 days, and per 100 workout pages.
    let queries_min =
        (range.len().div_ceil(NOTION_PAGE) + written_due.div_ceil(NOTION_PAGE)) as u64;
    let whoop_min = pages(records.recoveries)
        + pages(records.sleeps)
        + pages(records.workouts)
        + if reads_cycles {
            pages(records.cycles)
        } else {
            0
        };
    let minimum = whoop_min + queries_min + writes;
    let made = run_whoop + run_notion;
    let bound = writes as f64 / 3.0;
    let wall = done.wall.as_secs_f64();
    let scored = profile.scored_days(range, started_at);
    let per_day = profile.pages_per_day();
    let duplicates = per_day.values().filter(|n| **n > 1).count();
    let missing = scored
        .iter()
        .filter(|d| !per_day.contains_key(&d.to_string()))
        .count();
    let (workout_pages, linked) = profile.workout_pages();
    let workout_duplicates = workout_pages.values().filter(|n| **n > 1).count();

    say!(out, "");
    say!(
        out,
        "Measured run: whoop-notion sync --since first → {}..{} ({} days), empty database",
        range.first,
        range.last,
        range.len()
    );
    say!(
        out,
        "  days: {} created, {} updated, {} unchanged, {} waiting, {} skipped; {} scored nights, {} pages, {} days with two or more, {} scored days without a page",
        count("created"),
        count("updated"),
        count("unchanged"),
        count("waiting"),
        count("skipped"),
        scored.len(),
        per_day.values().sum::<usize>(),
        duplicates,
        missing
    );
    say!(
        out,
        "  workouts: {} created, {} updated, {} waiting for a score; {due} begun in the range ({written_due} scored or unscorable), {} pages, {} WHOOP ids with two or more, {linked} linked to their day, {} without a day page",
        workout_count("created"),
        workout_count("updated"),
        workout_count("waiting"),
        workout_pages.values().sum::<usize>(),
        workout_duplicates,
        workout_count("unlinked"),
    );
    say!(
        out,
        "  records in the run's window: {} recoveries, {} sleeps (with naps), {} workouts, {} cycles{}",
        records.recoveries,
        records.sleeps,
        records.workouts,
        records.cycles,
        if reads_cycles {
            ""
        } else {
            " (not read: no cycle metric mapped)"
        }
    );
    say!(
        out,
        "  first-day search: {search} WHOOP requests (counted apart; {} token refreshes)",
        whoop.token_refreshes
    );
    say!(
        out,
        "  requests: {made} (WHOOP {run_whoop}: recovery {recovery_reqs}, sleep {sleep_reqs}, workout {workout_reqs}, cycle {}; Notion {run_notion}: {} queries, {} writes, {} other)",
        cycle_reqs - search,
        notion.route_count("POST /v1/data_sources/{id}/query"),
        notion.route_count("POST /v1/pages") + notion.route_count("PATCH /v1/pages/{id}"),
        notion.requests_total
            - notion.route_count("POST /v1/data_sources/{id}/query")
            - notion.route_count("POST /v1/pages")
            - notion.route_count("PATCH /v1/pages/{id}"),
    );
    say!(
        out,
        "    minimum {minimum} = WHOOP {whoop_min} (⌈{}/25⌉ + ⌈{}/25⌉ + ⌈{}/25⌉{}) + ⌈{}/100⌉ + ⌈{written_due}/100⌉ = {queries_min} queries + {writes} writes ({day_writes} days, {workout_writes} workouts) → {:.3}× (goal ≤ 1.02×){}",
        records.recoveries,
        records.sleeps,
        records.workouts,
        if reads_cycles { format!(" + ⌈{}/25⌉", records.cycles) } else { String::new() },
        range.len(),
        made as f64 / minimum as f64,
        verdict(made as f64 <= 1.02 * minimum as f64)
    );
    say!(
        out,
        "    with the search: {} → {:.3}×",
        made + search,
        (made + search) as f64 / minimum as f64
    );
    say!(
        out,
        "  wall time (spawn to exit, search included): {wall:.1} s vs bound {bound:.1} s ({writes} writes ÷ 3/s) → {:.3}× (goal ≤ 1.05×){}",
        wall / bound,
        verdict(wall <= 1.05 * bound)
    );
    say!(
        out,
        "  CLI peak RSS (VmHWM of the child process): {:.1} MB (goal ≤ 40 MB){}; CPU {:.2} s",
        done.max_rss_kib as f64 * 1024.0 / MB,
        verdict(done.max_rss_kib as f64 * 1024.0 <= 40.0 * MB),
        done.cpu.as_secs_f64()
    );
    say!(
        out,
        "  Notion: {} requests sent before a Retry-After was over (goal 0){}, {} 429s served",
        notion.retry_after_violations,
        verdict(notion.retry_after_violations == 0),
        notion.rate_limited
    );
    say!(out, "  WHOOP: {} 429s served", whoop.rate_limited_responses);
    profile.stop();
    out
}

pub fn verdict(met: bool) -> &'static str {
    if met {
        " — met"
    } else {
        " — MISSED"
    }
}
