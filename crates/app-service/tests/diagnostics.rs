//! Settings → "Copy diagnostics" on the real path: after setup and a sync, one archive lands in
//! the downloads folder (here: home, as on a system with no XDG downloads folder), that folder
//! is shown, and the archive holds the window's setup check with the engine's facts, the recent
//! runs and the logs — and no secret.

mod support;

use demo_mode::{DEMO_CLIENT_SECRET, DEMO_NOTION_TOKEN};
use serde_json::json;
use support::call;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_diagnostics_saves_one_secret_free_archive_and_shows_its_folder() {
    let support::RealPath {
        world,
        recorder,
        service,
        ..
    } = support::RealPath::start().await;
    support::connect_whoop(&service, &recorder, 1).await;
    support::connect_notion(&service, &world.database_id).await;
    call(&service, "sync_now", json!({})).await.unwrap();
    let home = std::path::PathBuf::from(std::env::var("HOME").unwrap());
    let logs = home.join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    std::fs::write(
        logs.join("whoop-notion-tray.log"),
        "2026-12-01T07:40:02.123456Z  INFO sync finished outcome=ok\n",
    )
    .unwrap();

    let saved = call(&service, "diagnostics", json!({})).await.unwrap();
    let folder = saved["folder"].as_str().unwrap();
    assert_eq!(std::path::Path::new(folder), home, "{saved}");
    let archive = home.join(saved["fileName"].as_str().unwrap());
    assert!(archive.is_file(), "{saved}");
    assert!(
        recorder
            .opened
            .lock()
            .unwrap()
            .contains(&folder.to_string()),
        "the folder is shown"
    );

    let unpacked = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(unpacked.path())
        .status()
        .unwrap();
    assert!(status.success());
    let root = std::fs::read_dir(unpacked.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let read = |name: &str| std::fs::read_to_string(root.join(name)).unwrap();
    assert!(read("version.txt").starts_with("whoop-notion-tray "));
    let checks = read("setup-check.txt");
    // The desktop's sentence, the engine's facts beside it, and the login item (app only).
    assert!(checks.contains("Pass WHOOP sign-in:"), "{checks}");
    assert!(checks.contains("Warn Launch at login:"), "{checks}");
    let runs: serde_json::Value = serde_json::from_str(&read("recent-runs.json")).unwrap();
    assert_eq!(runs[0]["ok"], true, "{runs}");
    assert!(read("logs/whoop-notion-tray.log").contains("sync finished"));

    let mut everything = String::new();
    for entry in std::fs::read_dir(&root).unwrap().flatten() {
        if entry.path().is_file() {
            everything.push_str(&std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    for secret in [DEMO_CLIENT_SECRET, DEMO_NOTION_TOKEN] {
        assert!(!everything.contains(secret), "{secret} in the archive");
    }
}
