//! The OAuth 2.0 authorization-code flow against WHOOP: client credentials in the form body,
//! a random `state`, PKCE S256 as extra hardening, and refreshes that are never retried (a
//! resent refresh would reuse a rotated token and may get the whole grant revoked).

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use http_policy::{Attempt, Executor, Sent, Verdict};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::WhoopError;

/// What the app asks for: the records it writes, the profile for "connected as NAME", and
/// `offline` without which WHOOP issues no refresh token.
pub const SCOPES: &[&str] = &[
    "offline",
    "read:recovery",
    "read:cycles",
    "read:sleep",
    "read:profile",
    "read:body_measurement",
];

#[derive(Clone)]
pub struct OAuthConfig {
    /// e.g. `https://api.prod.whoop.com/oauth/oauth2`; `/auth` and `/token` are appended.
    pub oauth_base: String,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
}

impl fmt::Debug for OAuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthConfig")
            .field("oauth_base", &self.oauth_base)
            .field("client_id", &self.client_id)
            .field("client_secret", &"***")
            .field("redirect_uri", &self.redirect_uri)
            .finish()
    }
}

/// A PKCE pair: the verifier stays here, the challenge goes in the authorize URL.
#[derive(Clone)]
pub struct Pkce {
    pub verifier: String,
    pub challenge: String,
}

impl Pkce {
    pub fn generate(rng: &mut dyn RngCore) -> Self {
        let mut bytes = [0u8; 32];
        rng.fill_bytes(&mut bytes);
        let verifier = URL_SAFE_NO_PAD.encode(bytes);
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        Self {
            verifier,
            challenge,
        }
    }
}

/// 43 URL-safe characters (256 bits): WHOOP needs at least 8; we want it unguessable.
pub fn random_state(rng: &mut dyn RngCore) -> String {
    let mut bytes = [0u8; 32];
    rng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Everything needed to finish a sign-in that was started.
pub struct AuthorizeRequest {
    pub url: String,
    pub state: String,
    pub pkce: Pkce,
}

/// An access token and the refresh token that replaces it. Stored as JSON in the secret store.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenSet {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub scope: String,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &"***")
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "***"))
            .field("expires_at", &self.expires_at)
            .field("scope", &self.scope)
            .finish()
    }
}

impl TokenSet {
    /// True when the token should be replaced before use: expired, or about to.
    pub fn expires_within(&self, now: DateTime<Utc>, margin: Duration) -> bool {
        self.expires_at - margin <= now
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<i64>,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    scope: Option<String>,
}

#[derive(Deserialize)]
struct OAuthErrorBody {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

#[derive(Clone)]
pub struct OAuthClient {
    config: OAuthConfig,
    executor: Executor,
}

impl OAuthClient {
    pub fn new(config: OAuthConfig, executor: Executor) -> Self {
        Self { config, executor }
    }

    pub fn config(&self) -> &OAuthConfig {
        &self.config
    }

    pub fn authorize(&self, rng: &mut dyn RngCore) -> AuthorizeRequest {
        let state = random_state(rng);
        let pkce = Pkce::generate(rng);
        let mut url = url::Url::parse(&format!("{}/auth", self.config.oauth_base))
            .unwrap_or_else(|_| url::Url::parse("https://invalid.invalid/auth").expect("static"));
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.config.client_id)
            .append_pair("redirect_uri", &self.config.redirect_uri)
            .append_pair("scope", &SCOPES.join(" "))
            .append_pair("state", &state)
            .append_pair("code_challenge", &pkce.challenge)
            .append_pair("code_challenge_method", "S256");
        AuthorizeRequest {
            url: url.into(),
            state,
            pkce,
        }
    }

    pub async fn exchange_code(
        &self,
        code: &str,
        pkce: &Pkce,
        now: DateTime<Utc>,
    ) -> Result<TokenSet, WhoopError> {
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", self.config.redirect_uri.as_str()),
            ("code_verifier", pkce.verifier.as_str()),
        ];
        self.token_request(&form, now).await
    }

    /// One refresh, sent once. The caller holds the cross-process lock and persists the result
    /// before using it.
    pub async fn refresh(
        &self,
        refresh_token: &str,
        now: DateTime<Utc>,
    ) -> Result<TokenSet, WhoopError> {
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("scope", "offline"),
        ];
        let mut set = self.token_request(&form, now).await?;
        if set.refresh_token.is_none() {
            // WHOOP always rotates; if it ever didn't, the old refresh token is still the one.
            set.refresh_token = Some(refresh_token.to_string());
        }
        Ok(set)
    }

    async fn token_request(
        &self,
        form: &[(&str, &str)],
        now: DateTime<Utc>,
    ) -> Result<TokenSet, WhoopError> {
        let url = format!("{}/token", self.config.oauth_base);
        let mut body: Vec<(&str, &str)> = form.to_vec();
        body.push(("client_id", &self.config.client_id));
        body.push(("client_secret", &self.config.client_secret));
        let sent = self
            .executor
            .send(
                |http| http.post(&url).form(&body),
                // A token request spends a single-use code or refresh token: never resend it
                // unless WHOOP refused it outright.
                Attempt::NotIdempotent,
                |response| match response.status().as_u16() {
                    429 => Verdict::RefusedWait(crate::api::rate_limit_wait(response)),
                    500..=599 => Verdict::Transient,
                    _ => Verdict::Final,
                },
            )
            .await;
        let response = match sent {
            Sent::Response(response) => response,
            Sent::GaveUp {
                status: Some(status),
                ..
            } if status.as_u16() == 429 => return Err(WhoopError::RateLimited),
            Sent::GaveUp { status, body, .. } => {
                return Err(match status {
                    Some(status) => WhoopError::Server {
                        status: status.as_u16(),
                        detail: truncate(&body),
                    },
                    None => WhoopError::Transport(body),
                })
            }
        };
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| WhoopError::Transport(e.without_url().to_string()))?;
        if !status.is_success() {
            return Err(token_error(status.as_u16(), &text));
        }
        let parsed: TokenResponse = serde_json::from_str(&text)
            .map_err(|e| WhoopError::Decode(format!("token response: {e}")))?;
        Ok(TokenSet {
            access_token: parsed.access_token,
            refresh_token: parsed.refresh_token,
            expires_at: now + Duration::seconds(parsed.expires_in.unwrap_or(3600)),
            scope: parsed.scope.unwrap_or_default(),
        })
    }
}

fn token_error(status: u16, body: &str) -> WhoopError {
    match serde_json::from_str::<OAuthErrorBody>(body) {
        Ok(err) => {
            let detail = match err.error_description {
                Some(d) => format!("{}: {}", err.error, d),
                None => err.error.clone(),
            };
            match err.error.as_str() {
                "invalid_grant" => WhoopError::NeedsReconnect(detail),
                "invalid_client" | "unauthorized_client" => WhoopError::InvalidClient(detail),
                "access_denied" => WhoopError::AuthorizationDenied(detail),
                _ => WhoopError::Server { status, detail },
            }
        }
        Err(_) if status == 401 => WhoopError::InvalidClient(truncate(body)),
        Err(_) => WhoopError::Server {
            status,
            detail: truncate(body),
        },
    }
}

pub(crate) fn truncate(text: &str) -> String {
    let mut out: String = text.chars().take(300).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    #[test]
    fn pkce_challenge_is_the_s256_of_the_verifier() {
        let mut rng = StdRng::seed_from_u64(1);
        let pkce = Pkce::generate(&mut rng);
        assert_eq!(pkce.verifier.len(), 43);
        let expected = URL_SAFE_NO_PAD.encode(Sha256::digest(pkce.verifier.as_bytes()));
        assert_eq!(pkce.challenge, expected);
    }

    #[test]
    fn state_is_long_and_random() {
        let mut rng = StdRng::seed_from_u64(2);
        let a = random_state(&mut rng);
        let b = random_state(&mut rng);
        assert!(a.len() >= 32);
        assert_ne!(a, b);
    }

    #[test]
    fn invalid_grant_means_reconnect() {
        let err = token_error(
            400,
            r#"{"error":"invalid_grant","error_description":"reused"}"#,
        );
        assert_eq!(err.code(), "whoop_reconnect");
        let err = token_error(401, r#"{"error":"invalid_client"}"#);
        assert_eq!(err.code(), "whoop_invalid_client");
    }

    #[test]
    fn debug_output_hides_secrets() {
        let set = TokenSet {
            access_token: "AT-secret".into(),
            refresh_token: Some("RT-secret".into()),
            expires_at: Utc::now(),
            scope: "offline".into(),
        };
        let shown = format!("{set:?}");
        assert!(!shown.contains("secret"), "{shown}");
    }
}
