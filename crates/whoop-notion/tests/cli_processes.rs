//! Several processes at once, and processes killed mid-run.

mod support;

use std::time::Duration;

use api_simulators::notion::{FaultKind, NotionFault, Route};
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_processes_racing_an_expired_token_refresh_once() {
    let cli = Cli::start().await;
    cli.connect_all().await;
    cli.whoop.reset_stats();
    cli.whoop.expire_access_tokens();
    let day = cli.days_ago(2).to_string();
    let children: Vec<_> = (0..5)
        .map(|_| cli.spawn(&["--json", "sync", "--dry-run", "--day", &day]))
        .collect();
    let outputs = tokio::task::spawn_blocking(move || {
        children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    for out in &outputs {
        assert!(out.status.success(), "{}", stderr(out));
    }
    let stats = cli.whoop.stats();
    assert_eq!(stats.invalid_grant_responses, 0, "{stats:?}");
    assert_eq!(stats.token_refreshes, 1, "{stats:?}");
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
    let report = cli
        .json(&[
            "sync",
            "--since",
            &first.to_string(),
            "--until",
            &last.to_string(),
        ])
        .await;
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
}
