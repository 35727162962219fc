use crate::common;

use common::{at, day};
use sync_history::{
    ActionCounts, DayAction, DayRecord, History, HistoryError, RunId, RunOutcome, RunStatus,
    Trigger,
};
use sync_vocabulary::ErrorCode;

fn outcome_ok(whoop: u64, notion: u64) -> RunOutcome {
    RunOutcome {
        ok: true,
        requests_whoop: whoop,
        requests_notion: notion,
        workouts: None,
        ..RunOutcome::default()
    }
}

#[test]
fn run_round_trip_with_counts() {
    let h = History::open_in_memory().unwrap();
    let run = h
        .start_run(Trigger::Manual, at(7, 0), (day(1), day(7)), false)
        .unwrap();
    for (d, action) in [
        (1, DayAction::Created),
        (2, DayAction::Created),
        (3, DayAction::Updated),
        (4, DayAction::Unchanged),
        (5, DayAction::Waiting),
        (6, DayAction::Skipped),
        (7, DayAction::Failed),
    ] {
        h.record_day(run, &DayRecord::new(day(d), action)).unwrap();
    }
    h.finish_run(run, at(7, 1), outcome_ok(12, 9)).unwrap();

    let runs = h.recent_runs(10).unwrap();
    assert_eq!(runs.len(), 1);
    let r = &runs[0];
    assert_eq!(r.id, run);
    assert_eq!(r.trigger, Trigger::Manual);
    assert_eq!(r.started_at, at(7, 0));
    assert_eq!(r.ended_at, Some(at(7, 1)));
    assert_eq!(r.range, (day(1), day(7)));
    assert!(!r.dry_run);
    assert_eq!(r.status, RunStatus::Ok);
    assert_eq!(r.ok, Some(true));
    assert_eq!((r.requests_whoop, r.requests_notion), (12, 9));
    assert_eq!(
        r.counts,
        ActionCounts {
            created: 2,
            updated: 1,
            unchanged: 1,
            waiting: 1,
            skipped: 1,
            failed: 1
        }
    );
    assert_eq!(r.counts.total(), 7);
    assert_eq!(h.run(run).unwrap().as_ref(), Some(r));
    assert_eq!(h.run(RunId(999)).unwrap(), None);
}

#[test]
fn failed_run_keeps_its_error() {
    let h = History::open_in_memory().unwrap();
    let run = h
        .start_run(Trigger::Schedule, at(8, 0), (day(1), day(1)), true)
        .unwrap();
    let outcome = RunOutcome {
        ok: false,
        error_code: Some(ErrorCode::NotionUnauthorized),
        error_message: Some("Reconnect Notion".into()),
        requests_whoop: 1,
        requests_notion: 1,
        workouts: None,
    };
    h.finish_run(run, at(8, 0), outcome).unwrap();
    let r = h.run(run).unwrap().unwrap();
    assert_eq!(r.status, RunStatus::Failed);
    assert_eq!(r.ok, Some(false));
    assert!(r.dry_run);
    assert_eq!(r.error_code, Some(ErrorCode::NotionUnauthorized));
    assert_eq!(r.error_message.as_deref(), Some("Reconnect Notion"));
    assert_eq!(r.counts, ActionCounts::default());
}

#[test]
fn newest_first_and_limited() {
    let h = History::open_in_memory().unwrap();
    // Inserted out of time order: the listing follows start time, not insertion.
    let late = h
        .start_run(Trigger::Wake, at(9, 0), (day(1), day(1)), false)
        .unwrap();
    let early = h
        .start_run(Trigger::Startup, at(6, 0), (day(1), day(1)), false)
        .unwrap();
    let middle = h
        .start_run(Trigger::Cli, at(7, 30), (day(1), day(1)), false)
        .unwrap();
    // Same start time: the later id is newer.
    let middle2 = h
        .start_run(Trigger::Daemon, at(7, 30), (day(1), day(1)), false)
        .unwrap();

    let ids: Vec<RunId> = h.recent_runs(10).unwrap().iter().map(|r| r.id).collect();
    assert_eq!(ids, [late, middle2, middle, early]);
    let ids: Vec<RunId> = h.recent_runs(2).unwrap().iter().map(|r| r.id).collect();
    assert_eq!(ids, [late, middle2]);
    assert!(h.recent_runs(0).unwrap().is_empty());
}

#[test]
fn unfinished_run_reads_as_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite");
    let run = {
        let h = History::open(&path).unwrap();
        let run = h
            .start_run(Trigger::Backfill, at(1, 0), (day(1), day(9)), false)
            .unwrap();
        h.record_day(run, &DayRecord::new(day(1), DayAction::Created))
            .unwrap();
        run
        // dropped without finish_run, as when the process is killed
    };
    let h = History::open(&path).unwrap();
    let r = h.run(run).unwrap().unwrap();
    assert_eq!(r.status, RunStatus::Interrupted);
    assert_eq!(r.ended_at, None);
    assert_eq!(r.ok, None);
    assert_eq!(
        r.counts.created, 1,
        "what was recorded before the crash is kept"
    );
}

#[test]
fn unknown_run_is_an_error_not_a_silent_no_op() {
    let h = History::open_in_memory().unwrap();
    let err = h
        .record_day(RunId(42), &DayRecord::new(day(1), DayAction::Created))
        .unwrap_err();
    assert!(matches!(err, HistoryError::UnknownRun(42)), "{err:?}");
    let err = h
        .finish_run(RunId(42), at(1, 0), outcome_ok(0, 0))
        .unwrap_err();
    assert!(matches!(err, HistoryError::UnknownRun(42)), "{err:?}");
}

#[test]
fn every_trigger_round_trips() {
    let h = History::open_in_memory().unwrap();
    for (i, trigger) in Trigger::ALL.into_iter().enumerate() {
        assert_eq!(Trigger::parse(trigger.as_str()), Some(trigger));
        let run = h
            .start_run(trigger, at(10, i as u32), (day(1), day(2)), false)
            .unwrap();
        assert_eq!(h.run(run).unwrap().unwrap().trigger, trigger);
    }
    assert_eq!(Trigger::parse("bogus"), None);
    assert_eq!(DayAction::parse("waiting"), Some(DayAction::Waiting));
    assert_eq!(DayAction::parse("Waiting"), None);
}

#[test]
fn summaries_serialize_as_snake_case_json() {
    let h = History::open_in_memory().unwrap();
    let run = h
        .start_run(Trigger::Schedule, at(7, 0), (day(1), day(2)), false)
        .unwrap();
    h.record_day(run, &DayRecord::new(day(1), DayAction::Unchanged))
        .unwrap();
    let json = serde_json::to_value(h.run(run).unwrap().unwrap()).unwrap();
    assert_eq!(json["id"], run.0);
    assert_eq!(json["trigger"], "schedule");
    assert_eq!(json["status"], "interrupted");
    assert_eq!(json["started_at"], "2025-03-10T07:00:00Z");
    assert_eq!(
        json["range"],
        serde_json::json!(["2025-03-01", "2025-03-02"])
    );
    assert_eq!(json["counts"]["unchanged"], 1);
    assert_eq!(json["ok"], serde_json::Value::Null);
}
