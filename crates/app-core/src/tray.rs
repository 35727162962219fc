//! The tray tells the truth: it never says "synced" while something is wrong.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Serialize;
use sync_vocabulary::schedule::{decide, Decision};
use sync_vocabulary::status::Connection;
use sync_vocabulary::{ActionKind, ErrorCode, ScheduleSettings, SyncError, SyncReport, Units};

use crate::wording::{self, STATUS_LINE_MAX};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// The schedule's settings and when it last started a run (at start-up, on wake or by
    /// the clock; not "Sync now"): with them the tray says when it checks next, as the
    /// schedule itself decides ([`decide`]).
    pub schedule: ScheduleSettings,
    pub last_scheduled_attempt: Option<DateTime<Utc>>,
    /// The user's clock, for "synced 7:42 AM" or "synced 07:42".
    pub units: Units,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrayView {
    pub state: TrayState,
    pub tooltip: String,
    /// The problem the user must act on, if any.
    pub attention: Option<SyncError>,
    /// The local day the view is about (for the menu's "Open today's page"); `None` before
    /// the first picture.
    #[serde(skip)]
    pub today: Option<NaiveDate>,
}

/// Transient failures tolerated before the tray asks for attention (and a notification says
/// so): at the schedule's 10-minute polls, trouble shorter than about 20 minutes is never
/// told.
pub const FAILURES_BEFORE_ATTENTION: u32 = 3;

/// Whether the tray asks for attention and a notification tells of the error: the user must
/// act, or a passing error kept failing. A keychain still locked gets the passing errors'
/// grace: right after login it unlocks by itself within minutes (else a keyring's
/// ten minutes to unlock would bring a notification and then its "back to normal").
pub fn needs_attention(code: ErrorCode, consecutive_failures: u32) -> bool {
    let may_pass = !code.needs_user() || code == ErrorCode::KeychainUnavailable;
    !may_pass || consecutive_failures >= FAILURES_BEFORE_ATTENTION
}

pub fn tray_view(s: &TraySnapshot) -> TrayView {
    let local = |t: DateTime<Utc>| s.units.time(t.with_timezone(&s.local_offset));
    let view = |state: TrayState, tooltip: String| TrayView {
        state,
        tooltip,
        attention: None,
        today: Some(s.today),
    };
    // The tray and the window's banner say it in the desktop's words (the engine's message is
    // in the CLI's terms); the banner's button comes from the code.
    let attention = |error: SyncError| {
        let shown = wording::for_desktop(&error);
        TrayView {
            attention: Some(shown.clone()),
            ..view(
                TrayState::Attention,
                status_line(std::slice::from_ref(&shown.message), None),
            )
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
        return view(
            TrayState::Idle,
            "Not set up yet: connect WHOOP and Notion".into(),
        );
    }
    // A run that stopped because setup wasn't finished then is no problem now that it is.
    let last_error = s.last_error.as_ref().filter(|e| !e.code.setup_unfinished());
    if let Some(error) = last_error {
        if needs_attention(error.code, s.consecutive_failures) {
            return attention(error.clone());
        }
    }
    if s.syncing {
        return view(TrayState::Syncing, "Syncing…".into());
    }
    if let Some(until) = s.paused_until.filter(|u| *u > s.now) {
        return view(TrayState::Paused, format!("Paused until {}", local(until)));
    }
    let Some((at, report)) = &s.last_report else {
        return view(TrayState::Idle, "Not synced yet".into());
    };
    let today = report.day(s.today);
    let retrying = last_error.map(|_| "retrying");
    match today.map(|d| d.action) {
        // Today's numbers first: what a glance at the tray is for.
        Some(ActionKind::Created | ActionKind::Updated | ActionKind::Unchanged) => {
            let mut parts = numbers(today.map(|d| &d.values));
            parts.push(if parts.is_empty() {
                format!("Synced {}", local(*at))
            } else {
                format!("synced {}", local(*at))
            });
            view(TrayState::Synced, status_line(&parts, retrying))
        }
        Some(ActionKind::Skipped) => {
            let reason = today
                .and_then(|d| d.reason.clone())
                .unwrap_or_else(|| "nothing to write".into());
            let synced = format!("Synced {}", local(*at));
            view(
                TrayState::Synced,
                status_line(&[synced, format!("today: {reason}")], retrying),
            )
        }
        Some(ActionKind::Waiting) | None => view(
            TrayState::Waiting,
            status_line(
                &["Waiting for today's score".into(), next_check(s)],
                retrying,
            ),
        ),
    }
}

/// "next check 07:40" or "7:40 AM" (or "tomorrow 05:00", or "checking now"), as the schedule decides with
/// today not yet written.
fn next_check(s: &TraySnapshot) -> String {
    let local = |t: DateTime<Utc>| t.with_timezone(&s.local_offset).naive_local();
    let now = local(s.now);
    let last = s.last_scheduled_attempt.map(local);
    match decide(now, &s.schedule, false, last) {
        Decision::SyncNow => "checking now".into(),
        Decision::WaitUntil(at) if at.date() == now.date() => {
            format!("next check {}", s.units.time(at))
        }
        Decision::WaitUntil(at) => format!("next check tomorrow {}", s.units.time(at)),
    }
}

/// A line for the tray made to fit: cut with "…" past [`STATUS_LINE_MAX`] characters.
pub fn fit(line: String) -> String {
    if line.chars().count() <= STATUS_LINE_MAX {
        return line;
    }
    line.chars().take(STATUS_LINE_MAX - 1).collect::<String>() + "…"
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
    fit(line)
}

/// ["Recovery 78%", "Asleep 7h 12m"] from a day's displayed values: the two a glance needs
/// (the window and the morning notification have the rest).
fn numbers(values: Option<&std::collections::BTreeMap<String, String>>) -> Vec<String> {
    let Some(values) = values else {
        return Vec::new();
    };
    let mut headline = sync_vocabulary::metrics::headline(|key| values.get(key).cloned());
    headline.truncate(2);
    headline
}
