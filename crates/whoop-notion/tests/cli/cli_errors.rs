//! Bad input gets a clear one-line reason and a non-zero exit; nothing is half-written.

use crate::support;

use support::*;

fn one_line_error(out: &std::process::Output, code: &str) -> String {
    assert!(!out.status.success());
    let err = stderr(out);
    let last = err.lines().last().unwrap_or_default().to_string();
    assert!(last.starts_with("error: "), "{err}");
    assert!(
        last.ends_with(&format!("({code})")),
        "expected {code}: {err}"
    );
    last
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_say_what_to_do() {
    let cli = Cli::start().await;
    let out = cli.run(&["sync"]).await;
    let line = one_line_error(&out, "whoop_not_connected");
    assert!(line.contains("whoop-notion whoop connect"), "{line}");

    let out = cli.run(&["whoop", "connect", "--no-browser"]).await;
    one_line_error(&out, "invalid_input");

    let out = cli.run(&["notion", "connect", "--token-stdin"]).await;
    one_line_error(&out, "invalid_input");

    let mut bad = cli.command(&["notion", "connect", "--token-stdin"]);
    bad.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = bad.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"wrong-token")
        .unwrap();
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    let line = one_line_error(&out, "notion_unauthorized");
    assert!(line.contains("notion.so/profile/integrations"), "{line}");

    cli.connect_all().await;
    let out = cli.run(&["sync", "--day", "2026-02-30"]).await;
    one_line_error(&out, "invalid_input");
    let out = cli
        .run(&[
            "sync",
            "--since",
            &cli.days_ago(1).to_string(),
            "--until",
            &cli.days_ago(3).to_string(),
        ])
        .await;
    one_line_error(&out, "invalid_input");
    let out = cli.run(&["mapping", "set", "bedtime=Workout"]).await;
    one_line_error(&out, "invalid_input");
    let out = cli
        .run(&["notion", "use", "https://example.com/nothing"])
        .await;
    one_line_error(&out, "invalid_input");

    let json = cli.run(&["--json", "sync", "--day", "yesterday-ish"]).await;
    let body: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(body["error"]["code"], "invalid_input");

    // Usage errors come from the argument parser with its own message.
    let out = cli
        .run(&["sync", "--day", "2026-01-01", "--since", "2026-01-01"])
        .await;
    assert!(!out.status.success());

    // The keychain choice is validated.
    let mut cmd = cli.command(&["status"]);
    cmd.env("WHOOP_NOTION_SECRETS", "postit");
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    one_line_error(&out, "invalid_input");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_grant_asks_to_reconnect() {
    let cli = Cli::start().await;
    cli.connect_all().await;
    cli.whoop.revoke_grant();
    cli.whoop.expire_access_tokens();
    let out = cli
        .run(&["sync", "--day", &cli.days_ago(2).to_string()])
        .await;
    let line = one_line_error(&out, "whoop_reconnect");
    assert!(line.contains("reconnect"), "{line}");
    let out = cli
        .run(&["sync", "--day", &cli.days_ago(2).to_string()])
        .await;
    one_line_error(&out, "whoop_reconnect");
    assert!(cli.whoop.stats().invalid_grant_responses <= 1);
    let status = cli.json(&["status"]).await;
    assert_eq!(status["whoop"]["state"], "needs_reconnect");
}

/// Behind a hotel Wi-Fi that answers every request with its "accept the terms" page, `sync`
/// says it is the network and what to do, in one line with its own code, and the next sync
/// (the network open again) works without a new sign-in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wifi_sign_in_page_is_named_as_such() {
    use std::sync::{Arc, Mutex};
    use test_support::scripted_http::{serve, Answer};
    let cli = Cli::start().await;
    cli.connect_all().await;
    let portal = serve(Arc::new(Mutex::new(
        Answer::new(
            200,
            "<!DOCTYPE html><html><body>Accept the terms</body></html>",
        )
        .with_header("Content-Type", "text/html"),
    )))
    .await;
    let mut cmd = cli.command(&["sync"]);
    cmd.env("WHOOP_API_URL", &portal)
        .env("WHOOP_OAUTH_URL", &portal)
        .env("NOTION_API_URL", &portal);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let line = one_line_error(&out, "network_web_page");
    assert!(line.contains("web page instead of WHOOP"), "{line}");
    assert!(line.contains("Wi-Fi"), "{line}");
    assert!(!line.contains("can't read"), "{line}");

    let exchanges = cli.whoop.stats().code_exchanges;
    cli.run_ok(&["sync"]).await;
    assert_eq!(
        cli.whoop.stats().code_exchanges,
        exchanges,
        "no new sign-in"
    );
}
