//! Old runs are forgotten, except what the reads still need: each day's latest record and
//! its latest numbers.

use crate::common;

use common::{at, day};
use serde_json::json;
use sync_history::{DayAction, DayRecord, History, RunOutcome, Trigger};

fn run(h: &History, hour: u32, days: &[(u32, DayAction, Option<i64>)], dry: bool) {
    let id = h
        .start_run(Trigger::Schedule, at(hour, 0), (day(1), day(7)), dry)
        .unwrap();
    for &(d, action, recovery) in days {
        let mut record = DayRecord::new(day(d), action);
        record.values = recovery.map(|r| json!({"recovery_score": {"value": r}}));
        h.record_day(id, &record).unwrap();
    }
    h.finish_run(id, at(hour, 1), RunOutcome::default())
        .unwrap();
}

#[test]
fn old_runs_go_and_each_days_latest_record_and_numbers_stay() {
    let h = History::open_in_memory().unwrap();
    use DayAction::*;
    run(&h, 1, &[(1, Created, Some(50)), (2, Waiting, None)], false);
    run(
        &h,
        2,
        &[(1, Unchanged, Some(50)), (2, Waiting, None)],
        false,
    );
    run(&h, 3, &[(1, Failed, None), (2, Created, Some(70))], false);
    run(&h, 4, &[(1, Updated, Some(99))], true); // a dry run: never counts
    run(&h, 10, &[(2, Unchanged, Some(70))], false); // after the cutoff: kept whole
    let before = (
        h.recent_days(10).unwrap(),
        h.day_values(day(1), day(7)).unwrap(),
    );

    let removed = h.forget_runs_before(at(5, 0)).unwrap();
    // Day 1 keeps its latest record (failed, run 3) and its latest numbers (run 2); day 2
    // keeps only the record of run 10 (the latest, with numbers). The dry run goes.
    assert_eq!(removed, 5);
    let after = (
        h.recent_days(10).unwrap(),
        h.day_values(day(1), day(7)).unwrap(),
    );
    assert_eq!(
        (
            after.0.iter().map(|(d, _)| d.clone()).collect::<Vec<_>>(),
            &after.1
        ),
        (
            before.0.iter().map(|(d, _)| d.clone()).collect::<Vec<_>>(),
            &before.1
        )
    );
    assert_eq!(h.last_day_record(day(1)).unwrap().unwrap().action, Failed);
    // Runs 1 and 4 have nothing left and are gone; runs 2, 3 and 10 remain.
    assert_eq!(h.recent_runs(10).unwrap().len(), 3);
    // Again: nothing more to forget.
    assert_eq!(h.forget_runs_before(at(5, 0)).unwrap(), 0);
}
