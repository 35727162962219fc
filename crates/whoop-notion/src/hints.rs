//! What the CLI adds to an error: the command that fixes it. The engine's messages carry only
//! the facts, so the window can say the same thing in its own words.

use sync_engine::ErrorCode;

pub fn for_code(code: ErrorCode) -> Option<&'static str> {
    Some(match code {
        ErrorCode::WhoopReconnect | ErrorCode::WhoopNotConnected => {
            "Run `whoop-notion whoop connect`."
        }
        ErrorCode::NotionUnauthorized => {
            "Create a new token at https://www.notion.so/profile/integrations and run \
             `whoop-notion notion connect --token-stdin`."
        }
        ErrorCode::NotionNotConnected => "Run `whoop-notion notion connect --token-stdin`.",
        ErrorCode::NoDatabase => {
            "Run `whoop-notion notion databases`, then `whoop-notion notion use URL` \
             (or let the app make one: `whoop-notion notion create-database --parent PAGE`)."
        }
        ErrorCode::NotionNoPermission => {
            "Allow the capability named above in your connection's Capabilities at \
             https://www.notion.so/profile/integrations, then try again."
        }
        ErrorCode::ConfigMovedAside => {
            "Set up again: `whoop-notion whoop connect`, then \
             `whoop-notion notion connect --token-stdin` and `whoop-notion notion use URL`."
        }
        ErrorCode::NetworkWebPage => {
            "If a Wi-Fi network wants you to sign in or accept its terms, do that in a browser, \
             then run `whoop-notion sync` again."
        }
        ErrorCode::HistoryMovedAside => "The next `whoop-notion sync` starts a new history.",
        ErrorCode::MappingBroken | ErrorCode::NotionRejected => {
            "Check the mapping with `whoop-notion mapping show`."
        }
        _ => return None,
    })
}

/// The message with its hint, as one line.
pub fn with_hint(code: ErrorCode, message: &str) -> String {
    let message = message.replace('\n', " ");
    match for_code(code) {
        Some(hint) => format!("{}. {hint}", message.trim_end_matches('.')),
        None => message,
    }
}

/// Under the mapping's problems: how to fix them.
pub const MAPPING_PROBLEMS: &str =
    "Fix with `whoop-notion mapping set KEY=PROPERTY` (the day key: \
     `date=PROPERTY`), or stop writing a metric with `whoop-notion mapping unset KEY`.";

/// After `whoop-notion units` shows the units in force.
pub const UNITS_CHANGE: &str =
    "Change with `whoop-notion units --clock 12h|24h|auto --temperature c|f|auto` (auto follows the locale).";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_says_which_command_fixes_it() {
        assert_eq!(
            with_hint(ErrorCode::WhoopNotConnected, "WHOOP is not connected"),
            "WHOOP is not connected. Run `whoop-notion whoop connect`."
        );
        assert_eq!(
            with_hint(ErrorCode::Network, "could not reach WHOOP: timed out"),
            "could not reach WHOOP: timed out"
        );
        // Every problem the user fixes through the setup gets its command.
        for code in ErrorCode::ALL {
            if code.setup_unfinished()
                || matches!(
                    code,
                    ErrorCode::WhoopReconnect
                        | ErrorCode::NotionUnauthorized
                        | ErrorCode::MappingBroken
                )
            {
                assert!(
                    for_code(code).unwrap().contains("`whoop-notion "),
                    "{code:?}"
                );
            }
        }
    }
}
