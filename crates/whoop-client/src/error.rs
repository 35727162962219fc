use std::fmt;

use sync_vocabulary::{ErrorCode, SyncError};
use thiserror::Error;

/// What went wrong talking to WHOOP. Callers match on the variants (`From` below gives each its
/// `ErrorCode`); nothing matches on the messages.
#[derive(Debug, Error)]
pub enum WhoopError {
    /// The user has to connect WHOOP again: the sign-in is gone, or (see
    /// [`Reconnect::missing_scope`]) it doesn't allow what was read.
    #[error("WHOOP needs to be reconnected ({0})")]
    NeedsReconnect(Reconnect),
    #[error("WHOOP refused the app's credentials ({0}). Check the client id and secret of your WHOOP developer app, then connect again.")]
    InvalidClient(String),
    #[error("WHOOP did not authorize the app: {0}")]
    AuthorizationDenied(String),
    #[error(
        "the sign-in answer did not match this request (state mismatch); start the sign-in again"
    )]
    StateMismatch,
    #[error("no answer from the browser within {0} seconds; start the sign-in again")]
    CallbackTimeout(u64),
    #[error("the redirect URI is not usable: {0}")]
    InvalidRedirectUri(String),
    #[error("WHOOP is rate limiting this app; try again in a few minutes")]
    RateLimited,
    #[error("WHOOP answered HTTP {status}: {detail}")]
    Server { status: u16, detail: String },
    #[error("could not reach WHOOP: {0}")]
    Transport(String),
    #[error("WHOOP sent something this app can't read: {0}")]
    Decode(String),
    /// The network answered in WHOOP's place with a web page of its own (a Wi-Fi sign-in or
    /// "accept the terms" page): nothing reached WHOOP. `0` says which request.
    #[error("the network answered {0} with a web page instead of WHOOP (a Wi-Fi sign-in page?)")]
    NetworkWebPage(String),
    /// The [`crate::AccessTokens`] source couldn't hand out a token.
    #[error(transparent)]
    Tokens(#[from] TokenStoreError),
}

/// Why the caller's token store (see [`crate::AccessTokens`]) couldn't give or keep a token,
/// in the kinds a caller acts on differently. Each carries the message to show.
#[derive(Debug, Error)]
pub enum TokenStoreError {
    /// The OS keychain can't be reached or is locked: the user has to unlock it.
    #[error("{0}")]
    KeychainUnavailable(String),
    /// Another holder (thread or process) is refreshing the tokens and didn't finish in time:
    /// trying again later is enough.
    #[error("{0}")]
    Busy(String),
    /// Any other failure reading or writing the stored tokens.
    #[error("{0}")]
    Store(String),
}

impl WhoopError {
    /// The scope (e.g. `read:workout`) WHOOP refused a read for because the sign-in doesn't
    /// grant it. Only that kind of data is affected: the sign-in still reads everything else,
    /// and connecting again (allowing the scope) is the fix.
    pub fn missing_scope(&self) -> Option<&str> {
        match self {
            WhoopError::NeedsReconnect(r) => r.missing_scope(),
            _ => None,
        }
    }
}

/// Why WHOOP needs the user to connect again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconnect {
    detail: String,
    missing_scope: Option<String>,
}

impl Reconnect {
    pub fn new(detail: impl Into<String>) -> Self {
        Reconnect {
            detail: detail.into(),
            missing_scope: None,
        }
    }

    /// The sign-in works but doesn't grant `scope` (it was made before the app asked for it,
    /// or the user didn't allow it).
    pub fn for_scope(scope: impl Into<String>) -> Self {
        let scope = scope.into();
        Reconnect {
            detail: format!("the WHOOP sign-in doesn't allow {scope}; connect again and allow it"),
            missing_scope: Some(scope),
        }
    }

    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The scope a new sign-in has to grant, when that is the reason.
    pub fn missing_scope(&self) -> Option<&str> {
        self.missing_scope.as_deref()
    }
}

impl fmt::Display for Reconnect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

impl From<String> for Reconnect {
    fn from(detail: String) -> Self {
        Reconnect::new(detail)
    }
}

impl From<&str> for Reconnect {
    fn from(detail: &str) -> Self {
        Reconnect::new(detail)
    }
}

/// The code each error is known by on every surface (the CLI, the window, the history).
impl From<WhoopError> for SyncError {
    fn from(e: WhoopError) -> Self {
        let code = match &e {
            WhoopError::NeedsReconnect(_) => ErrorCode::WhoopReconnect,
            WhoopError::InvalidClient(_) => ErrorCode::WhoopInvalidClient,
            WhoopError::RateLimited => ErrorCode::RateLimited,
            WhoopError::Server { .. } => ErrorCode::Server,
            WhoopError::Transport(_) => ErrorCode::Network,
            WhoopError::NetworkWebPage(_) => ErrorCode::NetworkWebPage,
            WhoopError::Tokens(TokenStoreError::KeychainUnavailable(_)) => {
                ErrorCode::KeychainUnavailable
            }
            WhoopError::Tokens(TokenStoreError::Busy(_)) => ErrorCode::Busy,
            WhoopError::Tokens(TokenStoreError::Store(_)) => ErrorCode::SecretStore,
            WhoopError::AuthorizationDenied(_)
            | WhoopError::StateMismatch
            | WhoopError::CallbackTimeout(_)
            | WhoopError::InvalidRedirectUri(_) => ErrorCode::InvalidInput,
            WhoopError::Decode(_) => ErrorCode::Internal,
        };
        SyncError::new(code, e.to_string())
    }
}
