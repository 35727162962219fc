//! Desktop notifications: the morning numbers once a day, and problems once each.

use app_core::morning::{self, NightNumbers};
use sync_engine::plan::ActionKind;
use sync_engine::report::SyncReport;
use sync_engine::Engine;
use sync_history::DayAction;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

fn enabled(engine: &Engine) -> bool {
    engine
        .load_config()
        .map(|c| c.schedule.notifications)
        .unwrap_or(true)
}

fn show<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        log::warn!("could not show a notification: {e}");
    }
}

/// When today's numbers were just written: "Recovery 78% (+6) · Asleep 7h 12m …".
pub fn morning<R: Runtime>(app: &AppHandle<R>, engine: &Engine, report: &SyncReport) {
    let today = engine.today();
    let written = report
        .day(today)
        .is_some_and(|d| matches!(d.action, ActionKind::Created | ActionKind::Updated));
    let state = app.state::<AppState>();
    let due = state
        .morning
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .should_notify(today, written);
    if !due {
        return;
    }
    state.save_morning();
    if !enabled(engine) {
        return;
    }
    let days = engine.recent_days(8).unwrap_or_default();
    let numbers =
        |day: &sync_history::DayRecord| day.values.as_ref().map(NightNumbers::from_history_values);
    let today_numbers = days
        .iter()
        .find(|(d, _)| d.day == today)
        .and_then(|(d, _)| numbers(d));
    let previous: Vec<NightNumbers> = days
        .iter()
        .filter(|(d, _)| {
            d.day < today
                && matches!(
                    d.action,
                    DayAction::Created | DayAction::Updated | DayAction::Unchanged
                )
        })
        .filter_map(|(d, _)| numbers(d))
        .collect();
    if let Some(body) = today_numbers.and_then(|n| morning::message(&n, &previous)) {
        show(app, morning::TITLE, &body);
    }
}

pub fn problem<R: Runtime>(app: &AppHandle<R>, engine: &Engine, message: &str) {
    if enabled(engine) {
        show(app, "WHOOP → Notion Sync needs you", message);
    }
}
