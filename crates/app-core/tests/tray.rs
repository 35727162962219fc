use std::collections::BTreeMap;

use app_core::menu::{tray_menu, MenuEntry};
use app_core::overview::{overview, Mode, OverviewParts, Settings};
use app_core::tray::{tray_view, TraySnapshot, TrayState};
use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use sync_vocabulary::status::Connection;
use sync_vocabulary::{
    ActionKind, ClockStyle, DayRange, DayReport, ErrorCode, ScheduleSettings, SyncError,
    SyncReport, Temperature, Units,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn report(action: ActionKind) -> SyncReport {
    let mut report = SyncReport::new(DayRange::new(today(), today()).unwrap(), false);
    let mut values = BTreeMap::new();
    values.insert("recovery_score".to_string(), "78%".to_string());
    values.insert("sleep_time".to_string(), "7h 12m".to_string());
    values.insert("sleep_efficiency".to_string(), "93%".to_string());
    report.push(DayReport {
        day: today(),
        action,
        reason: None,
        page_id: None,
        page_url: None,
        values,
    });
    report
}

fn snapshot() -> TraySnapshot {
    TraySnapshot {
        now: Utc.with_ymd_and_hms(2026, 11, 25, 12, 50, 0).unwrap(),
        local_offset: FixedOffset::west_opt(5 * 3600).unwrap(),
        today: today(),
        whoop: Connection::Connected,
        notion: Connection::Connected,
        has_database: true,
        syncing: false,
        paused_until: None,
        last_report: Some((
            Utc.with_ymd_and_hms(2026, 11, 25, 12, 42, 0).unwrap(),
            report(ActionKind::Created),
        )),
        last_error: None,
        consecutive_failures: 0,
        // Mornings 05:00–11:00, every 10 minutes; the schedule last ran at 07:30 local.
        schedule: ScheduleSettings::default(),
        last_scheduled_attempt: Some(Utc.with_ymd_and_hms(2026, 11, 25, 12, 30, 0).unwrap()),
        units: Units::default(),
    }
}

fn twelve_hour() -> Units {
    Units {
        clock: ClockStyle::H12,
        temperature: Temperature::Fahrenheit,
        ..Units::default()
    }
}

#[test]
fn times_follow_a_twelve_hour_clock() {
    let mut s = snapshot();
    s.units = twelve_hour();
    assert_eq!(
        tray_view(&s).tooltip,
        "Recovery 78% · Asleep 7h 12m · synced 7:42 AM"
    );
    s.last_report = Some((s.now, report(ActionKind::Waiting)));
    s.last_scheduled_attempt = Some(Utc.with_ymd_and_hms(2026, 11, 25, 12, 45, 0).unwrap());
    assert_eq!(
        tray_view(&s).tooltip,
        "Waiting for today's score · next check 7:55 AM"
    );
    // After the window: tomorrow's first check, in the afternoon's clock.
    s.now = Utc.with_ymd_and_hms(2026, 11, 25, 20, 0, 0).unwrap();
    s.last_scheduled_attempt = Some(s.now);
    assert_eq!(
        tray_view(&s).tooltip,
        "Waiting for today's score · next check tomorrow 5:00 AM"
    );
    s.paused_until = Some(Utc.with_ymd_and_hms(2026, 11, 25, 23, 30, 0).unwrap());
    assert_eq!(tray_view(&s).tooltip, "Paused until 6:30 PM");
}

#[test]
fn synced_with_the_numbers_in_local_time() {
    let view = tray_view(&snapshot());
    assert_eq!(view.state, TrayState::Synced);
    assert_eq!(view.tooltip, "Recovery 78% · Asleep 7h 12m · synced 07:42");
    assert_eq!(view.today, Some(today()));

    // Written without the two headline numbers (not in WHOOP that day): when it synced.
    let mut s = snapshot();
    let mut written = report(ActionKind::Created);
    written.days[0].values.clear();
    s.last_report = Some((s.now, written));
    assert_eq!(tray_view(&s).tooltip, "Synced 07:50");
}

#[test]
fn waiting_says_when_the_next_check_is() {
    let mut s = snapshot();
    s.last_report = Some((s.now, report(ActionKind::Waiting)));
    // 07:50 now; the schedule last checked at 07:30 and polls every 10 minutes: it is due.
    assert_eq!(
        tray_view(&s).tooltip,
        "Waiting for today's score · checking now"
    );
    s.last_scheduled_attempt = Some(Utc.with_ymd_and_hms(2026, 11, 25, 12, 45, 0).unwrap());
    let view = tray_view(&s);
    assert_eq!(view.state, TrayState::Waiting);
    assert_eq!(view.tooltip, "Waiting for today's score · next check 07:55");
    // Started before the morning window (a wake at 04:00): the window's start.
    s.now = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    s.last_scheduled_attempt = Some(s.now);
    assert_eq!(
        tray_view(&s).tooltip,
        "Waiting for today's score · next check 05:00"
    );
    // Past the window (11:00): tomorrow morning.
    s.now = Utc.with_ymd_and_hms(2026, 11, 25, 17, 0, 0).unwrap();
    s.last_scheduled_attempt = Some(s.now);
    assert_eq!(
        tray_view(&s).tooltip,
        "Waiting for today's score · next check tomorrow 05:00"
    );
    // Failing now and then: still when, and that it is retrying.
    s.last_error = Some(SyncError::new(ErrorCode::Network, "offline"));
    s.consecutive_failures = 1;
    assert_eq!(
        tray_view(&s).tooltip,
        "Waiting for today's score · next check tomorrow 05:00 · retrying"
    );
}

#[test]
fn never_synced_while_something_is_wrong() {
    let mut s = snapshot();
    s.whoop = Connection::NeedsReconnect;
    let view = tray_view(&s);
    assert_eq!(view.state, TrayState::Attention);
    assert_eq!(view.attention.unwrap().code, ErrorCode::WhoopReconnect);

    let mut s = snapshot();
    s.last_error = Some(SyncError::new(ErrorCode::MappingBroken, "HRV is gone"));
    s.consecutive_failures = 1;
    assert_eq!(tray_view(&s).state, TrayState::Attention);

    // A passing network error keeps the last good state, but says it is retrying…
    let mut s = snapshot();
    s.last_error = Some(SyncError::new(ErrorCode::Network, "offline"));
    s.consecutive_failures = 1;
    let view = tray_view(&s);
    assert_eq!(view.state, TrayState::Synced);
    assert!(view.tooltip.contains("retrying"), "{}", view.tooltip);
    // …until it keeps failing.
    s.consecutive_failures = 3;
    assert_eq!(tray_view(&s).state, TrayState::Attention);
}

#[test]
fn waiting_paused_syncing_and_idle() {
    let mut s = snapshot();
    s.last_report = Some((s.now, report(ActionKind::Waiting)));
    let view = tray_view(&s);
    assert_eq!(view.state, TrayState::Waiting);
    assert!(
        view.tooltip.starts_with("Waiting for today's score"),
        "{}",
        view.tooltip
    );

    let mut s = snapshot();
    s.paused_until = Some(Utc.with_ymd_and_hms(2026, 11, 25, 13, 50, 0).unwrap());
    assert_eq!(tray_view(&s).tooltip, "Paused until 08:50");

    let mut s = snapshot();
    s.syncing = true;
    assert_eq!(tray_view(&s).state, TrayState::Syncing);

    let mut s = snapshot();
    s.notion = Connection::NotConnected;
    assert_eq!(tray_view(&s).state, TrayState::Idle);

    let mut s = snapshot();
    s.last_report = None;
    assert_eq!(tray_view(&s).state, TrayState::Idle);

    // Yesterday's report doesn't make today "synced".
    let mut s = snapshot();
    s.today = today().succ_opt().unwrap();
    assert_eq!(tray_view(&s).state, TrayState::Waiting);
}

#[test]
fn a_run_that_stopped_before_setup_was_done_is_no_problem_once_it_is() {
    // The start-up catch-up ran before WHOOP was connected; now everything is.
    let mut s = snapshot();
    s.last_report = None;
    s.last_error = Some(SyncError::new(
        ErrorCode::WhoopNotConnected,
        "WHOOP is not connected",
    ));
    s.consecutive_failures = 1;
    let view = tray_view(&s);
    assert_eq!(view.state, TrayState::Idle, "{}", view.tooltip);
    assert!(view.attention.is_none());
}

#[test]
fn problems_are_told_in_the_desktops_words() {
    let mut s = snapshot();
    s.whoop = Connection::NeedsReconnect;
    let view = tray_view(&s);
    assert_eq!(
        view.tooltip,
        "WHOOP signed you out. Reconnect to keep syncing."
    );
    assert_eq!(view.attention.unwrap().message, view.tooltip);

    let mut s = snapshot();
    s.last_error = Some(SyncError::new(
        ErrorCode::MappingBroken,
        "\"HRV\" (HRV) is no longer in the database",
    ));
    let view = tray_view(&s);
    assert_eq!(
        view.tooltip,
        "A mapped Notion column changed. Check the mapping."
    );
}

#[test]
fn every_status_line_fits_a_tray() {
    let long_reason = "WHOOP could not score this night because the strap was off for most of it";
    let mut skipped = report(ActionKind::Skipped);
    skipped.days[0].reason = Some(long_reason.into());
    let mut cases = Vec::new();
    // Waiting at every hour of the day (today's window, tomorrow's, checking now).
    let hours = [0, 6, 12, 18, 23];
    for code in ErrorCode::ALL.into_iter().map(Some).chain([None]) {
        for failures in [0, 1, 3] {
            for report in [
                report(ActionKind::Created),
                report(ActionKind::Waiting),
                skipped.clone(),
            ] {
                for (hour, units) in hours
                    .into_iter()
                    .flat_map(|h| [(h, Units::default()), (h, twelve_hour())])
                {
                    let mut s = snapshot();
                    s.units = units;
                    s.now = Utc.with_ymd_and_hms(2026, 11, 25, hour, 50, 0).unwrap();
                    s.last_scheduled_attempt = Some(s.now - chrono::Duration::minutes(3));
                    s.last_report = Some((s.now, report.clone()));
                    s.last_error = code.map(|code| SyncError::new(code, "x".repeat(200)));
                    s.consecutive_failures = failures;
                    cases.push(s);
                }
            }
        }
    }
    for s in cases {
        let view = tray_view(&s);
        // The menu's status line too, with the demo's prefix.
        for mode in [Mode::Real, Mode::Demo] {
            let status = menu_status(&view, mode);
            assert!(
                status.chars().count() <= app_core::wording::STATUS_LINE_MAX,
                "{} characters: {status}",
                status.chars().count(),
            );
        }
        assert!(
            view.tooltip.chars().count() <= app_core::wording::STATUS_LINE_MAX,
            "{} characters: {}",
            view.tooltip.chars().count(),
            view.tooltip
        );
    }
    // A passing error keeps the numbers that fit and says it is retrying.
    let mut s = snapshot();
    s.last_error = Some(SyncError::new(ErrorCode::Network, "offline"));
    s.consecutive_failures = 1;
    assert_eq!(
        tray_view(&s).tooltip,
        "Recovery 78% · Asleep 7h 12m · synced 07:42 · retrying"
    );
}

/// The first line of the tray menu for `view`.
fn menu_status(view: &app_core::tray::TrayView, mode: Mode) -> String {
    let status = sync_vocabulary::status::Status {
        whoop: sync_vocabulary::status::WhoopStatus {
            state: Connection::Connected,
            user_name: None,
            client_id: None,
            redirect_uri: None,
        },
        notion: sync_vocabulary::status::NotionStatus {
            state: Connection::Connected,
            workspace: None,
            database: None,
            database_id: None,
            data_source_id: None,
        },
        day_key: None,
        mapped_metrics: 0,
        last_run: None,
        secrets: "file",
        config_dir: String::new(),
        paused_until: None,
    };
    let overview = overview(OverviewParts {
        mode,
        status: &status,
        tray: view.clone(),
        syncing: false,
        settings: Settings::from_schedule(
            &ScheduleSettings::default(),
            Default::default(),
            false,
            None,
        ),
        units: Units::default(),
        recent: &[],
        tray_hidden: false,
        needs_whoop_scope: None,
    });
    match &tray_menu(view, &overview, Utc::now())[0] {
        MenuEntry::Status(line) => line.clone(),
        other => panic!("the menu starts with {other:?}"),
    }
}
