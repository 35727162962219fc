//! A sync tells its story in the log: one span per run (trigger, range, dry run), one line when
//! it ends (requests per service, the day counts, the outcome), a debug line per request
//! (method, path, status, duration), and never a secret: not the WHOOP client secret, its
//! access or refresh tokens, nor the Notion token.

// Its own test binary: it installs tracing subscribers, and tracing's per-callsite cache makes
// a subscriber miss events while other tests run in the same process.
#[path = "engine/support/mod.rs"]
mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use chrono::Duration;
use secret_store::SecretStore;
use support::*;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every secret the store holds for this world, the WHOOP tokens taken apart.
fn stored_secrets(world: &World) -> Vec<String> {
    let profile = world.engine.load_config().unwrap().profile_id;
    let mut secrets = vec![CLIENT_SECRET.to_string(), NOTION_TOKEN.to_string()];
    let tokens = world
        .secrets
        .get(&format!("{profile}/whoop.tokens"))
        .unwrap()
        .expect("WHOOP tokens are stored");
    let tokens: serde_json::Value = serde_json::from_str(&tokens).unwrap();
    for name in ["access_token", "refresh_token"] {
        secrets.push(tokens[name].as_str().expect(name).to_string());
    }
    secrets
}

fn lines_with<'a>(text: &'a str, parts: &[&str]) -> Vec<&'a str> {
    text.lines()
        .filter(|line| parts.iter().all(|part| line.contains(part)))
        .collect()
}

#[tokio::test]
async fn a_sync_tells_its_story_without_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // A current-thread runtime: the engine's futures all run on this thread.
    let _guard = tracing::subscriber::set_default(subscriber);

    let world = World::new(Options {
        days: 8,
        ..Options::default()
    })
    .await;
    world.connect().await;
    let mut secrets = stored_secrets(&world);
    // The sync refreshes the tokens first: the refresh request and its answer are logged too.
    world.whoop.expire_access_tokens();
    world
        .clock
        .advance(std::time::Duration::from_secs(2 * 3600));
    let (first, last) = (today() - Duration::days(5), today());
    let report = world.sync(first, last).await.unwrap();
    assert!(report.created > 0, "{report:#?}");
    assert!(report.whoop_refreshes > 0, "{report:#?}");
    secrets.extend(stored_secrets(&world));

    let text = captured.text();
    let span = format!("sync{{trigger=manual range={first}..{last} dry_run=false}}");
    let ends = lines_with(&text, &[&span, "sync finished"]);
    assert_eq!(ends.len(), 1, "one end line for the run:\n{text}");
    let end = ends[0];
    assert!(end.contains(" INFO "), "{end}");
    for field in [
        format!("requests_whoop={}", report.requests.whoop),
        format!("requests_notion={}", report.requests.notion),
        format!("created={}", report.created),
        format!("updated={}", report.updated),
        format!("unchanged={}", report.unchanged),
        format!("waiting={}", report.waiting),
        format!("skipped={}", report.skipped),
        "outcome=ok".to_string(),
    ] {
        assert!(end.contains(&field), "{field} missing from: {end}");
    }

    // Request lines at debug, inside the run's span, one per request counted.
    let notion = lines_with(&text, &[&span, " DEBUG ", "request", "service=notion"]);
    assert_eq!(notion.len() as u64, report.requests.notion, "{text}");
    let whoop = lines_with(&text, &[&span, " DEBUG ", "request", "service=whoop"]);
    assert!(whoop.len() as u64 >= report.requests.whoop, "{text}");
    assert!(
        whoop.iter().any(|l| l.contains("path=/oauth/oauth2/token")),
        "the token refresh is logged (its path only):\n{text}"
    );
    for line in notion.iter().chain(&whoop) {
        assert!(line.contains("method=") && line.contains("status=") && line.contains("ms="));
        assert!(!line.contains('?'), "no query strings: {line}");
    }

    for secret in &secrets {
        assert!(
            !text.contains(secret.as_str()),
            "a secret is in the log:\n{text}"
        );
    }
    for word in [
        "Authorization",
        "Bearer",
        "client_secret",
        "refresh_token",
        "access_token",
    ] {
        assert!(!text.contains(word), "{word} is in the log:\n{text}");
    }
}

#[tokio::test]
async fn a_sync_that_cannot_start_says_why() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let world = World::new(Options {
        days: 2,
        ..Options::default()
    })
    .await;
    let error = world.sync(today(), today()).await.unwrap_err();
    let text = captured.text();
    let line = format!(
        "sync not started outcome=not_started error_code={}",
        error.code
    );
    assert!(
        text.lines()
            .any(|l| l.contains(" DEBUG sync{trigger=manual") && l.contains(&line)),
        "{text}"
    );
    assert!(!text.contains("sync finished"), "{text}");
}
