//! The history is health data: its file and SQLite's `-wal` and `-shm` side files are the
//! owner's only (0600), and so is a folder the history creates (0700).
#![cfg(unix)]

use crate::common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::{at, day};
use rusqlite::Connection;
use sync_history::{DayAction, DayRecord, History, Trigger};

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

fn side(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

fn write_one(h: &History) {
    let run = h
        .start_run(Trigger::Manual, at(7, 0), (day(1), day(1)), false)
        .unwrap();
    h.record_day(run, &DayRecord::new(day(1), DayAction::Created))
        .unwrap();
}

#[test]
fn a_new_history_and_its_side_files_are_private() {
    let dir = tempfile::tempdir().unwrap();
    set_mode(dir.path(), 0o755);
    let path = dir.path().join("data").join("history.sqlite3");
    let h = History::open(&path).unwrap();
    write_one(&h);
    assert_eq!(mode(path.parent().unwrap()), 0o700, "the folder it made");
    assert_eq!(
        mode(dir.path()),
        0o755,
        "a folder that was there is left alone"
    );
    assert_eq!(mode(&path), 0o600);
    // SQLite gives the side files the main file's mode (the test's umask would give 0644).
    for suffix in ["-wal", "-shm"] {
        assert_eq!(mode(&side(&path, suffix)), 0o600, "{suffix}");
    }
    // A second connection (another process) doesn't widen anything.
    let other = History::open(&path).unwrap();
    write_one(&other);
    for p in [path.clone(), side(&path, "-wal"), side(&path, "-shm")] {
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
}

#[test]
fn an_old_open_history_is_narrowed_side_files_included() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    drop(History::open(&path).unwrap());
    // An older version's file, left 0644, with side files still there (another process
    // had it open): a plain connection keeps them.
    let older = Connection::open(&path).unwrap();
    older.pragma_update(None, "journal_mode", "wal").unwrap();
    older
        .execute_batch("CREATE TABLE IF NOT EXISTS scratch (x); INSERT INTO scratch VALUES (1);")
        .unwrap();
    for p in [path.clone(), side(&path, "-wal"), side(&path, "-shm")] {
        assert!(p.exists(), "{}", p.display());
        set_mode(&p, 0o644);
    }

    let h = History::open(&path).unwrap();
    write_one(&h);
    for p in [path.clone(), side(&path, "-wal"), side(&path, "-shm")] {
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
    drop(older);
}
