//! What the desktop app says about a problem. The engine's errors carry a code and the facts in
//! the CLI's terms (raw OAuth answers, property names); a desktop user gets one short sentence
//! per code instead, next to the button the window already has for that code (Reconnect WHOOP,
//! Open mapping, …). Never a command to run, never a raw HTTP or OAuth body.

use sync_vocabulary::{ErrorCode, SyncError};

/// The longest status line a tray shows whole (tooltips and menu items get cut beyond it).
pub const STATUS_LINE_MAX: usize = 64;

/// One sentence for `code`, short enough for the tray's status line.
pub fn sentence(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::WhoopReconnect => "WHOOP signed you out. Reconnect to keep syncing.",
        ErrorCode::WhoopNotConnected => "WHOOP isn't connected yet.",
        ErrorCode::WhoopInvalidClient => "WHOOP didn't accept your app's client ID or secret.",
        ErrorCode::NotionUnauthorized => "Notion signed the app out. Reconnect to keep syncing.",
        ErrorCode::NotionNotConnected => "Notion isn't connected yet.",
        ErrorCode::NotionNotFound => {
            "Notion can't see your database. Share it with your connection."
        }
        ErrorCode::NotionRejected => "Notion refused a value. Check the column mapping.",
        // Which capability depends on the request (read, update or insert content).
        ErrorCode::NotionNoPermission => {
            "The Notion connection lacks a capability. Check its settings."
        }
        ErrorCode::NoDatabase => "Choose the Notion database to sync into.",
        ErrorCode::MappingBroken => "A mapped Notion column changed. Check the mapping.",
        ErrorCode::InvalidInput => "Something you entered needs another look.",
        ErrorCode::KeychainUnavailable => "Your keychain is locked. Unlock it to keep syncing.",
        ErrorCode::SecretStore => "The app couldn't read its saved sign-ins.",
        ErrorCode::RateLimited => "WHOOP or Notion asked for a pause. Trying again soon.",
        ErrorCode::Network => "Can't reach WHOOP or Notion. Check your connection.",
        // The network's own page in place of the services: most often a Wi-Fi to sign in to.
        ErrorCode::NetworkWebPage => "The network showed a web page. Sign in to the Wi-Fi first.",
        ErrorCode::Server => "WHOOP or Notion is having trouble. Trying again soon.",
        ErrorCode::History => "The sync history couldn't be read or saved.",
        ErrorCode::HistoryMovedAside => {
            "An unreadable sync history was moved aside; a new one began."
        }
        ErrorCode::Config => "The app's settings couldn't be read or saved.",
        ErrorCode::ConfigMovedAside => {
            "Unreadable settings were moved aside. Set up the app again."
        }
        ErrorCode::Busy => "Another sync is still running. Try again when it has finished.",
        ErrorCode::NothingToExport => "Nothing synced to export yet. Sync first, then export.",
        ErrorCode::Internal => "Something went wrong. The logs have the details.",
    }
}

/// `error` as the desktop app shows it: the same code, the desktop sentence. Only what the user
/// just typed is answered with the engine's own words, which name the field and its problem
/// ("poll every 1 to 240 minutes").
pub fn for_desktop(error: &SyncError) -> SyncError {
    let message = match error.code {
        ErrorCode::InvalidInput if !error.message.is_empty() => error.message.clone(),
        code => sentence(code).to_string(),
    };
    SyncError::new(error.code, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the engine may say in the CLI's terms, which the desktop must never show.
    const CLI_AND_RAW: [&str; 6] = ["whoop-notion", "`", "--", "invalid_grant", "{", "HTTP"];

    #[test]
    fn every_code_has_a_short_desktop_sentence() {
        for code in ErrorCode::ALL {
            let text = sentence(code);
            assert!(
                text.chars().count() <= STATUS_LINE_MAX,
                "{code:?}: {} characters: {text}",
                text.chars().count()
            );
            assert!(text.ends_with('.'), "{code:?}: a sentence: {text}");
            assert!(
                text.chars().next().is_some_and(char::is_uppercase),
                "{code:?}: {text}"
            );
            for bad in CLI_AND_RAW {
                assert!(!text.contains(bad), "{code:?} says {bad:?}: {text}");
            }
        }
    }

    #[test]
    fn the_engines_words_never_reach_the_desktop() {
        // The worst an engine message holds: a CLI command and a raw OAuth body.
        let raw = "WHOOP needs to be reconnected (400 Bad Request: {\"error\":\"invalid_grant\",\
                   \"error_description\":\"The refresh token is invalid\"}). Run `whoop-notion whoop connect`.";
        for code in ErrorCode::ALL {
            if code == ErrorCode::InvalidInput {
                continue;
            }
            let shown = for_desktop(&SyncError::new(code, raw));
            assert_eq!(shown.code, code);
            assert_eq!(shown.message, sentence(code));
        }
    }

    #[test]
    fn what_the_user_typed_is_answered_with_the_facts() {
        let typed = SyncError::invalid("poll every 1 to 240 minutes");
        assert_eq!(for_desktop(&typed).message, "poll every 1 to 240 minutes");
        assert_eq!(
            for_desktop(&SyncError::invalid("")).message,
            sentence(ErrorCode::InvalidInput)
        );
    }
}
