//! The Windows build of the CLI under Wine, against the simulators running here natively:
//! what differs on Windows (the Credential Manager, `%APPDATA%`, file locks between
//! processes) on a user's path through it. `scripts/test-windows` builds the .exe, prepares
//! a private Wine prefix and runs these with `--ignored`; the .exe's path comes in
//! `WHOOP_NOTION_WINDOWS_EXE`. One test: the steps share the prefix's one default profile.

use crate::support;

use std::path::PathBuf;
use std::process::Command;

use support::*;

/// The profile folder's name in `%APPDATA%` (profile_dir::FOLDER).
const FOLDER: &str = "whoop-notion-sync";
/// The keychain service the CLI files its secrets under (process_env::KEYCHAIN_SERVICE).
const SERVICE: &str = "whoop-notion-sync";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "runs the Windows .exe under Wine: scripts/test-windows"]
async fn windows_cli_connects_syncs_and_keeps_its_secrets_in_the_credential_manager() {
    let exe = std::env::var_os("WHOOP_NOTION_WINDOWS_EXE")
        .map(PathBuf::from)
        .expect("WHOOP_NOTION_WINDOWS_EXE: the Windows whoop-notion.exe (scripts/test-windows)");
    let mut cli = Cli::start().await;
    cli.windows_exe = Some(exe);
    let appdata = windows_output(&["cmd", "/c", "echo %APPDATA%"]);
    assert!(appdata.contains(":\\"), "%APPDATA% is {appdata:?}");
    let profile_windows = format!("{appdata}\\{FOLDER}");
    let profile = PathBuf::from(windows_output(&["winepath", "-u", &profile_windows]));

    // A fresh profile: an earlier run's, in this prefix of scripts/test-windows' own, goes.
    // (Its credentials stay, under that profile's id: each profile has its own.)
    if profile.exists() {
        std::fs::remove_dir_all(&profile).unwrap();
    }

    let said = cli.connect_whoop().await;
    assert!(said.contains("Connected to WHOOP as John Smith"), "{said}");
    cli.connect_notion().await;
    cli.run_ok(&["notion", "use", &cli.db.database_id]).await;
    let (first, last) = (cli.days_ago(8), cli.days_ago(2));
    let report = cli.sync_range(first, last).await;
    let scored = cli.scored(first, last);
    assert!(!scored.is_empty());
    assert_eq!(
        report["created"].as_u64(),
        Some(scored.len() as u64),
        "{report}"
    );
    for night in &scored {
        assert_eq!(cli.pages_on(night.day).len(), 1, "{}", night.day);
    }

    // Another process finds both connections, from the profile in %APPDATA% and the secrets
    // in the Credential Manager.
    let status = cli.json(&["status"]).await;
    assert_eq!(status["whoop"]["state"], "connected", "{status}");
    assert_eq!(status["notion"]["state"], "connected", "{status}");
    assert_eq!(status["secrets"], "OS keychain", "{status}");
    assert_eq!(
        status["config_dir"].as_str().map(str::to_lowercase),
        Some(profile_windows.to_lowercase()),
        "{status}"
    );
    assert!(
        profile.join("config.json").is_file(),
        "{}",
        profile.display()
    );
    assert!(
        !profile.join("secrets.json").exists(),
        "secrets in a file, not the Credential Manager"
    );
    let files = read_tree(&profile);
    assert!(
        !files.contains(NOTION_TOKEN),
        "the Notion token is in a file"
    );
    assert!(
        !files.contains("refresh_token"),
        "WHOOP's tokens are in a file"
    );

    // Wine keeps credentials in its registry, a key per credential, the secret encrypted;
    // the CLI names each `PROFILE_ID/NAME`, for the service.
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(profile.join("config.json")).unwrap())
            .unwrap();
    let profile_id = config["profile_id"].as_str().unwrap();
    let stored = credentials();
    for name in ["whoop.tokens", "whoop.client_secret", "notion.token"] {
        assert!(
            stored.contains(&format!("{profile_id}/{name}.{SERVICE}")),
            "no {name} credential for profile {profile_id}: {stored}"
        );
    }
    assert!(!stored.contains(NOTION_TOKEN), "{stored}");

    // Processes racing to refresh an expired token: all succeed, one refresh reaches WHOOP
    // (the others wait on the token lock and read the new token).
    cli.race_an_expired_token(3).await;

    // The tray host, on the profile the CLI connected; it has quit when this returns.
    let tray_exe = std::env::var_os("WHOOP_NOTION_WINDOWS_TRAY_EXE")
        .map(PathBuf::from)
        .expect("WHOOP_NOTION_WINDOWS_TRAY_EXE: the Windows whoop-notion-tray.exe");
    crate::windows_tray::host_shows_its_icon_and_serves_a_window(&cli, &tray_exe, &profile).await;

    // A reset takes the profile folder and the credentials, while it holds the profile's
    // locks (which Windows won't delete from a folder while they are open).
    cli.run_ok(&["reset", "--yes"]).await;
    assert!(!profile.exists(), "reset left {}", profile.display());
    let left = credentials();
    assert!(!left.contains(profile_id), "reset left credentials: {left}");
}

/// What a Wine program prints, trimmed (Windows' line ends too).
fn windows_output(args: &[&str]) -> String {
    let (program, rest) = args.split_first().unwrap();
    let mut cmd = if *program == "winepath" {
        Command::new("winepath")
    } else {
        let mut cmd = Command::new("wine");
        cmd.arg(program);
        cmd
    };
    let out = cmd.args(rest).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out).trim().to_string()
}

/// Wine's Credential Manager as its registry shows it (every credential of this prefix).
fn credentials() -> String {
    let out = Command::new("wine")
        .args([
            "reg",
            "query",
            r"HKCU\Software\Wine\Credential Manager",
            "/s",
        ])
        .output()
        .unwrap();
    // No credentials at all: the key isn't there and reg says so with an error.
    stdout(&out)
}
