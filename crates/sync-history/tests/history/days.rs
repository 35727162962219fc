use crate::common;

use common::{at, day};
use serde_json::json;
use sync_history::{DayAction, DayRecord, History, RunOutcome, Trigger};
use sync_vocabulary::ErrorCode;

fn full_record() -> DayRecord {
    DayRecord {
        day: day(3),
        action: DayAction::Created,
        reason: Some("new night".into()),
        page_id: Some("1f2e3d4c-0000-4000-8000-000000000001".into()),
        page_url: Some("https://www.notion.so/1f2e3d4c".into()),
        error_code: None,
        values: Some(json!({"recovery": 78, "asleep_minutes": 432, "hrv": 61.5})),
    }
}

#[test]
fn day_record_round_trips_with_values() {
    let h = History::open_in_memory().unwrap();
    let run = h
        .start_run(Trigger::Manual, at(7, 0), (day(1), day(5)), false)
        .unwrap();
    let failed = DayRecord {
        error_code: Some(ErrorCode::RateLimited),
        reason: Some("Notion kept answering 429".into()),
        ..DayRecord::new(day(1), DayAction::Failed)
    };
    // Recorded out of day order: read back by day.
    h.record_day(run, &full_record()).unwrap();
    h.record_day(run, &failed).unwrap();
    assert_eq!(h.run_days(run).unwrap(), [failed, full_record()]);
    assert!(h.run_days(sync_history::RunId(77)).unwrap().is_empty());
}

#[test]
fn last_day_record_is_the_latest_real_outcome() {
    let h = History::open_in_memory().unwrap();
    assert_eq!(h.last_day_record(day(3)).unwrap(), None);

    let first = h
        .start_run(Trigger::Schedule, at(7, 0), (day(1), day(3)), false)
        .unwrap();
    h.record_day(first, &full_record()).unwrap();
    h.finish_run(
        first,
        at(7, 1),
        RunOutcome {
            ok: true,
            ..Default::default()
        },
    )
    .unwrap();

    let second = h
        .start_run(Trigger::Schedule, at(8, 0), (day(3), day(3)), false)
        .unwrap();
    let unchanged = DayRecord {
        reason: Some("no changes".into()),
        ..DayRecord::new(day(3), DayAction::Unchanged)
    };
    h.record_day(second, &unchanged).unwrap();
    assert_eq!(h.last_day_record(day(3)).unwrap(), Some(unchanged.clone()));

    // A later dry run "would update" the day but wrote nothing, so it doesn't count.
    let dry = h
        .start_run(Trigger::Cli, at(9, 0), (day(3), day(3)), true)
        .unwrap();
    h.record_day(dry, &DayRecord::new(day(3), DayAction::Updated))
        .unwrap();
    assert_eq!(h.last_day_record(day(3)).unwrap(), Some(unchanged));
    assert_eq!(h.last_day_record(day(4)).unwrap(), None);
}

#[test]
fn recent_days_lists_each_day_once_most_recent_first() {
    let h = History::open_in_memory().unwrap();
    let morning = h
        .start_run(Trigger::Schedule, at(7, 0), (day(1), day(3)), false)
        .unwrap();
    for d in 1..=3 {
        h.record_day(morning, &DayRecord::new(day(d), DayAction::Created))
            .unwrap();
    }
    let noon = h
        .start_run(Trigger::Wake, at(12, 0), (day(2), day(2)), false)
        .unwrap();
    h.record_day(noon, &DayRecord::new(day(2), DayAction::Updated))
        .unwrap();
    let dry = h
        .start_run(Trigger::Cli, at(13, 0), (day(9), day(9)), true)
        .unwrap();
    h.record_day(dry, &DayRecord::new(day(9), DayAction::Created))
        .unwrap();

    let recent: Vec<_> = h
        .recent_days(10)
        .unwrap()
        .into_iter()
        .map(|(r, when)| (r.day, r.action, when))
        .collect();
    assert_eq!(
        recent,
        [
            (day(2), DayAction::Updated, at(12, 0)),
            (day(3), DayAction::Created, at(7, 0)),
            (day(1), DayAction::Created, at(7, 0)),
        ]
    );
    assert_eq!(h.recent_days(1).unwrap().len(), 1);
}

#[test]
fn day_values_keep_each_days_latest_numbers_within_the_range() {
    let h = History::open_in_memory().unwrap();
    let with = |d: u32, recovery: u32| DayRecord {
        values: Some(
            json!({"recovery_score": {"display": format!("{recovery}%"), "value": recovery}}),
        ),
        ..DayRecord::new(day(d), DayAction::Created)
    };
    let first = h
        .start_run(Trigger::Backfill, at(7, 0), (day(1), day(6)), false)
        .unwrap();
    for (d, r) in [(1, 10), (2, 20), (3, 30), (5, 50), (6, 60)] {
        h.record_day(first, &with(d, r)).unwrap();
    }
    // Day 4 never had numbers (WHOOP recorded no sleep).
    h.record_day(first, &DayRecord::new(day(4), DayAction::Skipped))
        .unwrap();
    let later = h
        .start_run(Trigger::Schedule, at(8, 0), (day(2), day(3)), false)
        .unwrap();
    // WHOOP rescored day 2; day 3's write failed, which leaves its earlier numbers standing.
    h.record_day(later, &with(2, 22)).unwrap();
    h.record_day(later, &DayRecord::new(day(3), DayAction::Failed))
        .unwrap();
    // A dry run's numbers were never written.
    let dry = h
        .start_run(Trigger::Cli, at(9, 0), (day(5), day(5)), true)
        .unwrap();
    h.record_day(dry, &with(5, 99)).unwrap();

    let recovery = |from: u32, to: u32| -> Vec<(u32, u64)> {
        use chrono::Datelike;
        h.day_values(day(from), day(to))
            .unwrap()
            .into_iter()
            .map(|(d, v)| (d.day(), v["recovery_score"]["value"].as_u64().unwrap()))
            .collect()
    };
    assert_eq!(
        recovery(1, 6),
        [(1, 10), (2, 22), (3, 30), (5, 50), (6, 60)]
    );
    // Both ends are included; days outside are not read.
    assert_eq!(recovery(2, 5), [(2, 22), (3, 30), (5, 50)]);
    assert_eq!(recovery(7, 9), []);
}
