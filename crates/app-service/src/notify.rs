//! Desktop notifications: the morning numbers once a day, problems once each, and the end of
//! a problem once (app_core::notify_once decides which; app_core::notice what each offers).

use app_core::morning::{self, NightNumbers};
use app_core::notice::Notice;
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
    /// `links`: the day's page may be linked (not in demo mode, whose pages live in the
    /// simulator, where a notion.so link leads nowhere).
    pub(crate) fn notify_morning(&self, engine: &Engine, report: &SyncReport, links: bool) {
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
        let today_record = days.iter().find(|(d, _)| d.day == today).map(|(d, _)| d);
        let today_numbers = today_record.and_then(numbers);
        let has_page = links && today_record.is_some_and(|d| d.page_url.is_some());
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
            self.desktop.notify(Notice::morning(today, body, has_page));
        }
    }

    /// A problem or its end, unless the user turned notifications off.
    pub(crate) fn notify_if_wanted(&self, engine: &Engine, notice: Notice) {
        if enabled(engine) {
            self.desktop.notify(notice);
        }
    }
}
