//! Errors that carry a small stable code ([`ErrorCode`], the shared vocabulary's) the CLI
//! prints and the app acts on, plus a message that says what to do. Nobody matches on message
//! text.

use serde::Serialize;
pub use sync_vocabulary::ErrorCode;

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
}
