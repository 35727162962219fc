//! Opening files: creation, persistence, schema versions, and files that aren't ours.

use crate::common;

use common::{at, day};
use rusqlite::Connection;
use sync_history::{DayAction, DayRecord, History, HistoryError, Trigger, SCHEMA_VERSION};

fn pragma(path: &std::path::Path, name: &str) -> String {
    let conn = Connection::open(path).unwrap();
    conn.query_row(&format!("PRAGMA {name}"), [], |r| {
        r.get::<_, rusqlite::types::Value>(0)
    })
    .map(|v| match v {
        rusqlite::types::Value::Integer(i) => i.to_string(),
        rusqlite::types::Value::Text(t) => t,
        other => format!("{other:?}"),
    })
    .unwrap()
}

#[test]
fn creates_folder_file_and_schema_and_persists() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data").join("history.sqlite");
    let run = {
        let h = History::open(&path).unwrap();
        let run = h
            .start_run(Trigger::Manual, at(7, 0), (day(1), day(1)), false)
            .unwrap();
        h.record_day(run, &DayRecord::new(day(1), DayAction::Created))
            .unwrap();
        run
    };
    assert_eq!(pragma(&path, "user_version"), SCHEMA_VERSION.to_string());
    assert_eq!(pragma(&path, "journal_mode"), "wal");

    // Reopening is idempotent and sees the data.
    let h = History::open(&path).unwrap();
    assert_eq!(h.run_days(run).unwrap().len(), 1);
    drop(h);
    assert_eq!(pragma(&path, "user_version"), SCHEMA_VERSION.to_string());
}

#[test]
fn newer_schema_is_refused_with_update_advice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite");
    drop(History::open(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();

    let err = History::open(&path).unwrap_err();
    assert!(
        matches!(err, HistoryError::TooNew { found, supported, .. }
            if found == SCHEMA_VERSION + 1 && supported == SCHEMA_VERSION),
        "{err:?}"
    );
    assert!(err.to_string().contains("update the app"), "{err}");
}

/// The file a `MovedAside` error says it moved the history to, checked to be beside it.
fn moved_to(err: &HistoryError, path: &std::path::Path) -> std::path::PathBuf {
    let HistoryError::MovedAside { moved_to, .. } = err else {
        panic!("not moved aside: {err:?}")
    };
    let moved = std::path::PathBuf::from(moved_to);
    assert_eq!(moved.parent(), path.parent());
    assert!(
        moved
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("history.sqlite.corrupt-"),
        "{moved:?}"
    );
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains(moved_to), "{message}");
    moved
}

#[test]
fn garbage_file_is_moved_aside_whole_and_a_new_history_begins() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite");
    let garbage = "this is a text file, not SQLite. ".repeat(200);
    std::fs::write(&path, &garbage).unwrap();

    let err = History::open(&path).unwrap_err();
    let moved = moved_to(&err, &path);
    assert_eq!(std::fs::read_to_string(&moved).unwrap(), garbage);
    // The next open starts afresh: never a failure on every sync.
    let h = History::open(&path).unwrap();
    h.start_run(Trigger::Manual, at(7, 0), (day(1), day(1)), false)
        .unwrap();
    assert_eq!(h.recent_runs(5).unwrap().len(), 1);
    assert_eq!(std::fs::read_to_string(&moved).unwrap(), garbage);
}

#[test]
fn another_programs_database_is_moved_aside_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
        .unwrap();

    let err = History::open(&path).unwrap_err();
    assert!(err.to_string().contains("another program"), "{err}");
    let moved = moved_to(&err, &path);
    let tables: Vec<String> = {
        let conn = Connection::open(&moved).unwrap();
        let mut names = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .unwrap();
        let names = names.query_map([], |r| r.get(0)).unwrap();
        names.map(Result::unwrap).collect()
    };
    assert_eq!(tables, ["contacts"], "no history tables were added to it");
    History::open(&path).unwrap();
}

#[test]
fn a_history_whose_schema_was_edited_is_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite");
    drop(History::open(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .execute_batch("ALTER TABLE run_days DROP COLUMN values_json;")
        .unwrap();
    let err = History::open(&path).unwrap_err();
    assert!(err.to_string().contains("run_days was changed"), "{err}");
    moved_to(&err, &path);
    History::open(&path).unwrap();
}

#[test]
fn damaged_row_is_reported_as_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite");
    let h = History::open(&path).unwrap();
    let run = h
        .start_run(Trigger::Manual, at(7, 0), (day(1), day(1)), false)
        .unwrap();
    h.record_day(run, &DayRecord::new(day(1), DayAction::Created))
        .unwrap();
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "UPDATE run_days SET action = 'exploded'; UPDATE runs SET trigger = 'cosmic ray';",
        )
        .unwrap();

    for err in [
        h.run_days(run).unwrap_err(),
        h.recent_runs(5).unwrap_err(),
        h.last_day_record(day(1)).unwrap_err(),
    ] {
        assert!(matches!(err, HistoryError::Corrupt { .. }), "{err:?}");
    }
    let message = h.run_days(run).unwrap_err().to_string();
    assert!(message.contains("exploded"), "{message}");
}

#[test]
fn in_memory_databases_are_private() {
    let a = History::open_in_memory().unwrap();
    let b = History::open_in_memory().unwrap();
    a.start_run(Trigger::Manual, at(7, 0), (day(1), day(1)), false)
        .unwrap();
    assert_eq!(a.recent_runs(5).unwrap().len(), 1);
    assert!(b.recent_runs(5).unwrap().is_empty());
}

#[test]
fn empty_file_is_migrated_forward_from_version_zero() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite");
    std::fs::write(&path, b"").unwrap(); // e.g. `touch`ed by an installer
    assert_eq!(pragma(&path, "user_version"), "0");
    let h = History::open(&path).unwrap();
    h.start_run(Trigger::Manual, at(7, 0), (day(1), day(1)), false)
        .unwrap();
    assert_eq!(pragma(&path, "user_version"), SCHEMA_VERSION.to_string());
}
