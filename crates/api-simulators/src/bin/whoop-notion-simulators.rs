//! Both simulators as one process, for tests that run the real programs (the app's end-to-end
//! tests): WHOOP with generated nights ending today (by this machine's clock and zone), Notion
//! with an empty "Daily Tracking" database. Prints one JSON line with what a user would have
//! (the URLs to point the app at, the WHOOP app's credentials, the Notion token, the database),
//! then serves until SIGTERM or Ctrl-C.
//!
//!   whoop-notion-simulators [--days N] [--redirect-uri URI]…
//!
//! What a user does in Notion's own pages, a test asks for on stdin, a line each, answered
//! "ok" (or "error: …") on stdout: `unshare-database` (the database is no longer shared with
//! the connection) and `share-database`. And what the network does: `wifi-sign-in-page` (both
//! services are behind a Wi-Fi that answers every request with its sign-in page) and
//! `wifi-signed-in` (the user accepted its terms). `add-page TITLE` shares a new page with the
//! connection (a place to create a database in). And what WHOOP does to a workout later:
//! `whoop-score-workout ID` (a pending workout gets its score), `whoop-rescore-workout ID
//! STRAIN` and `whoop-delete-workout ID` (the user deleted it in the WHOOP app).
//!
//! `--redirect-uri` registers a redirect URI for the WHOOP app, as in WHOOP's dashboard: the
//! sign-in then accepts only those (none: any).

use api_simulators::network::Network;
use api_simulators::notion::{NotionSim, NotionSimConfig};
use api_simulators::whoop::{Dataset, GenerateOptions, WhoopSim, WhoopSimConfig};
use chrono::{Local, Offset};

const CLIENT_ID: &str = "e2e-client-0b6c2f";
const CLIENT_SECRET: &str = "e2e-secret-7d41a9c3";
const NOTION_TOKEN: &str = "ntn_e2e_3f9a7c21d8b54e6f";

struct Args {
    days: u32,
    redirect_uris: Vec<String>,
}

fn parse() -> Result<Args, String> {
    let mut args = Args {
        days: 14,
        redirect_uris: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--days" => {
                args.days = value()?
                    .parse()
                    .ok()
                    .filter(|d| (1..=400).contains(d))
                    .ok_or("--days takes 1 to 400")?
            }
            "--redirect-uri" => args.redirect_uris.push(value()?),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> std::process::ExitCode {
    let args = match parse() {
        Ok(args) => args,
        Err(e) => {
            eprintln!(
                "error: {e}\nusage: whoop-notion-simulators [--days N] [--redirect-uri URI]…"
            );
            return std::process::ExitCode::from(2);
        }
    };
    // The world as it stands now, by this machine's clock and zone.
    let now = Local::now();
    let options = GenerateOptions::as_of(
        20261201,
        now.to_utc(),
        now.offset().fix().local_minus_utc() / 60,
        args.days,
    );
    let mut whoop_config =
        WhoopSimConfig::new(CLIENT_ID, CLIENT_SECRET, Dataset::generate(&options));
    whoop_config.redirect_uris = args.redirect_uris;
    // One Wi-Fi in front of both.
    let network = Network::default();
    whoop_config.network = network.clone();
    let whoop = WhoopSim::start(whoop_config)
        .await
        .expect("WHOOP simulator starts");
    let mut notion_config = NotionSimConfig::new(NOTION_TOKEN);
    notion_config.network = network.clone();
    let notion = NotionSim::start(notion_config)
        .await
        .expect("Notion simulator starts");
    let db = notion.daily_tracking_database();
    let info = serde_json::json!({
        "whoop_oauth_url": whoop.oauth_url(),
        "whoop_api_url": whoop.api_url(),
        "notion_api_url": notion.base_url(),
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "notion_token": NOTION_TOKEN,
        "database_id": db.database_id,
        "data_source_id": db.data_source_ids.first(),
    });
    println!("{info}");

    let _ = std::io::Write::flush(&mut std::io::stdout());
    let database_id = db.database_id.clone();
    let control = notion.clone();
    let whoop_control = whoop.clone();
    // A plain thread: stdin blocks, and the handle's methods are synchronous.
    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { break };
            let answer = match line.trim() {
                "unshare-database" => {
                    control.set_shared(&database_id, false);
                    "ok".to_string()
                }
                "share-database" => {
                    control.set_shared(&database_id, true);
                    "ok".to_string()
                }
                "wifi-sign-in-page" => {
                    network.set_sign_in_page(true);
                    "ok".to_string()
                }
                "wifi-signed-in" => {
                    network.set_sign_in_page(false);
                    "ok".to_string()
                }
                other if other.starts_with("add-page ") => {
                    control.add_page(other["add-page ".len()..].trim(), true);
                    "ok".to_string()
                }
                other => match workout_command(&whoop_control, other) {
                    Some(answer) => answer,
                    None => format!("error: unknown command {other:?}"),
                },
            };
            println!("{answer}");
        }
    });
    stopped().await;
    whoop.stop();
    notion.stop();
    std::process::ExitCode::SUCCESS
}

/// The `whoop-…-workout` commands; `None` for any other line.
fn workout_command(whoop: &api_simulators::whoop::WhoopSimHandle, line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let done = |changed: bool| {
        if changed {
            "ok".to_string()
        } else {
            format!(
                "error: no workout {:?} to change",
                words.get(1).unwrap_or(&"")
            )
        }
    };
    Some(match words.as_slice() {
        ["whoop-score-workout", id] => done(whoop.score_workout(id)),
        ["whoop-delete-workout", id] => done(whoop.delete_workout(id)),
        ["whoop-rescore-workout", id, strain] => match strain.parse::<f64>() {
            Ok(s) if (0.0..=21.0).contains(&s) => done(whoop.rescore_workout(id, s)),
            _ => format!("error: strain must be a number from 0 to 21, got {strain:?}"),
        },
        [command, ..] if command.starts_with("whoop-") && command.ends_with("-workout") => {
            format!(
                "error: usage: {command} ID{}",
                if *command == "whoop-rescore-workout" {
                    " STRAIN"
                } else {
                    ""
                }
            )
        }
        _ => return None,
    })
}

#[cfg(unix)]
async fn stopped() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("SIGTERM handler");
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}

#[cfg(not(unix))]
async fn stopped() {
    let _ = tokio::signal::ctrl_c().await;
}
