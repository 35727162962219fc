//! Authorization codes, grants and tokens: the OAuth state behind `/oauth/oauth2/*` and the
//! bearer check of the API. Modeled on WHOOP's OAuth server (Ory Hydra): single-use codes,
//! rotating refresh tokens, and re-use detection that revokes the whole grant.

use std::collections::HashMap;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::Rng;
use sha2::{Digest, Sha256};

use crate::SimClock;

/// Every scope WHOOP knows; `offline` is what makes it issue a refresh token.
pub const KNOWN_SCOPES: [&str; 7] = [
    "read:recovery",
    "read:cycles",
    "read:workout",
    "read:sleep",
    "read:profile",
    "read:body_measurement",
    "offline",
];

/// All scopes, space-separated, as a client would request them.
pub const ALL_SCOPES: &str =
    "read:recovery read:cycles read:workout read:sleep read:profile read:body_measurement offline";

/// Hydra's default authorization-code lifetime.
const CODE_TTL: Duration = Duration::from_secs(600);

/// A successful token answer (`/token`), before it is turned into JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedTokens {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub scope: String,
    pub expires_in: i64,
}

/// Why a token request failed; the `error` code of RFC 6749 §5.2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenError {
    InvalidGrant(&'static str),
    InvalidScope(&'static str),
}

struct AuthCode {
    redirect_uri: String,
    scopes: Vec<String>,
    challenge: Option<String>,
    issued: Duration,
    /// The grant this code was exchanged for; a second exchange revokes it (RFC 6749 §4.1.2).
    exchanged_for: Option<usize>,
}

struct Grant {
    scopes: Vec<String>,
    revoked: bool,
    access: Option<String>,
    refresh: Option<String>,
}

struct AccessToken {
    grant: usize,
    expires: Duration,
    expired: bool,
}

#[derive(Default)]
pub(crate) struct TokenStore {
    /// The server's clock: codes and access tokens expire by it.
    clock: SimClock,
    codes: HashMap<String, AuthCode>,
    grants: Vec<Grant>,
    access: HashMap<String, AccessToken>,
    /// Every refresh token ever issued, to tell a stale one (re-use) from an unknown one.
    refresh: HashMap<String, usize>,
}

fn random_token(prefix: &str) -> String {
    let bytes: [u8; 32] = rand::thread_rng().gen();
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// RFC 7636: `BASE64URL(SHA256(verifier)) == challenge`, verifier 43–128 unreserved chars.
fn pkce_ok(verifier: &str, challenge: &str) -> bool {
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    well_formed && URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == challenge
}

impl TokenStore {
    pub fn new(clock: SimClock) -> Self {
        TokenStore {
            clock,
            ..TokenStore::default()
        }
    }

    pub fn issue_code(
        &mut self,
        redirect_uri: &str,
        scopes: Vec<String>,
        challenge: Option<String>,
    ) -> String {
        let code = random_token("ory_ac_");
        self.codes.insert(
            code.clone(),
            AuthCode {
                redirect_uri: redirect_uri.to_string(),
                scopes,
                challenge,
                issued: self.clock.mono(),
                exchanged_for: None,
            },
        );
        code
    }

    pub fn exchange_code(
        &mut self,
        code: &str,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
        ttl_secs: i64,
    ) -> Result<IssuedTokens, TokenError> {
        let Some(c) = self.codes.get(code) else {
            return Err(TokenError::InvalidGrant(
                "The authorization code is unknown.",
            ));
        };
        if let Some(g) = c.exchanged_for {
            self.revoke(g);
            return Err(TokenError::InvalidGrant(
                "The authorization code has already been used; tokens issued for it are revoked.",
            ));
        }
        if self.clock.mono().saturating_sub(c.issued) > CODE_TTL {
            return Err(TokenError::InvalidGrant(
                "The authorization code has expired.",
            ));
        }
        if redirect_uri != Some(c.redirect_uri.as_str()) {
            return Err(TokenError::InvalidGrant(
                "The redirect_uri does not match the one of the authorization request.",
            ));
        }
        match (&c.challenge, verifier) {
            (Some(ch), Some(v)) if pkce_ok(v, ch) => {}
            (Some(_), _) => {
                return Err(TokenError::InvalidGrant(
                    "The PKCE code_verifier is missing or does not match the code_challenge.",
                ))
            }
            (None, Some(_)) => {
                return Err(TokenError::InvalidGrant(
                    "A code_verifier was sent but the authorization request had no code_challenge.",
                ))
            }
            (None, None) => {}
        }
        let scopes = c.scopes.clone();
        let grant = self.grants.len();
        self.grants.push(Grant {
            scopes,
            revoked: false,
            access: None,
            refresh: None,
        });
        if let Some(c) = self.codes.get_mut(code) {
            c.exchanged_for = Some(grant);
        }
        Ok(self.issue(grant, ttl_secs))
    }

    /// Rotates the grant's tokens. A refresh token that was already rotated away is re-use:
    /// the whole grant dies (the current pair too).
    pub fn refresh(
        &mut self,
        token: &str,
        scope: Option<&str>,
        ttl_secs: i64,
    ) -> Result<IssuedTokens, TokenError> {
        let Some(&g) = self.refresh.get(token) else {
            return Err(TokenError::InvalidGrant("The refresh token is unknown."));
        };
        if self.grants[g].revoked {
            return Err(TokenError::InvalidGrant(
                "The refresh token has been revoked.",
            ));
        }
        if self.grants[g].refresh.as_deref() != Some(token) {
            self.revoke(g);
            return Err(TokenError::InvalidGrant(
                "The refresh token was already used; the grant has been revoked.",
            ));
        }
        // `scope` may narrow nothing here: it must name scopes the grant already has
        // (clients send `scope=offline`).
        if let Some(s) = scope {
            let granted = &self.grants[g].scopes;
            if s.split(' ')
                .filter(|x| !x.is_empty())
                .any(|x| !granted.iter().any(|y| y == x))
            {
                return Err(TokenError::InvalidScope(
                    "The requested scope exceeds the scope of the grant.",
                ));
            }
        }
        Ok(self.issue(g, ttl_secs))
    }

    fn issue(&mut self, g: usize, ttl_secs: i64) -> IssuedTokens {
        let access = random_token("ory_at_");
        let grant = &mut self.grants[g];
        // Rotation: the previous pair stops working the moment a new one is issued.
        if let Some(old) = grant.access.take() {
            self.access.remove(&old);
        }
        let refresh = grant
            .scopes
            .iter()
            .any(|s| s == "offline")
            .then(|| random_token("ory_rt_"));
        grant.access = Some(access.clone());
        grant.refresh = refresh.clone();
        let scope = grant.scopes.join(" ");
        self.access.insert(
            access.clone(),
            AccessToken {
                grant: g,
                expires: self.clock.mono() + Duration::from_secs(ttl_secs.max(0) as u64),
                expired: false,
            },
        );
        if let Some(r) = &refresh {
            self.refresh.insert(r.clone(), g);
        }
        IssuedTokens {
            access_token: access,
            refresh_token: refresh,
            scope,
            expires_in: ttl_secs,
        }
    }

    /// Issues tokens for a fresh grant without the browser dance (test setup).
    pub fn grant_directly(&mut self, scopes: Vec<String>, ttl_secs: i64) -> IssuedTokens {
        let g = self.grants.len();
        self.grants.push(Grant {
            scopes,
            revoked: false,
            access: None,
            refresh: None,
        });
        self.issue(g, ttl_secs)
    }

    /// The scopes of a live access token, or `None` (unknown, rotated, expired, revoked).
    pub fn authenticate(&self, access: &str) -> Option<Vec<String>> {
        let t = self.access.get(access)?;
        let g = &self.grants[t.grant];
        let live = !t.expired && self.clock.mono() < t.expires && !g.revoked;
        live.then(|| g.scopes.clone())
    }

    /// `DELETE /v2/user/access`: revokes the grant behind this access token.
    pub fn revoke_by_access(&mut self, access: &str) -> bool {
        match self.access.get(access) {
            Some(t) => {
                let g = t.grant;
                self.revoke(g);
                true
            }
            None => false,
        }
    }

    fn revoke(&mut self, g: usize) {
        self.grants[g].revoked = true;
    }

    pub fn revoke_all(&mut self) {
        for g in &mut self.grants {
            g.revoked = true;
        }
    }

    pub fn expire_all_access(&mut self) {
        for t in self.access.values_mut() {
            t.expired = true;
        }
    }
}
