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
        format!("Demo · {}", view.tooltip)
    } else {
        view.tooltip.clone()
    };
    let mut entries = vec![
        MenuEntry::Status(status),
        MenuEntry::Separator,
        item("Sync now", !overview.syncing, MenuAction::SyncNow),
    ];
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::overview::{NotionInfo, RecentDay, Settings, TrayInfo, WhoopInfo};
    use crate::tray::TrayState;
    use sync_engine::config::ScheduleSettings;
    use sync_engine::Connection;
    use sync_history::DayAction;

    fn sample(mode: Mode) -> (TrayView, Overview) {
        let view = TrayView {
            state: TrayState::Synced,
            tooltip: "Synced 07:42 · Recovery 78%".into(),
            attention: None,
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
            settings: Settings::from_schedule(&ScheduleSettings::default(), true),
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
                "[Synced 07:42 · Recovery 78%]",
                "—",
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
        let MenuEntry::Submenu { entries, .. } = &menu[5] else {
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
        assert_eq!(menu[0], "[Demo · Synced 07:42 · Recovery 78%]");
        assert_eq!(menu[2], "Sync now (off)");
        assert_eq!(menu[3], "Resume");
        assert!(!menu.iter().any(|l| l.starts_with("Pause")));
        assert!(menu.contains(&"Open Notion database (off)".to_string()));
        // A pause that has run out is no pause.
        overview.paused_until = Some(now - chrono::Duration::minutes(1));
        let menu = labels(&tray_menu(&view, &overview, now));
        assert_eq!(menu[3], "Pause for 1 hour");
    }
}
