//! `sync --since first`: everything WHOOP has, from its first record, written once; run again,
//! nothing is written twice.

use crate::support;

use support::*;

#[tokio::test]
async fn since_first_brings_over_the_whole_history_once() {
    let cli = Cli::start().await;
    cli.connect_all().await;
    let report = cli.json(&["sync", "--since", "first"]).await;
    let first = cli.days_ago(39);
    let scored = cli.scored(first - chrono::Duration::days(2), cli.today);
    assert!(scored.len() >= 30, "{}", scored.len());
    assert_eq!(
        report["created"].as_u64().unwrap() as usize,
        scored.len(),
        "{report}"
    );
    for night in &scored {
        assert_eq!(cli.pages_on(night.day).len(), 1, "{}", night.day);
    }

    let again = cli.json(&["sync", "--since", "FIRST"]).await;
    assert_eq!(again["created"], 0, "{again}");
    assert_eq!(
        again["unchanged"].as_u64().unwrap() as usize,
        scored.len(),
        "{again}"
    );
}

#[tokio::test]
async fn a_typo_in_since_says_what_is_accepted() {
    let cli = Cli::start().await;
    cli.connect_all().await;
    let out = cli.run(&["sync", "--since", "frist"]).await;
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("\"frist\" is not a date"), "{err}");
    assert!(err.contains("`first`"), "{err}");
}
