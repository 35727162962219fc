//! "Check setup" in the desktop's words: one line per check, with a title, the status and one
//! short sentence, next to the button the window already has for the check's error code
//! (Reconnect WHOOP, Open mapping, How to share the database, …). A failure is worded like any
//! error of that code ([`crate::wording::sentence`]); passes, skips and warnings get their own
//! sentences. Never a command to run, never a raw HTTP body. The login item is the app's own
//! check (the engine knows nothing of it).

use serde::Serialize;
use sync_vocabulary::checks::{Check, CheckId, CheckStatus};
use sync_vocabulary::ErrorCode;

use crate::wording::sentence;

/// One line of the Settings → Check setup list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SetupCheck {
    pub id: CheckId,
    pub status: CheckStatus,
    /// The window picks the action button by this code, as for an error banner.
    pub code: Option<ErrorCode>,
    /// "WHOOP sign-in"
    pub title: String,
    /// One sentence in the desktop's words.
    pub message: String,
}

/// The login item as a check: launch at login *is* the login item (the setting shows whether
/// it exists), so "on" passes and "off" is a warning — the morning sync then waits until the
/// app is opened.
pub fn login_item(present: bool) -> Check {
    if present {
        Check::pass(CheckId::LoginItem, "the login item is present")
    } else {
        Check::warn(
            CheckId::LoginItem,
            None,
            "launch at login is off: there is no login item",
        )
    }
}

pub fn title(id: CheckId) -> &'static str {
    match id {
        CheckId::Keychain => "Keychain",
        CheckId::WhoopToken => "WHOOP sign-in",
        CheckId::WhoopOffline => "WHOOP offline access",
        CheckId::WhoopWorkouts => "WHOOP workouts",
        CheckId::NotionToken => "Notion connection",
        CheckId::NotionDatabase => "Notion database",
        CheckId::Mapping => "Column mapping",
        CheckId::WorkoutsDatabase => "Workouts database",
        CheckId::Clock => "Computer clock",
        CheckId::LoginItem => "Launch at login",
    }
}

fn passed(id: CheckId) -> &'static str {
    match id {
        CheckId::Keychain => "The app can read its saved sign-ins.",
        CheckId::WhoopToken => "WHOOP accepts the app's sign-in.",
        CheckId::WhoopOffline => "WHOOP lets the app stay signed in.",
        CheckId::WhoopWorkouts => "WHOOP lets the app read what your columns need.",
        CheckId::NotionToken => "Notion accepts the connection.",
        CheckId::NotionDatabase => "Your database is shared with the connection.",
        CheckId::Mapping => "The date and every mapped column fit the database.",
        CheckId::WorkoutsDatabase => "Your Workouts database is shared and its columns fit.",
        CheckId::Clock => "Your computer's clock is right.",
        CheckId::LoginItem => "The app starts when you log in.",
    }
}

fn failed(id: CheckId, code: Option<ErrorCode>) -> &'static str {
    match (id, code) {
        (CheckId::WhoopOffline, _) => {
            "WHOOP gave no offline access. Allow “offline” in your WHOOP app, then reconnect."
        }
        (CheckId::Clock, _) => {
            "Your computer's clock is more than 2 minutes off. Set it to update automatically."
        }
        (CheckId::LoginItem, _) => "The app won't start when you log in.",
        (_, Some(code)) => sentence(code),
        (_, None) => sentence(ErrorCode::Internal),
    }
}

fn warned(id: CheckId) -> &'static str {
    match id {
        CheckId::Mapping => "Only the date is mapped. Choose a column for each metric you want.",
        CheckId::LoginItem => {
            "Launch at login is off, so the morning sync waits until you open the app."
        }
        CheckId::WhoopWorkouts => {
            "Your WHOOP sign-in doesn't include workouts, so the workout columns stay empty. Reconnect WHOOP and allow workouts."
        }
        _ => "This works, but deserves a look.",
    }
}

/// `check` as the window shows it.
pub fn for_desktop(check: &Check) -> SetupCheck {
    let message = match check.status {
        CheckStatus::Pass => passed(check.id),
        CheckStatus::Fail => failed(check.id, check.code),
        CheckStatus::Warn => warned(check.id),
        CheckStatus::Skip => "Not checked: fix the problem above first.",
    };
    SetupCheck {
        id: check.id,
        status: check.status,
        code: check.code,
        title: title(check.id).to_string(),
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [CheckId; 10] = [
        CheckId::Keychain,
        CheckId::WhoopToken,
        CheckId::WhoopOffline,
        CheckId::WhoopWorkouts,
        CheckId::NotionToken,
        CheckId::NotionDatabase,
        CheckId::Mapping,
        CheckId::WorkoutsDatabase,
        CheckId::Clock,
        CheckId::LoginItem,
    ];

    #[test]
    fn every_check_is_one_desktop_sentence_without_the_engines_facts() {
        let raw = "Notion answered HTTP 401: {\"code\":\"unauthorized\"}; run `whoop-notion notion connect`";
        for id in IDS {
            let mut checks = vec![
                Check::pass(id, raw),
                Check::skip(id, raw),
                Check::warn(id, None, raw),
                Check::fail(id, None, raw),
            ];
            checks.extend(ErrorCode::ALL.map(|c| Check::fail(id, Some(c), raw)));
            for check in checks {
                let shown = for_desktop(&check);
                assert_eq!(
                    (shown.id, shown.status, shown.code),
                    (check.id, check.status, check.code)
                );
                let text = &shown.message;
                assert!(text.ends_with('.'), "{check:?}: {text}");
                for bad in ["whoop-notion", "`", "{", "HTTP", "--"] {
                    assert!(!text.contains(bad), "{check:?} says {bad:?}: {text}");
                }
            }
        }
    }

    #[test]
    fn a_failure_reads_like_the_error_it_is() {
        let shown = for_desktop(&Check::fail(
            CheckId::NotionDatabase,
            Some(ErrorCode::NotionNotFound),
            "Notion can't find \"Daily Tracking\"",
        ));
        assert_eq!(shown.title, "Notion database");
        assert_eq!(shown.message, sentence(ErrorCode::NotionNotFound));
        assert_eq!(
            serde_json::to_value(&shown).unwrap(),
            serde_json::json!({"id": "notion_database", "status": "fail", "code": "notion_not_found",
                               "title": "Notion database", "message": sentence(ErrorCode::NotionNotFound)})
        );
        assert_eq!(login_item(true).status, CheckStatus::Pass);
        assert_eq!(login_item(false).status, CheckStatus::Warn);
        assert_eq!(login_item(false).code, None);
    }
}
