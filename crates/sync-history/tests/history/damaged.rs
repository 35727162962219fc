//! A history file edited or damaged by hand: random bytes, a
//! truncated or overwritten history, another program's database, a hand-edited schema. Opening
//! and reading it never panics; a file that can't be a history is moved aside whole, beside
//! itself, with an error that says where; and the next open always gives a working history,
//! so a damaged file is never a failure on every sync.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use rusqlite::Connection;
use sync_history::{DayAction, DayRecord, History, HistoryError, Trigger};

use crate::common::{at, day};

/// A real history with a few runs and days, checkpointed into its main file.
fn reference() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite3");
        {
            let h = History::open(&path).unwrap();
            for d in 1..=6 {
                let run = h
                    .start_run(Trigger::Schedule, at(7, d), (day(d), day(d)), false)
                    .unwrap();
                let mut record = DayRecord::new(day(d), DayAction::Created);
                record.values = Some(serde_json::json!({"recovery": 40 + d, "hrv": 61.5}));
                h.record_day(run, &record).unwrap();
            }
        }
        let conn = Connection::open(&path).unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        drop(conn);
        std::fs::read(&path).unwrap()
    })
}

fn other_program() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.sqlite");
        Connection::open(&path)
            .unwrap()
            .execute_batch(
                "CREATE TABLE runs (id INTEGER, note TEXT); INSERT INTO runs VALUES (1, 'x');",
            )
            .unwrap();
        std::fs::read(&path).unwrap()
    })
}

/// A file's content, and whether SQLite may have written to it before refusing it (only a
/// file that still looks like our history can get that far).
fn damaged_file() -> impl Strategy<Value = (Vec<u8>, bool)> {
    let len = reference().len();
    prop_oneof![
        prop::collection::vec(any::<u8>(), 1..2048).prop_map(|b| (b, false)),
        "[ -~\n]{1,256}".prop_map(|t| (t.into_bytes(), false)),
        Just((other_program().to_vec(), false)),
        (1..len).prop_map(|n| (reference()[..n].to_vec(), true)),
        prop::collection::vec((0..len, any::<u8>()), 1..12).prop_map(|flips| {
            let mut bytes = reference().to_vec();
            for (at, value) in flips {
                bytes[at] = value;
            }
            (bytes, true)
        }),
        // Damage within the first pages, where the header and the schema live.
        prop::collection::vec((0..4096usize.min(len), any::<u8>()), 1..6).prop_map(|flips| {
            let mut bytes = reference().to_vec();
            for (at, value) in flips {
                bytes[at] = value;
            }
            (bytes, true)
        }),
    ]
}

/// Everything the app reads, one after the other; the first error.
fn read_all(h: &History) -> Result<(), HistoryError> {
    for run in h.recent_runs(50)? {
        h.run_days(run.id)?;
    }
    h.recent_days(50)?;
    h.day_values(day(1), day(28))?;
    h.last_day_record(day(3))?;
    Ok(())
}

fn moved(err: &HistoryError, path: &Path) -> Option<PathBuf> {
    match err {
        HistoryError::MovedAside { moved_to, .. } if !moved_to.is_empty() => {
            let moved = PathBuf::from(moved_to);
            assert_eq!(moved.parent(), path.parent());
            assert!(err.to_string().contains(moved_to));
            Some(moved)
        }
        _ => None,
    }
}

/// The seed of this run's random files: `PROPTEST_RNG_SEED` when set (to replay a failure),
/// else a new one each run, printed with any failure so the same files can be drawn again.
fn seed() -> u64 {
    let asked = Config::default().rng_seed;
    match asked {
        RngSeed::Fixed(seed) => seed,
        RngSeed::Random => {
            use std::hash::{BuildHasher, Hasher};
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(std::process::id().into());
            h.finish()
        }
    }
}

/// What the app does with a history file: open and read it, moving it aside when it is
/// damaged; then the next open must give a history that takes a run and reads back.
fn the_app_survives(bytes: &[u8], may_be_written: bool) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    std::fs::write(&path, bytes).unwrap();

    // What the app does: open, read; a damaged read moves the file aside.
    let outcome = match History::open(&path) {
        Ok(h) => match read_all(&h) {
            Ok(()) => Ok(()),
            Err(e) => {
                drop(h);
                Err(History::set_aside_damaged(&path, e))
            }
        },
        Err(e) => Err(e),
    };
    match &outcome {
        Ok(()) => {}
        // A newer version's history is refused, not moved: nothing was damaged.
        Err(HistoryError::TooNew { .. }) => {
            prop_assert!(may_be_written);
            return Ok(());
        }
        Err(e) => {
            let aside = moved(e, &path);
            prop_assert!(aside.is_some(), "not moved aside: {e:?}");
            let aside = aside.unwrap();
            if !may_be_written {
                prop_assert!(
                    std::fs::read(&aside).unwrap() == bytes,
                    "the moved file changed"
                );
            }
        }
    }
    // Whatever happened, the next open gives a working history.
    let h =
        History::open(&path).map_err(|e| TestCaseError::fail(format!("after {outcome:?}: {e}")))?;
    let run = h
        .start_run(Trigger::Manual, at(9, 0), (day(9), day(9)), false)
        .map_err(|e| TestCaseError::fail(format!("after {outcome:?}: {e}")))?;
    h.record_day(run, &DayRecord::new(day(9), DayAction::Created))
        .map_err(|e| TestCaseError::fail(format!("after {outcome:?}: {e}")))?;
    read_all(&h).map_err(|e| TestCaseError::fail(format!("after {outcome:?}: {e}")))?;
    Ok(())
}

#[test]
fn a_damaged_history_is_moved_aside_once_and_never_fails_every_sync() {
    let seed = seed();
    let mut runner = TestRunner::new(Config {
        cases: 96,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(seed),
        ..Config::default()
    });
    let outcome = runner.run(&damaged_file(), |(bytes, may_be_written)| {
        the_app_survives(&bytes, may_be_written)
    });
    if let Err(failure) = outcome {
        panic!(
            "{failure}\nreplay these files: PROPTEST_RNG_SEED={seed} cargo test -p sync-history --test history damaged"
        );
    }
}

/// SQLite's own `sqlite_sequence` with a changed byte in its definition passes SQLite's
/// integrity check, yet every insert into an AUTOINCREMENT table then fails as "malformed":
/// the file is moved aside at open, not found broken at the first write of every sync.
#[test]
fn a_changed_sqlite_sequence_definition_is_moved_aside() {
    let definition = b"CREATE TABLE sqlite_sequence(name,seq)";
    for (offset, value) in [(13, b'S'), (18, b'E'), (32, b'0')] {
        let mut bytes = reference().to_vec();
        let at = bytes
            .windows(definition.len())
            .position(|w| w == definition)
            .expect("the reference history has sqlite_sequence");
        bytes[at + offset] = value;
        if let Err(e) = the_app_survives(&bytes, true) {
            panic!(
                "{} changed: {e}",
                String::from_utf8_lossy(&bytes[at..at + definition.len()])
            );
        }
    }
}
