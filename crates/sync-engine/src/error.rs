//! The engine's errors are the shared vocabulary's [`SyncError`]: a small stable code
//! ([`ErrorCode`]) the CLI prints and the app acts on, plus a message that says what to do.
//! Each crate whose errors reach here says beside them which code each is, so `?` converts.

pub use sync_vocabulary::{ErrorCode, SyncError};

pub type Result<T, E = SyncError> = std::result::Result<T, E>;

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
