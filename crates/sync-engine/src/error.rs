//! Errors that carry a small stable code the CLI prints and the app acts on (a Reconnect
//! button for `whoop_reconnect`, the mapping screen for `mapping_broken`, …), plus a message
//! that says what to do. Nobody matches on message text.

use std::fmt;

use serde::Serialize;

/// The code's name is serde's (`rename_all`), written once: `Display` serializes the variant
/// into the formatter (serde's `Serializer` for `fmt::Formatter` writes a unit variant's
/// renamed name), so `format!("{code}")`, the JSON and the generated TypeScript all agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The user must run the WHOOP sign-in again.
    WhoopReconnect,
    WhoopNotConnected,
    WhoopInvalidClient,
    NotionUnauthorized,
    NotionNotConnected,
    /// The database isn't shared with the connection, or is gone.
    NotionNotFound,
    NotionRejected,
    /// The connection lacks a capability the request needs (reading needs "Read content",
    /// changing a page "Update content", creating "Insert content"); the message names it.
    NotionNoPermission,
    NoDatabase,
    MappingBroken,
    InvalidInput,
    KeychainUnavailable,
    SecretStore,
    RateLimited,
    Network,
    /// The network answered with a web page of its own (a Wi-Fi sign-in page) in place of
    /// WHOOP or Notion: like being offline, it passes once the user signs in to the network.
    NetworkWebPage,
    Server,
    History,
    /// The history file couldn't be read (damaged, not a history) and was moved aside; the
    /// next sync starts a new one. The message says where the old file is.
    HistoryMovedAside,
    Config,
    /// The settings file couldn't be read (damaged, edited by hand) and was moved aside; the
    /// app starts with fresh settings, so WHOOP and Notion are to be connected again. The
    /// message says where the old file is.
    ConfigMovedAside,
    Busy,
    Internal,
}

impl ErrorCode {
    /// Every code, for the tests that walk them all (each surface words every one).
    pub const ALL: [ErrorCode; 23] = [
        ErrorCode::WhoopReconnect,
        ErrorCode::WhoopNotConnected,
        ErrorCode::WhoopInvalidClient,
        ErrorCode::NotionUnauthorized,
        ErrorCode::NotionNotConnected,
        ErrorCode::NotionNotFound,
        ErrorCode::NotionRejected,
        ErrorCode::NotionNoPermission,
        ErrorCode::NoDatabase,
        ErrorCode::MappingBroken,
        ErrorCode::InvalidInput,
        ErrorCode::KeychainUnavailable,
        ErrorCode::SecretStore,
        ErrorCode::RateLimited,
        ErrorCode::Network,
        ErrorCode::NetworkWebPage,
        ErrorCode::Server,
        ErrorCode::History,
        ErrorCode::HistoryMovedAside,
        ErrorCode::Config,
        ErrorCode::ConfigMovedAside,
        ErrorCode::Busy,
        ErrorCode::Internal,
    ];

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
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.serialize(f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error, ts_rs::TS)]
#[error("{message}")]
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

pub type Result<T, E = SyncError> = std::result::Result<T, E>;

impl From<whoop_client::WhoopError> for SyncError {
    fn from(e: whoop_client::WhoopError) -> Self {
        use whoop_client::{TokenStoreError as T, WhoopError as W};
        let code = match &e {
            W::NeedsReconnect(_) => ErrorCode::WhoopReconnect,
            W::InvalidClient(_) => ErrorCode::WhoopInvalidClient,
            W::RateLimited => ErrorCode::RateLimited,
            W::Server { .. } => ErrorCode::Server,
            W::Transport(_) => ErrorCode::Network,
            W::NetworkWebPage(_) => ErrorCode::NetworkWebPage,
            W::Tokens(T::KeychainUnavailable(_)) => ErrorCode::KeychainUnavailable,
            W::Tokens(T::Busy(_)) => ErrorCode::Busy,
            W::Tokens(T::Store(_)) => ErrorCode::SecretStore,
            W::AuthorizationDenied(_)
            | W::StateMismatch
            | W::CallbackTimeout(_)
            | W::InvalidRedirectUri(_) => ErrorCode::InvalidInput,
            W::Decode(_) => ErrorCode::Internal,
        };
        SyncError::new(code, e.to_string())
    }
}

impl From<notion_client::NotionError> for SyncError {
    fn from(e: notion_client::NotionError) -> Self {
        use notion_client::NotionError as N;
        let code = match &e {
            N::Unauthorized { .. } => ErrorCode::NotionUnauthorized,
            N::NotFound { .. } => ErrorCode::NotionNotFound,
            N::Rejected { .. } => ErrorCode::NotionRejected,
            N::Restricted { .. } => ErrorCode::NotionNoPermission,
            N::RateLimited => ErrorCode::RateLimited,
            N::Server { .. } | N::Unconfirmed { .. } => ErrorCode::Server,
            N::Transport(_) => ErrorCode::Network,
            N::NetworkWebPage => ErrorCode::NetworkWebPage,
            N::Decode(_) => ErrorCode::Internal,
        };
        SyncError::new(code, e.to_string())
    }
}

impl From<secret_store::SecretError> for SyncError {
    fn from(e: secret_store::SecretError) -> Self {
        use secret_store::SecretError as S;
        let code = match &e {
            S::Unavailable(_) | S::NotPersistent(_) => ErrorCode::KeychainUnavailable,
            S::Busy { .. } => ErrorCode::Busy,
            S::Io { .. } | S::Corrupt(_) | S::InsecurePermissions { .. } | S::Invalid(_) => {
                ErrorCode::SecretStore
            }
        };
        SyncError::new(code, e.to_string())
    }
}

impl From<sync_history::HistoryError> for SyncError {
    fn from(e: sync_history::HistoryError) -> Self {
        use sync_history::HistoryError as H;
        let code = match &e {
            // Another sync is writing to it: that passes by itself.
            H::Busy { .. } => ErrorCode::Busy,
            H::MovedAside { .. } => ErrorCode::HistoryMovedAside,
            H::NotADatabase { .. }
            | H::TooNew { .. }
            | H::Corrupt { .. }
            | H::UnknownRun(_)
            | H::Io { .. }
            | H::Sqlite { .. } => ErrorCode::History,
        };
        SyncError::new(code, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::{ErrorCode, SyncError};

    #[test]
    fn busy_stores_are_busy_not_broken() {
        use whoop_client::{TokenStoreError as T, WhoopError as W};
        let code = |e: W| SyncError::from(e).code;
        assert_eq!(code(T::Busy("held".into()).into()), ErrorCode::Busy);
        assert_eq!(
            code(T::KeychainUnavailable("locked".into()).into()),
            ErrorCode::KeychainUnavailable
        );
        assert_eq!(code(T::Store("gone".into()).into()), ErrorCode::SecretStore);
        let history = sync_history::HistoryError::Busy {
            path: "history.sqlite3".into(),
            detail: "database is locked".into(),
        };
        assert_eq!(SyncError::from(history).code, ErrorCode::Busy);
        assert!(!ErrorCode::Busy.needs_user());
        let secret = secret_store::SecretError::Unavailable("no D-Bus".into());
        assert_eq!(SyncError::from(secret).code, ErrorCode::KeychainUnavailable);
        let secret = secret_store::SecretError::Busy {
            path: "secrets.json.lock".into(),
            source: std::io::ErrorKind::TimedOut.into(),
        };
        assert_eq!(SyncError::from(secret).code, ErrorCode::Busy);
    }

    #[test]
    fn all_lists_every_code_once() {
        // The enum's own variants, as ts-rs renders them ("a" | "b" | …): ALL must be exactly
        // those, so a new code can't be missed by the tests that walk ALL.
        use ts_rs::TS;
        let rendered = ErrorCode::inline(&ts_rs::Config::new());
        let variants: Vec<String> = rendered
            .split('|')
            .map(|v| v.trim().trim_matches('"').to_string())
            .collect();
        let listed: Vec<String> = ErrorCode::ALL
            .iter()
            .map(|c| {
                serde_json::to_value(c)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(listed, variants);
        // Display is the same name.
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.to_string());
        }
        assert_eq!(
            ErrorCode::WhoopNotConnected.to_string(),
            "whoop_not_connected"
        );
    }
}
