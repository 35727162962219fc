//! The CLI's output is the same as ever unless `RUST_LOG` asks for the engine's log on stderr:
//! then a sync's span, its end line and (at debug) its requests are there, and no secret.

use crate::support;

use support::*;

#[tokio::test]
async fn rust_log_shows_a_syncs_story_on_stderr_and_nothing_else_changes() {
    let cli = Cli::start().await;
    cli.connect_all().await;
    let (first, last) = (cli.days_ago(4), cli.days_ago(2));
    let range = [
        "sync",
        "--since",
        &first.to_string(),
        "--until",
        &last.to_string(),
    ];

    let quiet = cli.run(&range).await;
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert!(
        !stderr(&quiet).contains("sync finished"),
        "{}",
        stderr(&quiet)
    );

    let mut cmd = cli.command(&range);
    cmd.env("RUST_LOG", "info,http_policy=debug");
    let logged = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert!(logged.status.success(), "{}", stderr(&logged));
    let log = stderr(&logged);
    let span = format!("sync{{trigger=cli range={first}..{last} dry_run=false}}");
    assert!(
        log.lines()
            .any(|l| l.contains(&span) && l.contains("sync finished") && l.contains("outcome=ok")),
        "{log}"
    );
    assert!(
        log.lines()
            .any(|l| l.contains(&span) && l.contains("request service=notion method=POST")),
        "{log}"
    );
    // The report on stdout reads as without the log.
    assert_eq!(
        stdout(&logged).lines().count(),
        stdout(&quiet).lines().count()
    );
    for secret in [CLIENT_SECRET, NOTION_TOKEN, "Bearer", "Authorization"] {
        assert!(!log.contains(secret), "{secret} in:\n{log}");
    }
}
