//! WHOOP Developer API v2 over HTTP: OAuth 2.0 (authorize URL with PKCE, code exchange,
//! refresh, the loopback callback) and the paged collections of recoveries, sleeps and cycles.
//! It knows nothing about where tokens are stored: callers hand in an [`AccessTokens`] source.

mod api;
mod callback;
mod error;
mod oauth;
mod records;

pub use api::{AccessTokens, DateRange, WhoopApi, WhoopApiConfig};
pub use callback::{parse_redirect, LoopbackCallback, RedirectKind};
pub use error::WhoopError;
pub use oauth::{random_state, AuthorizeRequest, OAuthClient, OAuthConfig, Pkce, TokenSet, SCOPES};
pub use records::{
    Cycle, CycleScore, Profile, Recovery, RecoveryScore, ScoreState, Sleep, SleepNeeded,
    SleepScore, StageSummary,
};
