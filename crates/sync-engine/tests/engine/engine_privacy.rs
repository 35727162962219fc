//! The profile holds health data: on a shared machine, only its owner may read it. A real
//! first use leaves a private folder (0700) of private files (0600), the history's SQLite
//! side files included; a profile an older version left open (0755 / 0644) is narrowed.
#![cfg(unix)]

use crate::support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use chrono::Duration;
use support::*;
use sync_history::{History, Trigger};

fn mode(path: &Path) -> u32 {
    fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// Every folder under `root` (itself included) is 0700 and every file 0600.
fn assert_all_private(root: &Path) -> usize {
    assert_eq!(mode(root), 0o700, "{}", root.display());
    let mut files = 0;
    for entry in fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files += assert_all_private(&path);
        } else {
            assert_eq!(mode(&path), 0o600, "{}", path.display());
            files += 1;
        }
    }
    files
}

fn side_file(db: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

async fn synced_world() -> World {
    let world = World::new(Options {
        days: 8,
        ..Options::default()
    })
    .await;
    assert!(!world.profile().exists(), "the engine creates the profile");
    world.connect().await;
    let report = world
        .sync(today() - Duration::days(5), today())
        .await
        .unwrap();
    assert!(report.created > 0, "{report:#?}");
    world
}

#[tokio::test]
async fn a_fresh_profile_is_private_after_a_sync() {
    let world = synced_world().await;
    let profile = world.profile();
    let config = profile.join("config.json");
    let history = profile.join("history.sqlite3");
    assert!(config.exists() && history.exists());
    assert!(profile.join("locks").is_dir());
    let files = assert_all_private(&profile);
    assert!(files >= 3, "config, history and locks: {files} files");

    // While the history is open and written, SQLite's -wal and -shm files exist: they
    // take the main file's mode, whatever the umask.
    let open = History::open(&history).unwrap();
    let run = open
        .start_run(
            Trigger::Manual,
            world.engine.now(),
            (today(), today()),
            true,
        )
        .unwrap();
    for suffix in ["-wal", "-shm"] {
        let side = side_file(&history, suffix);
        assert!(side.exists(), "{} while open", side.display());
        assert_eq!(mode(&side), 0o600, "{}", side.display());
    }
    assert!(run.0 > 0);
    assert_all_private(&profile);
    drop(open);
}

#[tokio::test]
async fn an_old_open_profile_is_narrowed_and_its_parent_left_alone() {
    let world = synced_world().await;
    let profile = world.profile();
    let config = profile.join("config.json");
    let history = profile.join("history.sqlite3");
    // What an older version left: the defaults of a 022 umask.
    set_mode(world.dir.path(), 0o755);
    set_mode(&profile, 0o755);
    set_mode(&config, 0o644);
    set_mode(&history, 0o644);

    // Reading the status narrows the history it opens...
    world.engine.status().await.unwrap();
    assert_eq!(mode(&history), 0o600);
    // ... and the next sync the folder and the settings.
    world
        .sync(today() - Duration::days(1), today())
        .await
        .unwrap();
    assert_all_private(&profile);
    assert_eq!(mode(world.dir.path()), 0o755, "the parent is not ours");
}
