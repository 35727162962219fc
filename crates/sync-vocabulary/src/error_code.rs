//! The small stable codes errors carry ([`ErrorCode`]): the CLI prints them, the window picks
//! its button by them (a Reconnect button for `whoop_reconnect`, the mapping screen for
//! `mapping_broken`, …), the history keeps them. Nobody matches on message text.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Declares [`ErrorCode`] and its [`ErrorCode::ALL`] from one list of codes and their names, so
/// a new code can't be left out of the tests that walk every code, nor its name out of
/// [`ErrorCode::as_str`].
macro_rules! error_codes {
    ($($(#[$doc:meta])* $code:ident = $name:literal,)*) => {
        /// The name is written once, here: serde, `Display`, [`ErrorCode::as_str`] and the
        /// generated TypeScript all use it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum ErrorCode {
            $($(#[$doc])* #[serde(rename = $name)] $code,)*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: [ErrorCode; [$($name),*].len()] = [$(ErrorCode::$code),*];

            /// The code's name as it is written everywhere (`"whoop_reconnect"`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$code => $name,)*
                }
            }
        }
    };
}

error_codes! {
    /// The user must run the WHOOP sign-in again.
    WhoopReconnect = "whoop_reconnect",
    WhoopNotConnected = "whoop_not_connected",
    WhoopInvalidClient = "whoop_invalid_client",
    NotionUnauthorized = "notion_unauthorized",
    NotionNotConnected = "notion_not_connected",
    /// The database isn't shared with the connection, or is gone.
    NotionNotFound = "notion_not_found",
    NotionRejected = "notion_rejected",
    /// The connection lacks a capability the request needs (reading needs "Read content",
    /// changing a page "Update content", creating "Insert content"); the message names it.
    NotionNoPermission = "notion_no_permission",
    NoDatabase = "no_database",
    MappingBroken = "mapping_broken",
    InvalidInput = "invalid_input",
    KeychainUnavailable = "keychain_unavailable",
    SecretStore = "secret_store",
    RateLimited = "rate_limited",
    Network = "network",
    /// The network answered with a web page of its own (a Wi-Fi sign-in page) in place of
    /// WHOOP or Notion: like being offline, it passes once the user signs in to the network.
    NetworkWebPage = "network_web_page",
    Server = "server",
    History = "history",
    /// The history file couldn't be read (damaged, not a history) and was moved aside; the
    /// next sync starts a new one. The message says where the old file is.
    HistoryMovedAside = "history_moved_aside",
    Config = "config",
    /// The settings file couldn't be read (damaged, edited by hand) and was moved aside; the
    /// app starts with fresh settings, so WHOOP and Notion are to be connected again. The
    /// message says where the old file is.
    ConfigMovedAside = "config_moved_aside",
    Busy = "busy",
    /// An export found nothing in the history for what was asked (no synced days, no
    /// workouts): nothing to write, so no file is made.
    NothingToExport = "nothing_to_export",
    Internal = "internal",
}

impl ErrorCode {
    /// Setup isn't finished (a service not connected, no database chosen): a sync that stops
    /// on one of these couldn't start, which is the window's business, not a problem to report.
    pub fn setup_unfinished(self) -> bool {
        matches!(
            self,
            ErrorCode::WhoopNotConnected | ErrorCode::NotionNotConnected | ErrorCode::NoDatabase
        )
    }

    /// Something the user has to fix, as opposed to something that may pass by itself.
    pub fn needs_user(self) -> bool {
        !matches!(
            self,
            ErrorCode::RateLimited
                | ErrorCode::Network
                | ErrorCode::NetworkWebPage
                | ErrorCode::Server
                | ErrorCode::Busy
        )
    }

    /// The code named `name`, if there is one (a newer program may know more codes).
    pub fn parse(name: &str) -> Option<ErrorCode> {
        Self::ALL.into_iter().find(|code| code.as_str() == name)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error as every surface shows it: its code, and a message that says what to do. Each crate
/// that defines an error says which code it is (`From` beside the error), so the engine's
/// `?` turns any of them into this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncError {
    pub code: ErrorCode,
    pub message: String,
}

impl SyncError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SyncError {}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn every_code_once_by_one_name() {
        let names: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, code.as_str());
            assert_eq!(code.to_string(), code.as_str());
            assert_eq!(serde_json::from_value::<ErrorCode>(json).unwrap(), code);
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(ErrorCode::WhoopNotConnected.as_str(), "whoop_not_connected");
        assert_eq!(ErrorCode::NetworkWebPage.as_str(), "network_web_page");
        assert_eq!(ErrorCode::parse("no_such_code"), None);
    }
}
