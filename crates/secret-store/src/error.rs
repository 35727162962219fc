use std::io;
use std::path::PathBuf;

use sync_vocabulary::{ErrorCode, SyncError};

/// What a user does when the system's keychain is locked or not running.
#[cfg(target_os = "macos")]
const UNLOCK_HINT: &str = "unlock your login keychain (Keychain Access)";
#[cfg(windows)]
const UNLOCK_HINT: &str = "sign in to Windows with your own account (Credential Manager)";
#[cfg(not(any(target_os = "macos", windows)))]
const UNLOCK_HINT: &str = "start or unlock your keyring (e.g. GNOME Keyring or KWallet)";

/// Why a secret could not be read or written. Messages say what the user can do; callers
/// match on the variants (`From` below gives each its `ErrorCode`).
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// No keychain, no D-Bus session, or the keyring is locked.
    #[error(
        "the OS keychain is not available ({0}); {UNLOCK_HINT}, or set \
         WHOOP_NOTION_SECRETS=file to opt in to the file store"
    )]
    Unavailable(String),
    /// The system's credential store would keep a secret only for a while (in memory, until
    /// reboot): a sign-in would be lost without a word, so it is refused. `0` says how long.
    #[error(
        "this system's credential store keeps secrets only {0}, so a sign-in would not last; \
         this build has no keychain for this system: set WHOOP_NOTION_SECRETS=file to opt in \
         to the file store"
    )]
    NotPersistent(&'static str),
    /// Reading or writing the file store (or its lock) failed.
    #[error("could not {action} {path}: {source}; check that the folder exists and that you can write to it")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Another process of the app is writing the file store and didn't finish in time;
    /// trying again is enough.
    #[error(
        "{path} stayed locked by another process of this app ({source}); try again in a moment"
    )]
    Busy {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Stored data exists but can't be used; the message names the fix.
    #[error("{0}")]
    Corrupt(String),
    /// The file store is readable or writable by other users, so it is not trusted.
    #[error(
        "{path} is accessible to other users (mode {mode:o}); run `chmod 600 {path}` and try again"
    )]
    InsecurePermissions { path: PathBuf, mode: u32 },
    /// The keychain refused the key or value itself (too long, invalid attribute).
    #[error("the keychain refused the entry: {0}")]
    Invalid(String),
}

impl SecretError {
    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        SecretError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// The code each error is known by on every surface (the CLI, the window, the history).
impl From<SecretError> for SyncError {
    fn from(e: SecretError) -> Self {
        let code = match &e {
            SecretError::Unavailable(_) | SecretError::NotPersistent(_) => {
                ErrorCode::KeychainUnavailable
            }
            SecretError::Busy { .. } => ErrorCode::Busy,
            SecretError::Io { .. }
            | SecretError::Corrupt(_)
            | SecretError::InsecurePermissions { .. }
            | SecretError::Invalid(_) => ErrorCode::SecretStore,
        };
        SyncError::new(code, e.to_string())
    }
}
