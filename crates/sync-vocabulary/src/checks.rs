//! "Check setup": one [`Check`] per link the sync depends on, each with its status and, for a
//! failure, the error code the surfaces pick their action by. The engine runs the checks; the
//! CLI and the window word each one themselves.

use serde::Serialize;

use crate::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    /// The configured secret store can be read.
    Keychain,
    /// WHOOP accepts the stored sign-in (a live profile call).
    WhoopToken,
    /// A refresh token is held (the `offline` scope was granted).
    WhoopOffline,
    /// The sign-in allows workouts (`read:workout`); a warning only when a workout metric is
    /// mapped without it.
    WhoopWorkouts,
    /// Notion accepts the token (`users/me`).
    NotionToken,
    /// The chosen data source is shared with the connection and readable.
    NotionDatabase,
    /// The day key and every mapped property exist with compatible types.
    Mapping,
    /// Workouts are on: their database is readable and its mapping fits (listed only then).
    WorkoutsDatabase,
    /// The computer's clock is within two minutes of the servers' `Date`.
    Clock,
    /// The app starts at login (the app only: the CLI has no login item).
    LoginItem,
}

impl CheckId {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Keychain => "keychain",
            CheckId::WhoopToken => "whoop_token",
            CheckId::WhoopOffline => "whoop_offline",
            CheckId::WhoopWorkouts => "whoop_workouts",
            CheckId::NotionToken => "notion_token",
            CheckId::NotionDatabase => "notion_database",
            CheckId::Mapping => "mapping",
            CheckId::WorkoutsDatabase => "workouts_database",
            CheckId::Clock => "clock",
            CheckId::LoginItem => "login_item",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Pass,
    Fail,
    /// Not run: an earlier check it depends on failed.
    Skip,
    /// Works, but something deserves a look.
    Warn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Check {
    pub id: CheckId,
    pub status: CheckStatus,
    /// For a failure (or warning): the error code the surfaces pick their action by.
    pub code: Option<ErrorCode>,
    /// Facts, in plain words: who is signed in, what is missing, by how much the clock is off.
    /// Never a command to run, never an HTTP body.
    pub detail: String,
}

impl Check {
    pub fn pass(id: CheckId, detail: impl Into<String>) -> Self {
        Self {
            id,
            status: CheckStatus::Pass,
            code: None,
            detail: detail.into(),
        }
    }

    pub fn fail(id: CheckId, code: Option<ErrorCode>, detail: impl Into<String>) -> Self {
        Self {
            id,
            status: CheckStatus::Fail,
            code,
            detail: detail.into(),
        }
    }

    pub fn warn(id: CheckId, code: Option<ErrorCode>, detail: impl Into<String>) -> Self {
        Self {
            id,
            status: CheckStatus::Warn,
            code,
            detail: detail.into(),
        }
    }

    pub fn skip(id: CheckId, detail: impl Into<String>) -> Self {
        Self {
            id,
            status: CheckStatus::Skip,
            code: None,
            detail: detail.into(),
        }
    }

    pub fn passed(&self) -> bool {
        self.status == CheckStatus::Pass
    }
}

/// True when no check failed (warnings and skips alone don't fail the setup; a skip only
/// happens after a failure anyway).
pub fn all_ok(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.status != CheckStatus::Fail)
}
