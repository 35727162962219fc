//! Drives the real `whoop-notion` binary against the simulators, as a script or a user would.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use api_simulators::notion::{CreatedDatabase, NotionSim, NotionSimConfig, NotionSimHandle};
use api_simulators::whoop::{
    Dataset, GenerateOptions, NightTruth, ScoreState, WhoopSim, WhoopSimConfig, WhoopSimHandle,
};
use chrono::{Duration, NaiveDate, Utc};
use serde_json::Value;

pub const CLIENT_ID: &str = "cli-client";
pub const CLIENT_SECRET: &str = "cli-client-secret-value";
pub const NOTION_TOKEN: &str = "cli-notion-token-value";

pub struct Cli {
    pub whoop: WhoopSimHandle,
    pub notion: NotionSimHandle,
    pub db: CreatedDatabase,
    pub dir: tempfile::TempDir,
    pub today: NaiveDate,
    /// The Windows build to run under Wine in place of this build's binary (the tests in
    /// `cli_windows`); its profile is then the default one, in the Wine prefix's `%APPDATA%`.
    pub windows_exe: Option<PathBuf>,
}

/// True when the run is inside `scripts/with-keychain.sh` (the real OS keychain is there).
pub fn real_keychain() -> bool {
    std::env::var("WHOOP_NOTION_TEST_KEYCHAIN").as_deref() == Ok("1")
}

impl Cli {
    pub async fn start() -> Cli {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(adjust: impl FnOnce(&mut GenerateOptions)) -> Cli {
        // The child runs in UTC on the wall clock: the world as it stands now, in UTC.
        let mut options = GenerateOptions::as_of(11, Utc::now(), 0, 40);
        let today = options.today;
        adjust(&mut options);
        let whoop = WhoopSim::start(WhoopSimConfig::new(
            CLIENT_ID,
            CLIENT_SECRET,
            Dataset::generate(&options),
        ))
        .await
        .unwrap();
        let notion = NotionSim::start(NotionSimConfig::new(NOTION_TOKEN))
            .await
            .unwrap();
        notion.set_rate(1000.0, 1000);
        let db = notion.daily_tracking_database();
        Cli {
            whoop,
            notion,
            db,
            dir: tempfile::tempdir().unwrap(),
            today,
            windows_exe: None,
        }
    }

    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = match &self.windows_exe {
            None => {
                let mut cmd = Command::new(env!("CARGO_BIN_EXE_whoop-notion"));
                cmd.env("WHOOP_NOTION_CONFIG_DIR", self.config_dir()).env(
                    "WHOOP_NOTION_SECRETS",
                    if real_keychain() { "keychain" } else { "file" },
                );
                cmd
            }
            Some(exe) => return self.wine_command(exe, args),
        };
        self.point_at_simulators(&mut cmd, args);
        cmd
    }

    /// A Windows program of this build (`exe`) under Wine, with the profile in the prefix's
    /// `%APPDATA%` and its secrets in Wine's Credential Manager. Wine's own environment
    /// (WINEPREFIX and the like) comes from the test's.
    pub fn wine_command(&self, exe: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new("wine");
        cmd.arg(exe)
            .env_remove("WHOOP_NOTION_CONFIG_DIR")
            .env("WHOOP_NOTION_SECRETS", "keychain");
        self.point_at_simulators(&mut cmd, args);
        cmd
    }

    fn point_at_simulators(&self, cmd: &mut Command, args: &[&str]) {
        cmd.args(args)
            .env("WHOOP_OAUTH_URL", self.whoop.oauth_url())
            .env("WHOOP_API_URL", self.whoop.api_url())
            .env("NOTION_API_URL", self.notion.base_url())
            .env("WHOOP_CLIENT_SECRET", CLIENT_SECRET)
            .env("TZ", "UTC")
            // Times and temperatures as the C locale shows them (24-hour, °C) unless a test
            // says otherwise.
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_TIME")
            .env_remove("LC_MEASUREMENT")
            .env_remove("WHOOP_CLIENT_ID")
            // Diagnostics on stderr only when a test asks for them.
            .env_remove("RUST_LOG")
            .stdin(Stdio::null());
    }

    /// Runs to completion (blocking, off the async executor).
    pub async fn run(&self, args: &[&str]) -> Output {
        let mut cmd = self.command(args);
        tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap()
    }

    pub async fn run_ok(&self, args: &[&str]) -> String {
        let out = self.run(args).await;
        assert!(
            out.status.success(),
            "{args:?} failed: {}\n{}",
            stderr(&out),
            stdout(&out)
        );
        stdout(&out)
    }

    pub async fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let text = self.run_ok(&all).await;
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {text}"))
    }

    /// `whoop connect --no-browser`: reads the URL from the first line, plays the browser.
    pub async fn connect_whoop(&self) -> String {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let redirect = format!("http://127.0.0.1:{port}/callback");
        let mut child = self
            .command(&[
                "whoop",
                "connect",
                "--no-browser",
                "--client-id",
                CLIENT_ID,
                "--redirect-uri",
                &redirect,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let url = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            (line, stdout)
        })
        .await
        .unwrap();
        let (line, mut rest) = url;
        let authorize = line.trim().to_string();
        assert!(
            authorize.starts_with(&format!("{}/auth?", self.whoop.oauth_url())),
            "{authorize}"
        );
        let page = reqwest::get(&authorize).await.unwrap();
        assert!(page.status().is_success());
        assert!(page.text().await.unwrap().contains("close this tab"));
        let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
            .await
            .unwrap();
        let mut tail = String::new();
        std::io::Read::read_to_string(&mut rest, &mut tail).unwrap();
        assert!(status.success(), "whoop connect failed: {tail}");
        tail
    }

    pub async fn connect_notion(&self) {
        let mut child = self
            .command(&["notion", "connect", "--token-stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{NOTION_TOKEN}\n").as_bytes())
            .unwrap();
        let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
            .await
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }

    pub async fn connect_all(&self) {
        self.connect_whoop().await;
        self.connect_notion().await;
        self.run_ok(&["notion", "use", &self.db.database_id]).await;
    }

    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    pub fn scored(&self, first: NaiveDate, last: NaiveDate) -> Vec<NightTruth> {
        self.whoop
            .dataset()
            .truth
            .into_iter()
            .filter(|t| t.day >= first && t.day <= last && t.state == ScoreState::Scored)
            .collect()
    }

    pub fn pages_on(&self, day: NaiveDate) -> Vec<Value> {
        let day = day.to_string();
        self.notion
            .pages(&self.db.data_source_ids[0])
            .into_iter()
            .filter(|p| p["properties"]["Date"]["date"]["start"].as_str() == Some(&day))
            .collect()
    }

    /// `--json sync --since FIRST --until LAST`: the run's report.
    pub async fn sync_range(&self, first: NaiveDate, last: NaiveDate) -> Value {
        self.json(&[
            "sync",
            "--since",
            &first.to_string(),
            "--until",
            &last.to_string(),
        ])
        .await
    }

    /// `processes` CLI processes sync at once with an expired access token: all succeed, and
    /// one refresh reaches WHOOP (the others wait on the token lock and read the new token).
    pub async fn race_an_expired_token(&self, processes: usize) {
        self.whoop.reset_stats();
        self.whoop.expire_access_tokens();
        let day = self.days_ago(2).to_string();
        let children: Vec<_> = (0..processes)
            .map(|_| self.spawn(&["--json", "sync", "--dry-run", "--day", &day]))
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
        let stats = self.whoop.stats();
        assert_eq!(stats.invalid_grant_responses, 0, "{stats:?}");
        assert_eq!(stats.token_refreshes, 1, "{stats:?}");
    }

    pub fn days_ago(&self, n: i64) -> NaiveDate {
        self.today - Duration::days(n)
    }
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn read_tree(dir: &Path) -> String {
    let mut text = String::new();
    for entry in walk(dir) {
        if let Ok(bytes) = std::fs::read(&entry) {
            text.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    text
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
