//! Desktop notifications: the morning numbers once a day, and problems once each.

use app_core::morning::{self, NightNumbers};
use sync_engine::plan::ActionKind;
use sync_engine::report::SyncReport;
use sync_engine::Engine;
use sync_history::DayAction;

use crate::service::AppService;

fn enabled(engine: &Engine) -> bool {
    engine
        .load_config()
        .map(|c| c.schedule.notifications)
        .unwrap_or(true)
}

impl AppService {
    /// When today's numbers were just written: "Recovery 78% (+6) · Asleep 7h 12m …".
    pub(crate) fn notify_morning(&self, engine: &Engine, report: &SyncReport) {
        let today = engine.today();
        let written = report
            .day(today)
            .is_some_and(|d| matches!(d.action, ActionKind::Created | ActionKind::Updated));
        let due = self
            .morning
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .should_notify(today, written);
        if !due {
            return;
        }
        self.save_morning();
        if !enabled(engine) {
            return;
        }
        let days = engine.recent_days(8).unwrap_or_default();
        let numbers = |day: &sync_history::DayRecord| {
            day.values.as_ref().map(NightNumbers::from_history_values)
        };
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
            self.desktop.notify(morning::TITLE, &body);
        }
    }

    pub(crate) fn notify_problem(&self, engine: &Engine, message: &str) {
        if enabled(engine) {
            self.desktop
                .notify("WHOOP → Notion Sync needs you", message);
        }
    }
}
