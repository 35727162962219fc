//! The `trends` command: the Trends view's numbers come from the local history only (opening
//! the view sends no request to WHOOP or Notion), over days counted in the user's zone by the
//! engine's clock.

mod support;

use std::sync::Arc;

use app_service::AppService;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use http_policy::{Clock, ManualClock};
use secret_store::MemoryStore;
use serde_json::{json, Value};
use support::{call, Recorder, Shared};
use sync_engine::config::ConfigDir;
use sync_engine::FixedZone;
use sync_history::{DayAction, DayRecord, History, RunOutcome, Trigger};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A run that wrote `days`, each with a recovery score of its day of the month and, on even
/// days only, an HRV.
fn record_run(history: &History, at: DateTime<Utc>, days: &[NaiveDate]) {
    use chrono::Datelike;
    let run = history
        .start_run(
            Trigger::Backfill,
            at,
            (days[0], *days.last().unwrap()),
            false,
        )
        .unwrap();
    for d in days {
        let r = d.day();
        let mut values = json!({"recovery_score": {"display": format!("{r}%"), "value": r}});
        if r % 2 == 0 {
            values["hrv"] = json!({"display": format!("{} ms", 40 + r), "value": 40 + r});
        }
        let record = DayRecord {
            values: Some(values),
            ..DayRecord::new(*d, DayAction::Created)
        };
        history.record_day(run, &record).unwrap();
    }
    history
        .finish_run(
            run,
            at,
            RunOutcome {
                ok: true,
                ..Default::default()
            },
        )
        .unwrap();
}

fn values(trends: &Value, key: &str) -> Vec<Value> {
    trends["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .unwrap()["values"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trends_come_from_history_alone_by_the_users_day() {
    let home = tempfile::tempdir().unwrap();
    // 23:30 UTC on the 25th is already 01:30 on the 26th for a user at UTC+2.
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 23, 30, 0).unwrap());
    let zone = FixedZone(FixedOffset::east_opt(2 * 3600).unwrap());
    let today = day(2026, 11, 26);
    let world = demo_mode::DemoWorld::start(today, 120, 14).await.unwrap();
    let profile = ConfigDir::new(home.path().join("profile"));
    let engine = world.engine(
        profile.clone(),
        Arc::new(MemoryStore::new()),
        Arc::new(clock.clone()),
        Arc::new(zone),
    );
    // Both services connected for real, so a trends read that went online would be seen.
    world.connect(&engine).await.unwrap();
    let history = History::open(&profile.history_file()).unwrap();
    let all: Vec<NaiveDate> = day(2026, 10, 1)
        .iter_days()
        .take_while(|d| *d <= day(2026, 11, 27))
        .filter(|d| *d != day(2026, 11, 10))
        .collect();
    record_run(&history, clock.now(), &all);

    let recorder = Arc::new(Recorder::default());
    let service = AppService::with_engine(
        engine,
        home.path().join("app-data"),
        home.path().join("logs"),
        recorder.clone(),
        Arc::new(Shared(recorder.clone())),
    )
    .unwrap();
    let (whoop_before, notion_before) = (world.whoop.stats(), world.notion.stats());

    let trends = call(&service, "trends", json!({"days": 30})).await.unwrap();
    // The user's today, not UTC's: Oct 28 … Nov 26 (the 27th, a day ahead, is left out).
    assert_eq!(trends["from"], "2026-10-28");
    assert_eq!(trends["to"], "2026-11-26");
    let days = trends["days"].as_array().unwrap();
    assert_eq!(days.len(), 30);
    assert_eq!(
        (&days[0], &days[29]),
        (&json!("2026-10-28"), &json!("2026-11-26"))
    );
    let recovery = values(&trends, "recovery_score");
    assert_eq!(recovery.len(), 30);
    assert_eq!(
        recovery.iter().filter(|v| v.is_number()).count(),
        29,
        "Nov 10 has none"
    );
    assert_eq!(recovery[0], 28.0);
    assert_eq!(recovery[29], 26.0);
    assert!(recovery[13].is_null(), "2026-11-10");
    let hrv = values(&trends, "hrv");
    assert_eq!(hrv.iter().filter(|v| v.is_number()).count(), 14);
    // The first day's average reaches back to the six days before the range.
    let average = &trends["series"][0]["average"];
    assert_eq!(average[0], 25.0, "Oct 22 … 28");

    // An hour later by the same clock it is still the 26th; a day later the range moves on.
    clock.set(Utc.with_ymd_and_hms(2026, 11, 26, 21, 59, 0).unwrap());
    let trends = call(&service, "trends", json!({"days": 90})).await.unwrap();
    assert_eq!(
        (&trends["from"], &trends["to"]),
        (&json!("2026-08-29"), &json!("2026-11-26"))
    );
    assert_eq!(
        values(&trends, "recovery_score")
            .iter()
            .filter(|v| v.is_number())
            .count(),
        56
    );
    clock.set(Utc.with_ymd_and_hms(2026, 11, 26, 22, 0, 0).unwrap());
    let trends = call(&service, "trends", json!({"days": 365}))
        .await
        .unwrap();
    assert_eq!(trends["to"], "2026-11-27");
    assert_eq!(trends["days"].as_array().unwrap().len(), 365);
    assert_eq!(
        values(&trends, "recovery_score")
            .iter()
            .filter(|v| v.is_number())
            .count(),
        57
    );

    // Not a single request to WHOOP or Notion.
    let (whoop, notion) = (world.whoop.stats(), world.notion.stats());
    assert_eq!(whoop.requests_total - whoop_before.requests_total, 0);
    assert_eq!(notion.requests_total - notion_before.requests_total, 0);

    for bad in [json!({"days": 0}), json!({"days": 1096}), json!({})] {
        let err = call(&service, "trends", bad).await.unwrap_err();
        assert_eq!(err["code"], "invalid_input", "{err}");
    }
    world.stop();
}

#[tokio::test]
async fn a_profile_without_history_has_empty_series_and_makes_no_file() {
    let home = tempfile::tempdir().unwrap();
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap());
    let world = demo_mode::DemoWorld::start(day(2026, 11, 25), 0, 14)
        .await
        .unwrap();
    let profile = ConfigDir::new(home.path().join("profile"));
    let engine = world.engine(
        profile.clone(),
        Arc::new(MemoryStore::new()),
        Arc::new(clock),
        Arc::new(FixedZone(FixedOffset::east_opt(0).unwrap())),
    );
    let recorder = Arc::new(Recorder::default());
    let service = AppService::with_engine(
        engine,
        home.path().join("app-data"),
        home.path().join("logs"),
        recorder.clone(),
        Arc::new(Shared(recorder)),
    )
    .unwrap();
    let trends = call(&service, "trends", json!({"days": 30})).await.unwrap();
    assert_eq!(trends["days"].as_array().unwrap().len(), 30);
    for series in trends["series"].as_array().unwrap() {
        assert!(series["values"]
            .as_array()
            .unwrap()
            .iter()
            .all(Value::is_null));
    }
    assert!(!profile.history_file().exists());
    assert_eq!(world.whoop.stats().requests_total, 0);
    assert_eq!(world.notion.stats().requests_total, 0);
    world.stop();
}
