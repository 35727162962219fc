//! WHOOP Developer API v2 over HTTP: OAuth 2.0 on the `oauth2` crate (authorize URL with PKCE,
//! code exchange, refresh, sent through `http-policy`), the loopback callback, and the paged
//! collections of recoveries, sleeps, cycles and workouts, and body measurements.
//! It knows nothing about where tokens are stored: callers hand in an [`AccessTokens`] source.

mod api;
mod callback;
mod error;
mod oauth;
mod records;
mod workouts;

pub use api::{AccessTokens, DateRange, Pages, WhoopApi, WhoopApiConfig};
pub use callback::{is_answer_to, parse_redirect, LoopbackCallback, RedirectKind};
pub use error::{Reconnect, TokenStoreError, WhoopError};
pub use oauth::{
    pkce_verifier, random_state, AuthorizeRequest, OAuthClient, OAuthConfig, TokenSet, SCOPES,
};
/// oauth2's secret types, which print as `[redacted]`: the client secret, the `state` and the
/// PKCE verifier of a sign-in in progress.
pub use oauth2::{ClientSecret, CsrfToken, PkceCodeVerifier};
pub use records::{
    Cycle, CycleScore, Profile, Recovery, RecoveryScore, ScoreState, Sleep, SleepNeeded,
    SleepScore, StageSummary,
};
pub use workouts::{BodyMeasurement, Workout, WorkoutScore, ZoneDurations};
