//! Workouts in the history: each WHOOP workout's latest values (for export), and what each
//! run did with workouts; a file from before workouts (v1) is migrated with its days kept.

use crate::common;

use common::{at, day};
use serde_json::json;
use sync_history::{DayAction, DayRecord, History, RunOutcome, Trigger, WorkoutRecord};
use sync_vocabulary::workouts::WorkoutsReport;

fn workout(id: &str, d: u32, strain: f64, page: Option<&str>) -> WorkoutRecord {
    WorkoutRecord {
        whoop_id: id.into(),
        day: day(d),
        page_id: page.map(String::from),
        values: json!({"sport": "Running", "strain": strain}),
    }
}

#[test]
fn a_workout_written_again_replaces_its_values_and_keeps_its_page() {
    let h = History::open_in_memory().unwrap();
    h.record_workout(&workout("w1", 3, 9.1, Some("page-1")), at(7, 0))
        .unwrap();
    h.record_workout(&workout("w2", 5, 4.0, Some("page-2")), at(7, 0))
        .unwrap();
    // Re-scored; this write knew no page id (it kept the page it had).
    h.record_workout(&workout("w1", 3, 12.4, None), at(8, 0))
        .unwrap();
    let all = h.workouts(day(1), day(9)).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].whoop_id, "w1");
    assert_eq!(all[0].values["strain"], 12.4);
    assert_eq!(all[0].page_id.as_deref(), Some("page-1"));
    assert_eq!(h.workouts(day(4), day(9)).unwrap().len(), 1);
    assert!(h.workouts(day(6), day(9)).unwrap().is_empty());
}

#[test]
fn a_run_reads_back_what_it_did_with_workouts() {
    let h = History::open_in_memory().unwrap();
    let report = WorkoutsReport {
        created: 3,
        unchanged: 2,
        deleted_in_whoop: vec!["Running · 07:10 (https://www.notion.so/abc)".into()],
        ..Default::default()
    };
    let with = h
        .start_run(Trigger::Manual, at(7, 0), (day(1), day(7)), false)
        .unwrap();
    let outcome = RunOutcome {
        ok: true,
        workouts: Some(report.clone()),
        ..RunOutcome::default()
    };
    h.finish_run(with, at(7, 1), outcome).unwrap();
    let without = h
        .start_run(Trigger::Manual, at(8, 0), (day(1), day(7)), false)
        .unwrap();
    h.finish_run(without, at(8, 1), RunOutcome::default())
        .unwrap();
    assert_eq!(h.run(with).unwrap().unwrap().workouts, Some(report));
    assert_eq!(h.run(without).unwrap().unwrap().workouts, None);
}

#[test]
fn a_history_from_before_workouts_is_migrated_with_its_days_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    {
        // The v1 schema exactly as the first version wrote it.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA application_id = 1464750920;
    CREATE TABLE runs (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        trigger         TEXT NOT NULL,
        started_at      TEXT NOT NULL,
        ended_at        TEXT,
        range_start     TEXT NOT NULL,
        range_end       TEXT NOT NULL,
        dry_run         INTEGER NOT NULL,
        ok              INTEGER,
        error_code      TEXT,
        error_message   TEXT,
        requests_whoop  INTEGER NOT NULL DEFAULT 0,
        requests_notion INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX runs_by_start ON runs (started_at, id);
    CREATE TABLE run_days (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        day         TEXT NOT NULL,
        action      TEXT NOT NULL,
        reason      TEXT,
        page_id     TEXT,
        page_url    TEXT,
        error_code  TEXT,
        values_json TEXT
    );
    CREATE INDEX run_days_by_run ON run_days (run_id, id);
    CREATE INDEX run_days_by_day ON run_days (day, id);
             INSERT INTO runs (trigger, started_at, ended_at, range_start, range_end, dry_run, ok)
               VALUES ('manual', '2025-03-10T07:00:00Z', '2025-03-10T07:01:00Z',
                       '2025-03-01', '2025-03-07', 0, 1);
             INSERT INTO run_days (run_id, day, action, values_json)
               VALUES (1, '2025-03-04', 'created', '{\"hrv\": {\"display\": \"48 ms\", \"value\": 48}}');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let h = History::open(&path).unwrap();
    let kept: DayRecord = h.last_day_record(day(4)).unwrap().unwrap();
    assert_eq!(kept.action, DayAction::Created);
    assert_eq!(kept.values.unwrap()["hrv"]["value"], 48);
    let runs = h.recent_runs(5).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].workouts, None);
    h.record_workout(&workout("w1", 4, 9.1, Some("p")), at(9, 0))
        .unwrap();
    assert_eq!(h.workouts(day(4), day(4)).unwrap().len(), 1);
}
