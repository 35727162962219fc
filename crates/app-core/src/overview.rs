//! What the window shows at a glance (the `overview` command and event), built from the
//! engine's status, the tray view and the app's runtime state. Serialized camelCase: this is
//! the shape `ui/src/api/types.ts` reads (docs/APP-API.md).

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use sync_vocabulary::history::{DayAction, DayRecord};
use sync_vocabulary::status::{Connection, Status, APP_LINK_REDIRECT_URI, DEFAULT_REDIRECT_URI};
use sync_vocabulary::{ClockStyle, ScheduleSettings, SyncError, Temperature, Units, UnitsSetting};

use crate::tray::{TrayState, TrayView};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Real,
    Demo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub morning_start: String,
    pub morning_end: String,
    pub poll_minutes: u32,
    pub notifications: bool,
    pub launch_at_login: bool,
    /// Started at login by a service that restarts it if it stops (Linux: a systemd user
    /// service, in place of the login item); `null` where there is none to offer. From the
    /// window, `null` leaves it as it is.
    #[serde(default)]
    pub restart_if_stopped: Option<bool>,
    /// 24- or 12-hour times; `null` follows the system's locale.
    pub clock: Option<ClockStyle>,
    /// °C or °F; `null` follows the system's locale.
    pub temperature: Option<Temperature>,
}

impl Settings {
    pub fn from_schedule(
        schedule: &ScheduleSettings,
        units: UnitsSetting,
        launch_at_login: bool,
        restart_if_stopped: Option<bool>,
    ) -> Self {
        Self {
            morning_start: schedule.morning_start.format("%H:%M").to_string(),
            morning_end: schedule.morning_end.format("%H:%M").to_string(),
            poll_minutes: schedule.poll_minutes,
            notifications: schedule.notifications,
            launch_at_login,
            restart_if_stopped,
            clock: units.clock,
            temperature: units.temperature,
        }
    }

    /// The clock and temperature choice as saved.
    pub fn units(&self) -> UnitsSetting {
        UnitsSetting {
            clock: self.clock,
            temperature: self.temperature,
        }
    }

    /// Checks the user's input and returns the schedule part.
    pub fn to_schedule(&self) -> Result<ScheduleSettings, SyncError> {
        let time = |text: &str, what: &str| {
            NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| {
                SyncError::invalid(format!("{what} \"{text}\" is not a time like 05:00"))
            })
        };
        let start = time(&self.morning_start, "the morning window's start")?;
        let end = time(&self.morning_end, "the morning window's end")?;
        if start >= end {
            return Err(SyncError::invalid(
                "the morning window must end after it starts",
            ));
        }
        if !(1..=240).contains(&self.poll_minutes) {
            return Err(SyncError::invalid("poll every 1 to 240 minutes"));
        }
        Ok(ScheduleSettings {
            morning_start: start,
            morning_end: end,
            poll_minutes: self.poll_minutes,
            notifications: self.notifications,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TrayInfo {
    pub state: TrayState,
    pub tooltip: String,
    pub attention: Option<SyncError>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WhoopInfo {
    pub state: Connection,
    pub user_name: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NotionInfo {
    pub state: Connection,
    pub workspace: Option<String>,
    pub database: Option<String>,
    pub database_id: Option<String>,
    pub database_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RecentDay {
    pub day: String,
    pub action: DayAction,
    pub page_url: Option<String>,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    pub mode: Mode,
    pub demo_available: bool,
    pub tray: TrayInfo,
    pub whoop: WhoopInfo,
    pub notion: NotionInfo,
    pub default_redirect_uri: String,
    /// The app's own link, the second way in when the dashboard refuses `http://`.
    pub app_link_redirect_uri: String,
    pub last_sync: Option<DateTime<Utc>>,
    pub paused_until: Option<DateTime<Utc>>,
    pub syncing: bool,
    pub settings: Settings,
    /// The clock and temperature unit in force (the settings', else the locale's): how the
    /// window shows times.
    pub units: Units,
    pub recent_days: Vec<RecentDay>,
    /// No panel shows tray icons here (stock GNOME has none): the window must say so once and
    /// offer everything the tray does.
    pub tray_hidden: bool,
    /// The last run couldn't read what the user asked for (`read:workout` for workouts):
    /// the window asks once to connect WHOOP again.
    pub needs_whoop_scope: Option<String>,
}

pub struct OverviewParts<'a> {
    pub mode: Mode,
    pub status: &'a Status,
    pub tray: TrayView,
    pub syncing: bool,
    pub settings: Settings,
    pub units: Units,
    pub recent: &'a [(DayRecord, DateTime<Utc>)],
    pub tray_hidden: bool,
    pub needs_whoop_scope: Option<String>,
}

pub fn overview(parts: OverviewParts<'_>) -> Overview {
    let s = parts.status;
    let nothing_real =
        s.whoop.state == Connection::NotConnected && s.notion.state == Connection::NotConnected;
    Overview {
        mode: parts.mode,
        demo_available: parts.mode == Mode::Demo || nothing_real,
        tray: TrayInfo {
            state: parts.tray.state,
            tooltip: parts.tray.tooltip,
            attention: parts.tray.attention,
        },
        whoop: WhoopInfo {
            state: s.whoop.state,
            user_name: s.whoop.user_name.clone(),
            client_id: s.whoop.client_id.clone(),
            redirect_uri: s.whoop.redirect_uri.clone(),
        },
        notion: NotionInfo {
            state: s.notion.state,
            workspace: s.notion.workspace.clone(),
            database: s.notion.database.clone(),
            database_id: s.notion.database_id.clone(),
            // Demo pages live in the simulator: a notion.so link would lead nowhere.
            database_url: s
                .notion
                .database_id
                .as_ref()
                .filter(|_| parts.mode == Mode::Real)
                .map(|id| database_url(id)),
        },
        default_redirect_uri: DEFAULT_REDIRECT_URI.to_string(),
        app_link_redirect_uri: APP_LINK_REDIRECT_URI.to_string(),
        // The last *successful* sync: a failed run synced nothing.
        last_sync: s
            .last_run
            .as_ref()
            .filter(|r| r.ok == Some(true))
            .and_then(|r| r.ended_at),
        paused_until: s.paused_until,
        syncing: parts.syncing,
        settings: parts.settings,
        units: parts.units,
        recent_days: parts
            .recent
            .iter()
            .take(7)
            .map(|(day, _)| {
                let mut recent = recent_day(day);
                if parts.mode == Mode::Demo {
                    recent.page_url = None;
                }
                recent
            })
            .collect(),
        tray_hidden: parts.tray_hidden,
        needs_whoop_scope: parts.needs_whoop_scope,
    }
}

/// Notion opens a database from its id without dashes.
pub fn database_url(database_id: &str) -> String {
    format!("https://www.notion.so/{}", database_id.replace('-', ""))
}

fn recent_day(record: &DayRecord) -> RecentDay {
    let display = |key: &str| {
        record
            .values
            .as_ref()
            .and_then(|v| v.get(key))
            .and_then(|v| v.get("display"))
            .and_then(|v| v.as_str())
            .map(String::from)
    };
    let numbers = sync_vocabulary::metrics::headline(display);
    let summary = if numbers.is_empty() {
        record
            .reason
            .clone()
            .unwrap_or_else(|| record.action.as_str().to_string())
    } else {
        numbers.join(" · ")
    };
    RecentDay {
        day: record.day.to_string(),
        action: record.action,
        page_url: record.page_url.clone(),
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_validation() {
        let s = Settings::from_schedule(
            &ScheduleSettings::default(),
            Default::default(),
            false,
            None,
        );
        assert_eq!(
            (
                s.morning_start.as_str(),
                s.morning_end.as_str(),
                s.poll_minutes
            ),
            ("05:00", "12:00", 10)
        );
        assert_eq!(s.to_schedule().unwrap(), ScheduleSettings::default());
        let bad = Settings {
            morning_start: "13:00".into(),
            ..s.clone()
        };
        assert!(bad.to_schedule().unwrap_err().message.contains("end after"));
        let bad = Settings {
            morning_start: "5am".into(),
            ..s.clone()
        };
        assert!(bad.to_schedule().is_err());
        let bad = Settings {
            poll_minutes: 0,
            ..s
        };
        assert!(bad.to_schedule().is_err());
    }

    #[test]
    fn recent_days_summarize_the_numbers_or_say_why_not() {
        let mut record = DayRecord::new(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            DayAction::Created,
        );
        record.values = Some(
            serde_json::json!({"recovery_score": {"display": "78%", "value": 78}, "sleep_time": {"display": "7h 12m", "value": 1}}),
        );
        assert_eq!(recent_day(&record).summary, "Recovery 78% · Asleep 7h 12m");
        let mut waiting = DayRecord::new(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            DayAction::Waiting,
        );
        waiting.reason = Some("WHOOP is still scoring this recovery".into());
        assert_eq!(
            recent_day(&waiting).summary,
            "WHOOP is still scoring this recovery"
        );
    }

    #[test]
    fn demo_mode_has_no_links_into_notion() {
        use sync_vocabulary::status::{NotionStatus, WhoopStatus};
        let status = Status {
            whoop: WhoopStatus {
                state: Connection::Connected,
                user_name: Some("John Smith".into()),
                client_id: None,
                redirect_uri: None,
            },
            notion: NotionStatus {
                state: Connection::Connected,
                workspace: None,
                database: Some("Daily Tracking".into()),
                database_id: Some("1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d".into()),
                data_source_id: None,
            },
            day_key: Some("Date".into()),
            mapped_metrics: 3,
            last_run: None,
            secrets: "memory",
            config_dir: "/tmp".into(),
            paused_until: None,
        };
        let mut day = DayRecord::new(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            DayAction::Created,
        );
        day.page_url = Some("https://www.notion.so/page".into());
        let recent = vec![(day, chrono::Utc::now())];
        let tray = TrayView {
            state: TrayState::Synced,
            tooltip: "Synced".into(),
            attention: None,
            today: None,
        };
        let settings = Settings::from_schedule(
            &ScheduleSettings::default(),
            Default::default(),
            false,
            None,
        );
        let build = |mode| {
            overview(OverviewParts {
                mode,
                status: &status,
                tray: tray.clone(),
                syncing: false,
                settings: settings.clone(),
                units: Default::default(),
                recent: &recent,
                tray_hidden: false,
                needs_whoop_scope: None,
            })
        };
        let real = build(Mode::Real);
        assert_eq!(
            real.notion.database_url.as_deref(),
            Some("https://www.notion.so/1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d")
        );
        assert!(real.recent_days[0].page_url.is_some());
        let demo = build(Mode::Demo);
        assert_eq!(demo.notion.database_url, None);
        assert_eq!(demo.recent_days[0].page_url, None);
        assert!(demo.demo_available);
    }
}
