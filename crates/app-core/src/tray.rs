//! The tray tells the truth: it never says "synced" while something is wrong.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Serialize;
use sync_engine::plan::ActionKind;
use sync_engine::report::SyncReport;
use sync_engine::{Connection, ErrorCode, SyncError};

use crate::wording::{self, STATUS_LINE_MAX};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TrayState {
    Synced,
    Syncing,
    /// Today's night isn't scored yet.
    Waiting,
    Paused,
    /// The user must do something (reconnect, fix the mapping) or syncing keeps failing.
    Attention,
    /// Nothing to show yet: not connected, or never synced.
    Idle,
}

impl TrayState {
    /// Every state, for drawing each picture once.
    pub const ALL: [TrayState; 6] = [
        TrayState::Synced,
        TrayState::Syncing,
        TrayState::Waiting,
        TrayState::Paused,
        TrayState::Attention,
        TrayState::Idle,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TrayState::Synced => "synced",
            TrayState::Syncing => "syncing",
            TrayState::Waiting => "waiting",
            TrayState::Paused => "paused",
            TrayState::Attention => "attention",
            TrayState::Idle => "idle",
        }
    }
}

/// Everything the tray depends on, gathered by the shell.
#[derive(Debug, Clone)]
pub struct TraySnapshot {
    pub now: DateTime<Utc>,
    pub local_offset: FixedOffset,
    pub today: NaiveDate,
    pub whoop: Connection,
    pub notion: Connection,
    pub has_database: bool,
    pub syncing: bool,
    pub paused_until: Option<DateTime<Utc>>,
    /// The last finished sync and when it finished.
    pub last_report: Option<(DateTime<Utc>, SyncReport)>,
    /// The error of the last run, if it failed.
    pub last_error: Option<SyncError>,
    /// Runs that failed in a row.
    pub consecutive_failures: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrayView {
    pub state: TrayState,
    pub tooltip: String,
    /// The problem the user must act on, if any.
    pub attention: Option<SyncError>,
}

/// Transient failures tolerated before the tray asks for attention.
pub const FAILURES_BEFORE_ATTENTION: u32 = 3;

pub fn tray_view(s: &TraySnapshot) -> TrayView {
    let local = |t: DateTime<Utc>| t.with_timezone(&s.local_offset).format("%H:%M").to_string();
    // The tray and the window's banner say it in the desktop's words (the engine's message is
    // in the CLI's terms); the banner's button comes from the code.
    let attention = |error: SyncError| {
        let shown = wording::for_desktop(&error);
        TrayView {
            state: TrayState::Attention,
            tooltip: status_line(std::slice::from_ref(&shown.message), None),
            attention: Some(shown),
        }
    };
    if s.whoop == Connection::NeedsReconnect {
        return attention(SyncError::new(
            ErrorCode::WhoopReconnect,
            "WHOOP needs to be reconnected",
        ));
    }
    if s.notion == Connection::NeedsReconnect {
        return attention(SyncError::new(
            ErrorCode::NotionUnauthorized,
            "Notion needs to be reconnected",
        ));
    }
    if s.whoop == Connection::NotConnected
        || s.notion == Connection::NotConnected
        || !s.has_database
    {
        return TrayView {
            state: TrayState::Idle,
            tooltip: "Not set up yet: connect WHOOP and Notion".into(),
            attention: None,
        };
    }
    // A run that stopped because setup wasn't finished then is no problem now that it is.
    let last_error = s.last_error.as_ref().filter(|e| !e.code.setup_unfinished());
    if let Some(error) = last_error {
        if error.code.needs_user() || s.consecutive_failures >= FAILURES_BEFORE_ATTENTION {
            return attention(error.clone());
        }
    }
    if s.syncing {
        return TrayView {
            state: TrayState::Syncing,
            tooltip: "Syncing…".into(),
            attention: None,
        };
    }
    if let Some(until) = s.paused_until.filter(|u| *u > s.now) {
        return TrayView {
            state: TrayState::Paused,
            tooltip: format!("Paused until {}", local(until)),
            attention: None,
        };
    }
    let Some((at, report)) = &s.last_report else {
        return TrayView {
            state: TrayState::Idle,
            tooltip: "Not synced yet".into(),
            attention: None,
        };
    };
    let today = report.day(s.today);
    let retrying = last_error.map(|_| "retrying");
    let synced = format!("Synced {}", local(*at));
    match today.map(|d| d.action) {
        Some(ActionKind::Created | ActionKind::Updated | ActionKind::Unchanged) => {
            let mut parts = vec![synced];
            parts.extend(numbers(today.map(|d| &d.values)));
            TrayView {
                state: TrayState::Synced,
                tooltip: status_line(&parts, retrying),
                attention: None,
            }
        }
        Some(ActionKind::Skipped) => {
            let reason = today
                .and_then(|d| d.reason.clone())
                .unwrap_or_else(|| "nothing to write".into());
            TrayView {
                state: TrayState::Synced,
                tooltip: status_line(&[synced, format!("today: {reason}")], retrying),
                attention: None,
            }
        }
        Some(ActionKind::Waiting) | None => TrayView {
            state: TrayState::Waiting,
            tooltip: status_line(
                &[
                    "Waiting for today's score".into(),
                    format!("last synced {}", local(*at)),
                ],
                retrying,
            ),
            attention: None,
        },
    }
}

/// `parts` joined with " · ", then `tail`, within the tray's [`STATUS_LINE_MAX`]: the parts
/// that don't fit are left out from the end (the tail always stays), and a first part too long
/// on its own is cut with "…".
fn status_line(parts: &[String], tail: Option<&str>) -> String {
    let len = |s: &str| s.chars().count();
    let tail_len = tail.map(|t| len(t) + 3).unwrap_or(0);
    let mut line = String::new();
    for part in parts {
        let joined = if line.is_empty() {
            part.clone()
        } else {
            format!("{line} · {part}")
        };
        if !line.is_empty() && len(&joined) + tail_len > STATUS_LINE_MAX {
            break;
        }
        line = joined;
    }
    if let Some(tail) = tail {
        line = format!("{line} · {tail}");
    }
    if len(&line) > STATUS_LINE_MAX {
        line = line.chars().take(STATUS_LINE_MAX - 1).collect::<String>() + "…";
    }
    line
}

/// ["Recovery 78%", "Asleep 7h 12m", "Efficiency 93%"] from a day's displayed values.
fn numbers(values: Option<&std::collections::BTreeMap<String, String>>) -> Vec<String> {
    let Some(values) = values else {
        return Vec::new();
    };
    sync_engine::metrics::headline(|key| values.get(key).cloned())
}
