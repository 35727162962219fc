//! The tray app and a cron job write to the same file at once.

use crate::common;

use std::sync::{Arc, Barrier};
use std::thread;

use common::{at, day};
use sync_history::{DayAction, DayRecord, History, RunOutcome, Trigger};

const RUNS_PER_WRITER: u32 = 40;
const DAYS_PER_RUN: u32 = 5;

fn write_runs(history: &History, trigger: Trigger) {
    for i in 0..RUNS_PER_WRITER {
        let run = history
            .start_run(
                trigger,
                at(i / 60, i % 60),
                (day(1), day(DAYS_PER_RUN)),
                false,
            )
            .expect("start_run");
        for d in 1..=DAYS_PER_RUN {
            history
                .record_day(run, &DayRecord::new(day(d), DayAction::Unchanged))
                .expect("record_day");
        }
        // Reads interleaved with the other writer's writes must not fail either.
        history.recent_runs(3).expect("recent_runs");
        history
            .finish_run(
                run,
                at(i / 60, i % 60),
                RunOutcome {
                    ok: true,
                    ..Default::default()
                },
            )
            .expect("finish_run");
    }
}

#[test]
fn two_connections_write_at_once_without_lock_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite");
    // Both open a brand-new file at the same moment, so schema creation races too.
    let barrier = Arc::new(Barrier::new(2));

    let other = {
        let (path, barrier) = (path.clone(), barrier.clone());
        thread::spawn(move || {
            barrier.wait();
            let history = History::open(&path).expect("open in thread");
            write_runs(&history, Trigger::Daemon);
        })
    };
    barrier.wait();
    let history = History::open(&path).expect("open in main");
    write_runs(&history, Trigger::Manual);
    other.join().expect("writer thread succeeded");

    let runs = history.recent_runs(1000).unwrap();
    assert_eq!(runs.len(), 2 * RUNS_PER_WRITER as usize);
    for trigger in [Trigger::Daemon, Trigger::Manual] {
        let mine: Vec<_> = runs.iter().filter(|r| r.trigger == trigger).collect();
        assert_eq!(mine.len(), RUNS_PER_WRITER as usize);
        assert!(mine
            .iter()
            .all(|r| r.ok == Some(true) && r.counts.unchanged == u64::from(DAYS_PER_RUN)));
    }
}

/// Several processes (the app, its window, cron jobs) opening a history that doesn't exist
/// yet: each must see either no schema or the whole schema, never a half-created one taken
/// for "another program's database".
#[test]
fn many_first_opens_at_once_all_succeed() {
    const OPENERS: usize = 6;
    for round in 0..200 {
        let dir = tempfile::tempdir().unwrap();
        let path = Arc::new(dir.path().join("history.sqlite3"));
        let start = Arc::new(Barrier::new(OPENERS));
        let openers: Vec<_> = (0..OPENERS)
            .map(|_| {
                let (path, start) = (path.clone(), start.clone());
                thread::spawn(move || {
                    start.wait();
                    History::open(&path).map(|_| ())
                })
            })
            .collect();
        for opener in openers {
            let opened = opener.join().unwrap();
            assert!(opened.is_ok(), "round {round}: {:?}", opened.err());
        }
    }
}
