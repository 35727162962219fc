use thiserror::Error;

/// What went wrong talking to WHOOP, with a stable [`WhoopError::code`] for scripts and the UI.
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
    #[error("{message}")]
    Tokens { code: &'static str, message: String },
}

impl WhoopError {
    pub fn code(&self) -> &'static str {
        match self {
            WhoopError::NeedsReconnect(_) => "whoop_reconnect",
            WhoopError::InvalidClient(_) => "whoop_invalid_client",
            WhoopError::AuthorizationDenied(_) => "whoop_denied",
            WhoopError::StateMismatch => "whoop_state_mismatch",
            WhoopError::CallbackTimeout(_) => "whoop_callback_timeout",
            WhoopError::InvalidRedirectUri(_) => "whoop_redirect_uri",
            WhoopError::RateLimited => "whoop_rate_limited",
            WhoopError::Server { .. } => "whoop_server",
            WhoopError::Transport(_) => "whoop_unreachable",
            WhoopError::Decode(_) => "whoop_decode",
            WhoopError::Tokens { code, .. } => code,
        }
    }

    /// Worth trying again later without the user doing anything.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            WhoopError::RateLimited | WhoopError::Server { .. } | WhoopError::Transport(_)
        )
    }
}
