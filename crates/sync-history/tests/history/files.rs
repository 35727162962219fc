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

#[test]
fn garbage_file_is_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite");
    std::fs::write(&path, "this is a text file, not SQLite. ".repeat(200)).unwrap();

    let err = History::open(&path).unwrap_err();
    assert!(matches!(err, HistoryError::NotADatabase { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("move it aside"), "{message}");
}

#[test]
fn another_programs_database_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
        .unwrap();

    let err = History::open(&path).unwrap_err();
    assert!(matches!(err, HistoryError::NotADatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("another program"), "{err}");
    let tables: i64 = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1, "no history tables were added to it");
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
