use sync_vocabulary::{ErrorCode, SyncError};
use thiserror::Error;

/// What went wrong talking to WHOOP. Callers match on the variants (`From` below gives each its
/// `ErrorCode`); nothing matches on the messages.
#[derive(Debug, Error)]
pub enum WhoopError {
    #[error("WHOOP needs to be reconnected ({0})")]
    NeedsReconnect(String),
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
