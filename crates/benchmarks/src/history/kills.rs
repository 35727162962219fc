//! One `sync --since first` killed (SIGKILL) at 3 random points and resumed each time by a new
//! `sync --since first`, until one finishes: every scored day must end up with exactly one page.
//! The points are random numbers of pages written, each plus a random 0–400 ms (a write every
//! 333 ms), so a kill lands anywhere: waiting for the limiter, mid-request, between chunks.
//! `BENCH_SEED` repeats a run's points.

use std::path::Path;
use std::time::{Duration, Instant};

use api_simulators::whoop::Dataset;
use chrono::Utc;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sync_engine::nights::DayRange;

use crate::child::{self, Finished};
use crate::world::Profile;
use crate::{verdict, MB};

const KILLS: usize = 3;

pub async fn killed_and_resumed(exe: &Path, dataset: Dataset) -> String {
    let mut out = String::new();
    let seed = std::env::var("BENCH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| Utc::now().timestamp_subsec_nanos() as u64);
    let mut rng = StdRng::seed_from_u64(seed);
    let everything = DayRange::new(
        dataset.truth.iter().map(|t| t.day).min().expect("nights"),
        dataset.truth.iter().map(|t| t.day).max().expect("nights"),
    )
    .expect("ordered");
    let profile = Profile::connect(dataset, "kill").await;
    let started_at = Utc::now();
    let expected = profile.scored_days(everything, started_at).len();
    let mut points: Vec<(u64, u64)> = (0..KILLS)
        .map(|_| (rng.gen_range(1..expected as u64), rng.gen_range(0..400u64)))
        .collect();
    points.sort();

    let started = Instant::now();
    let mut peak_rss = 0;
    let mut cpu = Duration::ZERO;
    say!(out, "");
    say!(
        out,
        "Killed and resumed: sync --since first killed (SIGKILL) at {KILLS} random points (seed {seed}), each time started again; simulators of its own, at Notion's real limits"
    );
    for (i, (pages, extra_ms)) in points.iter().enumerate() {
        let running = child::spawn(exe, &profile, &format!("kill{i}"));
        let pid = running.pid();
        let waiter = tokio::task::spawn_blocking(move || running.wait());
        loop {
            if waiter.is_finished() {
                break;
            }
            if profile.world.notion.stats().creates_applied >= *pages {
                tokio::time::sleep(Duration::from_millis(*extra_ms)).await;
                if !waiter.is_finished() {
                    child::kill(pid);
                }
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let done: Finished = waiter.await.expect("waiting for the child");
        peak_rss = peak_rss.max(done.max_rss_kib);
        cpu += done.cpu;
        let written = profile.world.notion.stats().creates_applied;
        let how = match done.signal {
            Some(libc::SIGKILL) => "killed".to_string(),
            _ => format!(
                "ended by itself before the kill point (exit {:?}): {}",
                done.code,
                done.stderr_text().trim()
            ),
        };
        eprintln!(
            "killed run: {how} at {written} pages ({:.0} s in)",
            started.elapsed().as_secs_f64()
        );
        say!(
            out,
            "  run {}: {how} {:.1} s in, {} ms after page {pages}; {written} pages written so far",
            i + 1,
            started.elapsed().as_secs_f64(),
            extra_ms
        );
    }

    let running = child::spawn(exe, &profile, "resume");
    let done: Finished = tokio::task::spawn_blocking(move || running.wait())
        .await
        .expect("waiting for the child");
    peak_rss = peak_rss.max(done.max_rss_kib);
    cpu += done.cpu;
    let wall = started.elapsed().as_secs_f64();
    let report: serde_json::Value =
        serde_json::from_str(&done.stdout_text()).unwrap_or_else(|_| {
            panic!(
                "the last run failed ({:?}): {}\n{}",
                done.code,
                done.stderr_text(),
                done.stdout_text()
            )
        });
    let count = |k: &str| report[k].as_u64().unwrap_or(0);

    let per_day = profile.pages_per_day();
    let duplicates = per_day.values().filter(|n| **n > 1).count();
    let scored = profile.scored_days(everything, started_at);
    let missing = scored
        .iter()
        .filter(|d| !per_day.contains_key(&d.to_string()))
        .count();
    let (workout_pages, _) = profile.workout_pages();
    let workout_duplicates = workout_pages.values().filter(|n| **n > 1).count();
    let (_, written_due) = profile.workouts_due(everything, started_at);
    let workouts_missing = written_due.saturating_sub(workout_pages.len());
    let notion = profile.world.notion.stats();
    let whoop = profile.world.whoop.stats();
    say!(
        out,
        "  run {}: finished {wall:.1} s in: {} created, {} unchanged (written by the killed runs), {} updated",
        KILLS + 1,
        count("created"),
        count("unchanged"),
        count("updated")
    );
    say!(
        out,
        "  pages: {} for {} scored nights; {duplicates} days with two or more (goal 0){}, {missing} scored days without a page; {} creates reached Notion in all",
        per_day.values().sum::<usize>(),
        scored.len(),
        verdict(duplicates == 0 && missing == 0),
        notion.creates_applied
    );
    say!(
        out,
        "  workout pages: {} for {written_due} scored or unscorable workouts; {workout_duplicates} WHOOP ids with two or more (goal 0){}, {workouts_missing} without a page",
        workout_pages.values().sum::<usize>(),
        verdict(workout_duplicates == 0 && workouts_missing == 0),
    );
    say!(
        out,
        "  requests over the {} runs: WHOOP {} ({} 429s), Notion {} ({} 429s, {} sent before a Retry-After was over{})",
        KILLS + 1,
        whoop.requests_total,
        whoop.rate_limited_responses,
        notion.requests_total,
        notion.rate_limited,
        notion.retry_after_violations,
        verdict(notion.retry_after_violations == 0)
    );
    say!(
        out,
        "  peak RSS of any of the runs: {:.1} MB; CPU of all: {:.2} s",
        peak_rss as f64 * 1024.0 / MB,
        cpu.as_secs_f64()
    );
    profile.stop();
    out
}
