//! Several processes at once, and processes killed mid-run.

use crate::support;

use std::time::Duration;

use api_simulators::notion::{FaultKind, NotionFault, Route};
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_processes_racing_an_expired_token_refresh_once() {
    let cli = Cli::start().await;
    cli.connect_all().await;
    cli.race_an_expired_token(5).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_killed_midway_is_finished_by_the_next_one() {
    let cli = Cli::start().await;
    cli.connect_all().await;
    // Slow creates, so the kill lands in the middle of the writes.
    cli.notion.inject_fault(NotionFault::new(
        Route::CreatePage,
        FaultKind::Delay { ms: 250 },
        1000,
    ));
    let (first, last) = (cli.days_ago(16), cli.days_ago(2));
    let mut child = cli.spawn(&[
        "sync",
        "--since",
        &first.to_string(),
        "--until",
        &last.to_string(),
    ]);
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while cli.notion.stats().creates_applied < 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "the run never started writing"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().unwrap();
    let _ = child.wait();
    let written = cli.notion.stats().creates_applied;
    let scored = cli.scored(first, last);
    assert!(
        (written as usize) < scored.len(),
        "killed too late to prove anything"
    );

    cli.notion.clear_faults();
    let report = cli.sync_range(first, last).await;
    assert_eq!(
        report["created"].as_u64().unwrap() + report["unchanged"].as_u64().unwrap(),
        scored.len() as u64
    );
    for night in &scored {
        assert_eq!(cli.pages_on(night.day).len(), 1, "{}", night.day);
    }
    let history = cli.json(&["history"]).await;
    let runs = history["runs"].as_array().unwrap();
    assert!(
        runs[1]["ok"].is_null(),
        "the killed run reads as interrupted: {}",
        runs[1]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daemon_catches_up_at_start() {
    let cli = Cli::start().await;
    cli.connect_all().await;
    let mut child = cli.spawn(&["--json", "daemon"]);
    let stdout = child.stdout.take().unwrap();
    let first_event = tokio::task::spawn_blocking(move || {
        use std::io::BufRead;
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .unwrap();
        line
    });
    let line = tokio::time::timeout(Duration::from_secs(60), first_event)
        .await
        .unwrap()
        .unwrap();
    child.kill().unwrap();
    let _ = child.wait();
    let event: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(event["event"], "synced", "{event}");
    assert_eq!(event["trigger"], "startup");
    assert_eq!(event["report"]["days"].as_array().unwrap().len(), 7);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_shows_the_whole_job() {
    let cli = Cli::start().await;
    let out = cli.run_ok(&["demo", "--days", "6"]).await;
    assert!(out.contains("Rows in the demo Notion database"), "{out}");
    let rows = out
        .lines()
        .filter(|l| l.len() > 10 && l.as_bytes()[4] == b'-' && l.as_bytes()[7] == b'-')
        .count();
    assert!(rows >= 4, "{out}");
    assert!(out.contains("created"), "{out}");
    // Workouts too: their own pages, each linked to its day's page when the day has one.
    let workouts = out
        .lines()
        .skip_while(|l| !l.starts_with("Pages in the demo Notion database \"Workouts\""))
        .skip(1)
        .take_while(|l| l.starts_with("  20"))
        .collect::<Vec<_>>();
    assert!(!workouts.is_empty(), "{out}");
    assert!(workouts.iter().any(|l| l.ends_with("→ day")), "{out}");
    let json = cli.json(&["demo", "--days", "6"]).await;
    let pages = json["workouts"].as_array().unwrap();
    // The human output lists the newest eight.
    assert!(workouts.len() <= 8 && !pages.is_empty(), "{json}");
    assert!(pages
        .iter()
        .all(|p| p["title"].as_str().unwrap().contains(" · ")));
}

/// A table line's cells: columns are at least two spaces apart, a cell has single spaces.
fn cells(line: &str) -> Vec<String> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

/// The table of a human `demo` run: its header and (date → column → cell).
fn demo_table(out: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = out.lines().skip_while(|l| !l.starts_with("Date "));
    let header = cells(lines.next().unwrap_or_else(|| panic!("no table: {out}")));
    let rows = lines
        .take_while(|l| l.len() > 10 && l.as_bytes()[4] == b'-' && l.as_bytes()[7] == b'-')
        .map(cells)
        .collect();
    (header, rows)
}

/// "6h 56m" → 416 minutes; None when it doesn't read like that.
fn minutes(text: &str) -> Option<i64> {
    let (h, m) = match text.split_once("h ") {
        Some((h, m)) => (h.parse::<i64>().ok()?, m),
        None => (0, text),
    };
    let m = m.strip_suffix('m')?;
    (m.len() <= 2 && m.chars().all(|c| c.is_ascii_digit())).then_some(())?;
    Some(h * 60 + m.parse::<i64>().ok()?)
}

fn percent(text: &str) -> Option<f64> {
    let n = text.strip_suffix('%')?;
    n.chars()
        .all(|c| c.is_ascii_digit() || c == '.')
        .then(|| n.parse().ok())?
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_table_fits_100_columns_and_reads_like_notion() {
    let cli = Cli::start().await;
    let args = ["demo", "--days", "5"];
    // The demo's last night is cut at a half-hour grid of the real clock: the table is read
    // between two JSON reads that agree, so all three saw the same world.
    let mut tries = 0;
    let (out, json) = loop {
        let before = cli.json(&args).await;
        let out = cli.run_ok(&args).await;
        let after = cli.json(&args).await;
        // The rows as stored (page ids are new in every demo).
        if after["rows"] == before["rows"] {
            break (out, before);
        }
        tries += 1;
        assert!(
            tries < 3,
            "the demo's JSON changes from run to run: {before}\n{after}"
        );
    };
    for line in out.lines() {
        assert!(line.chars().count() <= 100, "{} wide: {line}", line.len());
    }
    let (header, rows) = demo_table(&out);
    assert_eq!(
        header[..4],
        ["Date", "Recovery", "Time Asleep (h)", "Sleep Efficiency"],
        "{out}"
    );
    assert!(rows.len() >= 3, "{out}");

    // The same data (same seed, same days) as stored, from the machine-readable form.
    let stored = |date: &str, column: &str| -> Option<String> {
        let row = json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r[0] == date)?;
        row[1]
            .as_array()?
            .iter()
            .find(|c| c[0] == column)
            .and_then(|c| c[1].as_str().map(String::from))
    };
    let mut checked = 0;
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}\n{out}");
        let date = &row[0];
        for (column, shown) in header.iter().zip(row).skip(1) {
            let Some(raw) = stored(date, column) else {
                assert_eq!(shown, "–", "{date} {column}");
                continue;
            };
            let raw_number: Option<f64> = raw.parse().ok();
            match column.as_str() {
                "Recovery" | "Sleep Efficiency" | "Sleep Performance" => {
                    let shown = percent(shown).unwrap_or_else(|| panic!("{column}: {shown}"));
                    assert!(
                        (shown - raw_number.unwrap() * 100.0).abs() < 1e-9,
                        "{raw} → {shown}"
                    );
                }
                "Time Asleep (h)" => {
                    let shown = minutes(shown).unwrap_or_else(|| panic!("{column}: {shown}"));
                    assert_eq!(shown, (raw_number.unwrap() * 60.0).round() as i64, "{raw}");
                }
                _ => assert_eq!(shown, &raw, "{date} {column}"),
            }
            checked += 1;
        }
    }
    assert!(checked >= 3 * 4, "{checked} cells checked\n{out}");

    // What didn't fit is named, and --wide shows it.
    let left_out_line = out
        .lines()
        .find(|l| l.starts_with("Left out to fit 100 columns: "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(left_out_line.contains("--wide"), "{left_out_line}");
    let left_out: Vec<&str> = left_out_line
        .trim_start_matches("Left out to fit 100 columns: ")
        .split(" (--wide")
        .next()
        .unwrap()
        .split(", ")
        .collect();
    assert!(!left_out.is_empty());
    let wide = cli.run_ok(&["demo", "--days", "5", "--wide"]).await;
    let (wide_header, wide_rows) = demo_table(&wide);
    assert!(!wide.contains("Left out"), "{wide}");
    assert_eq!(wide_rows.len(), rows.len());
    for name in &left_out {
        assert!(!header.iter().any(|h| h == name), "{name} was left out");
        assert!(wide_header.iter().any(|h| h == name), "{name} in {wide}");
    }
    assert_eq!(wide_header.len(), header.len() + left_out.len(), "{wide}");
}
