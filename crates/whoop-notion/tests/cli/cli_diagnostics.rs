//! `whoop-notion diagnostics`: after a real setup and a sync, one archive holds the version,
//! doctor's lines, the settings, the recent runs and the desktop app's logs — and no secret,
//! even one a log line should never have carried.

use crate::support;

use std::path::Path;

use support::*;

fn unpack(archive: &Path, into: &Path) -> String {
    let status = std::process::Command::new("tar")
        .arg("-xzf")
        .arg(archive)
        .arg("-C")
        .arg(into)
        .status()
        .unwrap();
    assert!(status.success(), "tar could not read {}", archive.display());
    read_tree(into)
}

#[tokio::test]
async fn the_archive_tells_the_story_without_secrets() {
    let cli = Cli::start().await;
    cli.connect_all().await;
    cli.run_ok(&["sync", "--since", &cli.days_ago(2).to_string()])
        .await;

    // The desktop app's logs, where it keeps them (XDG_DATA_HOME), one line of each program,
    // one of them carrying what no log should.
    let data = cli.dir.path().join("data");
    let logs = data.join("app.whoopnotionsync.desktop/logs");
    std::fs::create_dir_all(&logs).unwrap();
    std::fs::write(
        logs.join("whoop-notion-tray.log"),
        "2026-12-01T07:40:02.123456Z  INFO sync{trigger=\"schedule\"}: sync finished\n\
         2026-12-01T07:40:03.000000Z DEBUG oops Authorization: Bearer planted-bearer-value\n",
    )
    .unwrap();
    std::fs::write(
        logs.join("whoop-notion-sync.log"),
        "2026-12-01T07:41:00.000000Z  INFO whoop_notion_sync::host: connected\n",
    )
    .unwrap();

    let out_dir = cli.dir.path().join("out");
    let mut cmd = cli.command(&["--json", "diagnostics", "--output"]);
    cmd.arg(&out_dir).env("XDG_DATA_HOME", &data);
    let output = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let answer: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let archive = Path::new(answer["path"].as_str().unwrap()).to_path_buf();
    assert!(archive.starts_with(&out_dir), "{}", archive.display());
    assert!(
        stderr(&output).contains("bug report"),
        "{}",
        stderr(&output)
    );

    let unpacked = cli.dir.path().join("unpacked");
    std::fs::create_dir(&unpacked).unwrap();
    let tree = unpack(&archive, &unpacked);
    let folder = std::fs::read_dir(&unpacked)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let read = |name: &str| {
        std::fs::read_to_string(folder.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    assert!(
        read("version.txt").starts_with(&format!("whoop-notion {}", env!("CARGO_PKG_VERSION"))),
        "{}",
        read("version.txt")
    );
    // doctor's own lines, in the CLI's words.
    let checks = read("setup-check.txt");
    assert!(checks.contains("✓ Notion token:"), "{checks}");
    assert!(checks.contains("✓ Mapping:"), "{checks}");
    assert!(
        read("config.json").contains(&cli.db.data_source_ids[0]),
        "config"
    );
    let runs: serde_json::Value = serde_json::from_str(&read("recent-runs.json")).unwrap();
    assert_eq!(runs.as_array().unwrap().len(), 1, "{runs}");
    assert_eq!(runs[0]["ok"], true, "{runs}");
    assert!(read("logs/whoop-notion-tray.log").contains("sync finished"));
    assert!(read("logs/whoop-notion-sync.log").contains("connected"));

    for secret in [CLIENT_SECRET, NOTION_TOKEN, "planted-bearer-value"] {
        assert!(!tree.contains(secret), "{secret} in the archive:\n{tree}");
    }
    assert!(read("logs/whoop-notion-tray.log").contains("Bearer [redacted]"));
}

#[tokio::test]
async fn a_folder_that_cant_be_written_says_so() {
    let cli = Cli::start().await;
    let blocker = cli.dir.path().join("a-file");
    std::fs::write(&blocker, "").unwrap();
    let mut cmd = cli.command(&["diagnostics", "--output"]);
    cmd.arg(blocker.join("inside"));
    let output = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(err.contains("could not write the archive into"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
