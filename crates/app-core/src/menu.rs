//! The tray menu as data: what each item says, whether it can be picked, and the typed action
//! it stands for. The tray host only draws it, so what the menu offers is tested here.

use chrono::{DateTime, NaiveDate, Utc};

use crate::overview::{Mode, Overview};
use crate::tray::TrayView;

/// What picking a menu item does; one enum instead of string ids scattered around.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuAction {
    SyncNow,
    PauseHour,
    PauseTomorrow,
    Resume,
    OpenDay(NaiveDate),
    OpenDatabase,
    OpenWindow,
    ToggleLaunchAtLogin,
    Quit,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MenuEntry {
    /// The disabled status line.
    Status(String),
    Item {
        label: String,
        enabled: bool,
        action: MenuAction,
    },
    Check {
        label: String,
        checked: bool,
        action: MenuAction,
    },
    Submenu {
        label: String,
        entries: Vec<MenuEntry>,
    },
    Separator,
}

fn item(label: impl Into<String>, enabled: bool, action: MenuAction) -> MenuEntry {
    MenuEntry::Item {
        label: label.into(),
        enabled,
        action,
    }
}

pub fn tray_menu(view: &TrayView, overview: &Overview, now: DateTime<Utc>) -> Vec<MenuEntry> {
    let status = if overview.mode == Mode::Demo {
        crate::tray::fit(format!("Demo · {}", view.tooltip))
    } else {
        view.tooltip.clone()
    };
    let mut entries = vec![MenuEntry::Status(status), MenuEntry::Separator];
    // The morning's one click: today's page, once there is one.
    if let Some(today) = view.today.filter(|day| has_page(overview, *day)) {
        entries.push(item("Open today's page", true, MenuAction::OpenDay(today)));
    }
    entries.push(item("Sync now", !overview.syncing, MenuAction::SyncNow));
    // Paused: one way out. Running: two ways to pause.
    if overview.paused_until.is_some_and(|p| p > now) {
        entries.push(item("Resume", true, MenuAction::Resume));
    } else {
        entries.push(item("Pause for 1 hour", true, MenuAction::PauseHour));
        entries.push(item(
            "Pause until tomorrow",
            true,
            MenuAction::PauseTomorrow,
        ));
    }
    let recent = overview
        .recent_days
        .iter()
        .filter_map(|d| {
            let day = d.day.parse().ok()?;
            Some(item(
                format!("{} · {}", d.day, d.summary),
                d.page_url.is_some(),
                MenuAction::OpenDay(day),
            ))
        })
        .collect();
    entries.extend([
        MenuEntry::Submenu {
            label: "Recent syncs".into(),
            entries: recent,
        },
        item(
            "Open Notion database",
            overview.notion.database_url.is_some(),
            MenuAction::OpenDatabase,
        ),
        item("Open window", true, MenuAction::OpenWindow),
        MenuEntry::Separator,
        MenuEntry::Check {
            label: "Launch at login".into(),
            checked: overview.settings.launch_at_login,
            action: MenuAction::ToggleLaunchAtLogin,
        },
        item("Quit", true, MenuAction::Quit),
    ]);
    entries
}

fn has_page(overview: &Overview, day: NaiveDate) -> bool {
    let day = day.to_string();
    overview
        .recent_days
        .iter()
        .any(|d| d.day == day && d.page_url.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::overview::{NotionInfo, RecentDay, Settings, TrayInfo, WhoopInfo};
    use crate::tray::TrayState;
    use sync_vocabulary::history::DayAction;
    use sync_vocabulary::status::Connection;
    use sync_vocabulary::ScheduleSettings;

    fn sample(mode: Mode) -> (TrayView, Overview) {
        let view = TrayView {
            state: TrayState::Synced,
            tooltip: "Recovery 78% · Asleep 7h 12m · synced 07:42".into(),
            attention: None,
            today: NaiveDate::from_ymd_opt(2026, 11, 25),
        };
        let overview = Overview {
            mode,
            demo_available: true,
            tray: TrayInfo {
                state: view.state,
                tooltip: view.tooltip.clone(),
                attention: None,
            },
            whoop: WhoopInfo {
                state: Connection::Connected,
                user_name: Some("John Smith".into()),
                client_id: None,
                redirect_uri: None,
            },
            notion: NotionInfo {
                state: Connection::Connected,
                workspace: None,
                database: Some("Daily Tracking".into()),
                database_id: Some("db".into()),
                database_url: Some("https://www.notion.so/db".into()),
            },
            default_redirect_uri: String::new(),
            app_link_redirect_uri: String::new(),
            tray_hidden: false,
            last_sync: None,
            paused_until: None,
            syncing: false,
            needs_whoop_scope: None,
            settings: Settings::from_schedule(
                &ScheduleSettings::default(),
                Default::default(),
                true,
                None,
            ),
            units: Default::default(),
            recent_days: vec![
                RecentDay {
                    day: "2026-11-25".into(),
                    action: DayAction::Created,
                    page_url: Some("https://www.notion.so/p1".into()),
                    summary: "Recovery 78%".into(),
                },
                RecentDay {
                    day: "2026-11-24".into(),
                    action: DayAction::Waiting,
                    page_url: None,
                    summary: "still scoring".into(),
                },
            ],
        };
        (view, overview)
    }

    fn labels(entries: &[MenuEntry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| match e {
                MenuEntry::Status(s) => format!("[{s}]"),
                MenuEntry::Item { label, enabled, .. } => {
                    format!("{label}{}", if *enabled { "" } else { " (off)" })
                }
                MenuEntry::Check { label, checked, .. } => format!("{label} [{checked}]"),
                MenuEntry::Submenu { label, entries } => format!("{label} ▸{}", entries.len()),
                MenuEntry::Separator => "—".into(),
            })
            .collect()
    }

    #[test]
    fn a_running_app_offers_two_pauses_and_its_recent_days() {
        let (view, overview) = sample(Mode::Real);
        let menu = tray_menu(&view, &overview, Utc::now());
        assert_eq!(
            labels(&menu),
            [
                "[Recovery 78% · Asleep 7h 12m · synced 07:42]",
                "—",
                "Open today's page",
                "Sync now",
                "Pause for 1 hour",
                "Pause until tomorrow",
                "Recent syncs ▸2",
                "Open Notion database",
                "Open window",
                "—",
                "Launch at login [true]",
                "Quit",
            ]
        );
        assert!(matches!(
            menu[2],
            MenuEntry::Item {
                action: MenuAction::OpenDay(d),
                enabled: true,
                ..
            } if d.to_string() == "2026-11-25"
        ));
        let MenuEntry::Submenu { entries, .. } = &menu[6] else {
            panic!("no submenu: {menu:?}")
        };
        // A day without a page can't be opened.
        assert_eq!(
            labels(entries),
            [
                "2026-11-25 · Recovery 78%",
                "2026-11-24 · still scoring (off)"
            ]
        );
        assert!(matches!(
            entries[0],
            MenuEntry::Item {
                action: MenuAction::OpenDay(d),
                ..
            } if d.to_string() == "2026-11-25"
        ));
    }

    #[test]
    fn paused_syncing_and_demo_change_what_is_offered() {
        let (view, mut overview) = sample(Mode::Demo);
        let now = Utc::now();
        overview.paused_until = Some(now + chrono::Duration::minutes(30));
        overview.syncing = true;
        overview.notion.database_url = None;
        let menu = labels(&tray_menu(&view, &overview, now));
        assert_eq!(
            menu[0],
            "[Demo · Recovery 78% · Asleep 7h 12m · synced 07:42]"
        );
        assert_eq!(menu[3], "Sync now (off)");
        assert_eq!(menu[4], "Resume");
        assert!(!menu.iter().any(|l| l.starts_with("Pause")));
        assert!(menu.contains(&"Open Notion database (off)".to_string()));
        // A pause that has run out is no pause.
        overview.paused_until = Some(now - chrono::Duration::minutes(1));
        let menu = labels(&tray_menu(&view, &overview, now));
        assert_eq!(menu[4], "Pause for 1 hour");
    }

    #[test]
    fn todays_page_is_offered_only_when_there_is_one() {
        let (mut view, mut overview) = sample(Mode::Real);
        let offered = |view: &TrayView, overview: &Overview| {
            labels(&tray_menu(view, overview, Utc::now()))
                .contains(&"Open today's page".to_string())
        };
        assert!(offered(&view, &overview));
        // Today is still scoring: yesterday's page isn't today's.
        view.today = NaiveDate::from_ymd_opt(2026, 11, 26);
        assert!(!offered(&view, &overview));
        // Today's row has no page (demo pages live in the simulator; a skipped day).
        view.today = NaiveDate::from_ymd_opt(2026, 11, 25);
        overview.recent_days[0].page_url = None;
        assert!(!offered(&view, &overview));
        // Before the first picture nothing is known.
        overview.recent_days[0].page_url = Some("https://www.notion.so/p1".into());
        view.today = None;
        assert!(!offered(&view, &overview));
    }

    #[test]
    fn the_demo_status_line_fits_a_tray_too() {
        let (mut view, overview) = sample(Mode::Demo);
        view.tooltip = "x".repeat(crate::wording::STATUS_LINE_MAX);
        let menu = tray_menu(&view, &overview, Utc::now());
        let MenuEntry::Status(status) = &menu[0] else {
            panic!("{menu:?}")
        };
        assert_eq!(status.chars().count(), crate::wording::STATUS_LINE_MAX);
        assert!(
            status.starts_with("Demo · ") && status.ends_with('…'),
            "{status}"
        );
    }
}
