//! The OAuth 2.0 authorization-code flow against WHOOP, on the `oauth2` crate: client
//! credentials in the form body (`AuthType::RequestBody`), a random `state`, PKCE S256 as extra
//! hardening, and refreshes that are never retried (a resent refresh would reuse a rotated
//! token and may get the whole grant revoked). Every request goes through the shared
//! [`Executor`] (rate limiter, request counter), and the randomness comes from the caller.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU16, Ordering};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use http_policy::{Attempt, Executor, Sent, Verdict};
use oauth2::basic::{BasicClient, BasicErrorResponse, BasicErrorResponseType, BasicTokenResponse};
use oauth2::{
    AsyncHttpClient, AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    EndpointNotSet, EndpointSet, HttpRequest, HttpResponse, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, RefreshToken, RequestTokenError, Scope, TokenResponse, TokenUrl,
};
use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::WhoopError;

/// What the app asks for: the records it writes, the profile for "connected as NAME", and
/// `offline` without which WHOOP issues no refresh token.
pub const SCOPES: &[&str] = &[
    "offline",
    "read:recovery",
    "read:cycles",
    "read:sleep",
    "read:workout",
    "read:profile",
    "read:body_measurement",
];

/// Where and as whom to sign in. The secret is oauth2's [`ClientSecret`], which prints as
/// `ClientSecret([redacted])`.
#[derive(Clone, Debug)]
pub struct OAuthConfig {
    /// e.g. `https://api.prod.whoop.com/oauth/oauth2`; `/auth` and `/token` are appended.
    pub oauth_base: String,
    pub client_id: String,
    pub client_secret: ClientSecret,
    pub redirect_uri: String,
}

/// A PKCE verifier of 43 URL-safe characters (32 bytes from `rng`); its S256 challenge goes in
/// the authorize URL.
pub fn pkce_verifier(rng: &mut dyn RngCore) -> PkceCodeVerifier {
    PkceCodeVerifier::new(random_urlsafe(rng))
}

/// 43 URL-safe characters (256 bits): WHOOP needs at least 8; we want it unguessable.
pub fn random_state(rng: &mut dyn RngCore) -> CsrfToken {
    CsrfToken::new(random_urlsafe(rng))
}

fn random_urlsafe(rng: &mut dyn RngCore) -> String {
    let mut bytes = [0u8; 32];
    rng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Everything needed to finish a sign-in that was started. Both secrets print as
/// `[redacted]`; the verifier can't be cloned, so it is spent by exactly one exchange.
#[derive(Debug)]
pub struct AuthorizeRequest {
    pub url: String,
    pub state: CsrfToken,
    pub pkce_verifier: PkceCodeVerifier,
}

/// An access token and the refresh token that replaces it. Stored as JSON in the secret store.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenSet {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub scope: String,
}

impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
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

    /// Whether the sign-in granted `scope` (e.g. `read:workout`), by the `scope` WHOOP answered
    /// with. A sign-in made before the app asked for a scope doesn't have it: reading that data
    /// would only be refused (see [`crate::WhoopError::missing_scope`]).
    pub fn grants(&self, scope: &str) -> bool {
        self.scope.split_whitespace().any(|s| s == scope)
    }

    /// WHOOP's answer (`access_token`, `expires_in`, `refresh_token`, `scope`, `token_type`;
    /// oauth2's standard response ignores any other field), received at `now`.
    fn from_response(response: &BasicTokenResponse, now: DateTime<Utc>) -> Self {
        let expires_in = response
            .expires_in()
            .and_then(|d| Duration::from_std(d).ok())
            .unwrap_or(Duration::seconds(3600));
        let scope = response
            .scopes()
            .map(|scopes| {
                scopes
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        Self {
            access_token: response.access_token().secret().clone(),
            refresh_token: response.refresh_token().map(|t| t.secret().clone()),
            expires_at: now + expires_in,
            scope,
        }
    }
}

/// oauth2's client with the authorize and token endpoints set (the typestate says so).
type WhoopOAuth =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// What oauth2 reports for a token request sent through [`ViaExecutor`].
type TokenRequestError = RequestTokenError<WhoopError, BasicErrorResponse>;

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

    fn client(&self) -> Result<WhoopOAuth, WhoopError> {
        let base = self.config.oauth_base.trim_end_matches('/');
        let not_a_url =
            |_| WhoopError::Transport(format!("the WHOOP sign-in address is not a URL: {base}"));
        let auth_url = AuthUrl::new(format!("{base}/auth")).map_err(not_a_url)?;
        let token_url = TokenUrl::new(format!("{base}/token")).map_err(not_a_url)?;
        let redirect_url = RedirectUrl::new(self.config.redirect_uri.clone()).map_err(|e| {
            WhoopError::InvalidRedirectUri(format!("{}: {e}", self.config.redirect_uri))
        })?;
        Ok(
            BasicClient::new(ClientId::new(self.config.client_id.clone()))
                .set_client_secret(self.config.client_secret.clone())
                // WHOOP wants `client_secret_post`: id and secret in the form body, not HTTP Basic.
                .set_auth_type(AuthType::RequestBody)
                .set_auth_uri(auth_url)
                .set_token_uri(token_url)
                .set_redirect_uri(redirect_url),
        )
    }

    /// The authorize URL, with a `state` and a PKCE verifier drawn from `rng`.
    pub fn authorize(&self, rng: &mut dyn RngCore) -> Result<AuthorizeRequest, WhoopError> {
        let state = random_state(rng);
        let pkce_verifier = pkce_verifier(rng);
        let challenge = PkceCodeChallenge::from_code_verifier_sha256(&pkce_verifier);
        let (url, state) = self
            .client()?
            .authorize_url(|| state)
            .add_scopes(SCOPES.iter().map(|s| Scope::new(s.to_string())))
            .set_pkce_challenge(challenge)
            .url();
        Ok(AuthorizeRequest {
            url: url.into(),
            state,
            pkce_verifier,
        })
    }

    /// Spends the code (and the verifier of the same sign-in) for the first token pair.
    pub async fn exchange_code(
        &self,
        code: &str,
        pkce_verifier: PkceCodeVerifier,
        now: DateTime<Utc>,
    ) -> Result<TokenSet, WhoopError> {
        let client = self.client()?;
        let http = ViaExecutor::new(&self.executor);
        let answer = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .set_pkce_verifier(pkce_verifier)
            .request_async(&http)
            .await;
        match answer {
            Ok(response) => Ok(TokenSet::from_response(&response, now)),
            Err(e) => Err(token_error(e, http.status())),
        }
    }

    /// One refresh, sent once. The caller holds the cross-process lock and persists the result
    /// before using it.
    pub async fn refresh(
        &self,
        refresh_token: &str,
        now: DateTime<Utc>,
    ) -> Result<TokenSet, WhoopError> {
        let client = self.client()?;
        let http = ViaExecutor::new(&self.executor);
        let old = RefreshToken::new(refresh_token.to_string());
        let answer = client
            .exchange_refresh_token(&old)
            .add_scope(Scope::new("offline".to_string()))
            .request_async(&http)
            .await;
        let mut set = match answer {
            Ok(response) => TokenSet::from_response(&response, now),
            Err(e) => return Err(token_error(e, http.status())),
        };
        if set.refresh_token.is_none() {
            // WHOOP always rotates; if it ever didn't, the old refresh token is still the one.
            set.refresh_token = Some(refresh_token.to_string());
        }
        Ok(set)
    }
}

/// oauth2's HTTP client for WHOOP's token endpoint: each request goes through the shared
/// executor (rate limiter, request counter, the server's clock) and is sent once, since it
/// spends a single-use code or refresh token; only WHOOP's outright refusal (429, waited out)
/// or a connection that never opened is tried again. It remembers the answer's status, which oauth2's errors don't carry.
struct ViaExecutor<'e> {
    executor: &'e Executor,
    status: AtomicU16,
}

impl<'e> ViaExecutor<'e> {
    fn new(executor: &'e Executor) -> Self {
        Self {
            executor,
            status: AtomicU16::new(0),
        }
    }

    fn status(&self) -> Option<u16> {
        Some(self.status.load(Ordering::Relaxed)).filter(|s| *s != 0)
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, WhoopError> {
        let (parts, body) = request.into_parts();
        let url = parts.uri.to_string();
        let sent = self
            .executor
            .send(
                |http| {
                    http.request(parts.method.clone(), &url)
                        .headers(parts.headers.clone())
                        .body(body.clone())
                },
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
            Sent::GaveUp {
                status: Some(status),
                ..
            } if status.as_u16() == 511 => {
                return Err(WhoopError::NetworkWebPage("the token request".into()))
            }
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
        self.status.store(status.as_u16(), Ordering::Relaxed);
        let headers = response.headers().clone();
        let bytes = http_policy::read_body(response, http_policy::MAX_BODY)
            .await
            .map_err(|e| match e {
                http_policy::BodyError::TooLarge { .. } => {
                    WhoopError::Decode(format!("the token answer: {e}"))
                }
                http_policy::BodyError::Transport(e) => WhoopError::Transport(e),
            })?;
        // A Wi-Fi's sign-in page in WHOOP's place: the grant never reached WHOOP and is kept.
        let content_type = headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        if http_policy::is_network_web_page(status.as_u16(), content_type, &bytes) {
            return Err(WhoopError::NetworkWebPage("the token request".into()));
        }
        let mut answer = HttpResponse::new(bytes);
        *answer.status_mut() = status;
        *answer.headers_mut() = headers;
        Ok(answer)
    }
}

impl<'c> AsyncHttpClient<'c> for ViaExecutor<'_> {
    type Error = WhoopError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, WhoopError>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(self.send(request))
    }
}

/// What a failed token request means for the user: `invalid_grant` (a spent, rotated or revoked
/// grant) needs a new sign-in, a refused client needs the id and secret checked.
fn token_error(error: TokenRequestError, status: Option<u16>) -> WhoopError {
    match error {
        RequestTokenError::Request(error) => error,
        RequestTokenError::ServerResponse(answer) => {
            let detail = match answer.error_description() {
                Some(d) => format!("{}: {}", answer.error(), d),
                None => answer.error().to_string(),
            };
            match answer.error() {
                BasicErrorResponseType::InvalidGrant => WhoopError::NeedsReconnect(detail.into()),
                BasicErrorResponseType::InvalidClient
                | BasicErrorResponseType::UnauthorizedClient => WhoopError::InvalidClient(detail),
                BasicErrorResponseType::Extension(e) if e == "access_denied" => {
                    WhoopError::AuthorizationDenied(detail)
                }
                _ => WhoopError::Server {
                    status: status.unwrap_or(400),
                    detail,
                },
            }
        }
        // An answer that is not OAuth's: on success, a token response we can't read; on
        // failure, an error page (401 without a body WHOOP can parse is still the client).
        RequestTokenError::Parse(error, body) => match status {
            None | Some(200) => WhoopError::Decode(format!("token response: {error}")),
            Some(401) => WhoopError::InvalidClient(truncate(&String::from_utf8_lossy(&body))),
            Some(status) => WhoopError::Server {
                status,
                detail: truncate(&String::from_utf8_lossy(&body)),
            },
        },
        RequestTokenError::Other(detail) => match status {
            None | Some(200) => WhoopError::Decode(format!("token response: {detail}")),
            Some(401) => WhoopError::InvalidClient(detail),
            Some(status) => WhoopError::Server { status, detail },
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
    use http_policy::{Jitter, RateLimiter, RetryPolicy, SystemClock};
    use rand::rngs::StdRng;
    use rand::SeedableRng;
    use sha2::{Digest, Sha256};
    use std::sync::Arc;

    fn client(redirect_uri: &str) -> OAuthClient {
        let executor = Executor::new(
            reqwest::Client::new(),
            Arc::new(SystemClock),
            RateLimiter::unlimited(),
            RetryPolicy::default(),
            Jitter::seeded(1),
        );
        OAuthClient::new(
            OAuthConfig {
                oauth_base: "https://api.prod.whoop.com/oauth/oauth2".into(),
                client_id: "the-client".into(),
                client_secret: ClientSecret::new("CS-secret".into()),
                redirect_uri: redirect_uri.into(),
            },
            executor,
        )
    }

    fn query(url: &str) -> Vec<(String, String)> {
        url::Url::parse(url)
            .unwrap()
            .query_pairs()
            .into_owned()
            .collect()
    }

    fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn grants_reads_the_space_separated_scope() {
        let tokens = TokenSet {
            access_token: "a".into(),
            refresh_token: None,
            expires_at: Utc::now(),
            scope: "offline read:recovery  read:workout".into(),
        };
        assert!(tokens.grants("read:workout"));
        assert!(tokens.grants("offline"));
        assert!(!tokens.grants("read:work"));
        assert!(!tokens.grants("read:body_measurement"));
    }

    #[test]
    fn pkce_challenge_is_the_s256_of_the_verifier() {
        let mut rng = StdRng::seed_from_u64(1);
        let request = client("http://127.0.0.1:8765/callback")
            .authorize(&mut rng)
            .unwrap();
        let verifier = request.pkce_verifier.secret();
        assert_eq!(verifier.len(), 43);
        assert!(verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        let q = query(&request.url);
        let expected = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        assert_eq!(param(&q, "code_challenge"), Some(expected.as_str()));
        assert_eq!(param(&q, "code_challenge_method"), Some("S256"));
    }

    #[test]
    fn state_is_long_random_and_from_the_callers_rng() {
        let mut rng = StdRng::seed_from_u64(2);
        let a = random_state(&mut rng);
        let b = random_state(&mut rng);
        assert!(a.secret().len() >= 32);
        assert_ne!(a.secret(), b.secret());
        // Seeded by the caller: the same seed draws the same state and verifier.
        let oauth = client("http://127.0.0.1:8765/callback");
        let first = oauth.authorize(&mut StdRng::seed_from_u64(3)).unwrap();
        let again = oauth.authorize(&mut StdRng::seed_from_u64(3)).unwrap();
        assert_eq!(first.state.secret(), again.state.secret());
        assert_eq!(first.pkce_verifier.secret(), again.pkce_verifier.secret());
        assert_eq!(first.url, again.url);
        let q = query(&first.url);
        assert_eq!(param(&q, "state"), Some(first.state.secret().as_str()));
    }

    #[test]
    fn the_authorize_url_is_whoops() {
        let mut rng = StdRng::seed_from_u64(4);
        let request = client("whoop-notion-sync://oauth/callback")
            .authorize(&mut rng)
            .unwrap();
        assert!(request
            .url
            .starts_with("https://api.prod.whoop.com/oauth/oauth2/auth?"));
        let q = query(&request.url);
        assert_eq!(param(&q, "response_type"), Some("code"));
        assert_eq!(param(&q, "client_id"), Some("the-client"));
        // Exactly what the user registered, not a normalized form of it.
        assert_eq!(
            param(&q, "redirect_uri"),
            Some("whoop-notion-sync://oauth/callback")
        );
        assert_eq!(param(&q, "scope"), Some(SCOPES.join(" ").as_str()));
        assert!(param(&q, "client_secret").is_none());
        assert!(!request.url.contains("CS-secret"));
    }

    #[test]
    fn an_unusable_redirect_uri_is_refused() {
        let err = client("not a uri")
            .authorize(&mut StdRng::seed_from_u64(5))
            .unwrap_err();
        assert!(matches!(err, WhoopError::InvalidRedirectUri(_)), "{err:?}");
    }

    fn answered(status: u16, body: &str) -> WhoopError {
        // What oauth2 makes of a non-200 answer: WHOOP's JSON error, or a parse failure.
        let error = match serde_json::from_str::<BasicErrorResponse>(body) {
            Ok(parsed) => RequestTokenError::ServerResponse(parsed),
            Err(_) => RequestTokenError::Other(body.to_string()),
        };
        token_error(error, Some(status))
    }

    #[test]
    fn invalid_grant_means_reconnect() {
        let err = answered(
            400,
            r#"{"error":"invalid_grant","error_description":"reused"}"#,
        );
        assert!(matches!(err, WhoopError::NeedsReconnect(_)), "{err:?}");
        assert!(err.to_string().contains("invalid_grant: reused"), "{err}");
        let err = answered(401, r#"{"error":"invalid_client"}"#);
        assert!(matches!(err, WhoopError::InvalidClient(_)), "{err:?}");
        let err = answered(400, r#"{"error":"unauthorized_client"}"#);
        assert!(matches!(err, WhoopError::InvalidClient(_)), "{err:?}");
        let err = answered(400, r#"{"error":"access_denied"}"#);
        assert!(matches!(err, WhoopError::AuthorizationDenied(_)), "{err:?}");
        let err = answered(400, r#"{"error":"invalid_scope","error_description":"x"}"#);
        assert!(
            matches!(err, WhoopError::Server { status: 400, .. }),
            "{err:?}"
        );
        let err = answered(401, "<html>nope</html>");
        assert!(matches!(err, WhoopError::InvalidClient(_)), "{err:?}");
        let err = answered(404, "<html>not here</html>");
        assert!(
            matches!(err, WhoopError::Server { status: 404, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn whoops_token_answer_parses() {
        // The simulator's (and WHOOP's) answer, plus a field oauth2 has never heard of.
        let body = r#"{"access_token":"AT","expires_in":3600,"refresh_token":"RT",
            "scope":"offline read:recovery","token_type":"bearer","id_token_hint":"x"}"#;
        let response: BasicTokenResponse = serde_json::from_str(body).unwrap();
        let now = Utc::now();
        let set = TokenSet::from_response(&response, now);
        assert_eq!(set.access_token, "AT");
        assert_eq!(set.refresh_token.as_deref(), Some("RT"));
        assert_eq!(set.scope, "offline read:recovery");
        assert_eq!(set.expires_at, now + Duration::seconds(3600));
        // Without `offline` there is no refresh token, and `expires_in` may be missing.
        let body = r#"{"access_token":"AT","scope":"read:recovery","token_type":"Bearer"}"#;
        let response: BasicTokenResponse = serde_json::from_str(body).unwrap();
        let set = TokenSet::from_response(&response, now);
        assert_eq!(set.refresh_token, None);
        assert_eq!(set.expires_at, now + Duration::seconds(3600));
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
        let oauth = client("http://127.0.0.1:8765/callback");
        let shown = format!("{:?}", oauth.config());
        assert!(!shown.contains("CS-secret"), "{shown}");
        let request = oauth.authorize(&mut StdRng::seed_from_u64(6)).unwrap();
        let shown = format!("{:?} {:?}", request.state, request.pkce_verifier);
        assert!(!shown.contains(request.state.secret().as_str()), "{shown}");
        assert!(
            !shown.contains(request.pkce_verifier.secret().as_str()),
            "{shown}"
        );
    }
}
