//! Connecting and disconnecting WHOOP. The listener for a loopback redirect is bound *before*
//! the browser opens, so the redirect can't arrive at a closed port.

use std::time::Duration;

use serde::Serialize;
use whoop_client::{
    parse_redirect, ClientSecret, CsrfToken, LoopbackCallback, OAuthClient, PkceCodeVerifier,
    RedirectKind, TokenSet,
};

use crate::config::WhoopSettings;
use crate::engine::{Engine, WHOOP_CLIENT_SECRET, WHOOP_TOKENS};
use crate::{ErrorCode, Result, SyncError};

pub use sync_vocabulary::status::{APP_LINK_REDIRECT_URI, DEFAULT_REDIRECT_URI};

/// A sign-in that was started: open `authorize_url`, then finish with the code.
pub struct PendingWhoopConnect {
    pub authorize_url: String,
    pub redirect_uri: String,
    state: CsrfToken,
    pkce_verifier: PkceCodeVerifier,
    client_id: String,
    client_secret: ClientSecret,
    listener: Option<LoopbackCallback>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WhoopAccount {
    pub user_id: i64,
    pub name: String,
    pub email: String,
}

impl PendingWhoopConnect {
    /// True when the code arrives by itself on loopback; otherwise the user pastes the URL.
    pub fn listens(&self) -> bool {
        self.listener.is_some()
    }

    /// Waits for the browser's redirect on loopback.
    pub async fn wait_for_code(&mut self, timeout: Duration) -> Result<String> {
        let listener = self.listener.take().ok_or_else(|| {
            SyncError::invalid("this redirect URI can't be listened for; paste the URL instead")
        })?;
        Ok(listener.wait(self.state.secret(), timeout).await?)
    }

    /// True when the redirect comes back as the app's own link.
    pub fn by_app_link(&self) -> bool {
        self.redirect_uri == APP_LINK_REDIRECT_URI
    }

    /// Whether `url` is the answer to this sign-in (it carries its state), be it a code or a
    /// refusal; anything else is someone else's link and leaves this sign-in waiting.
    pub fn is_answered_by(&self, url: &str) -> bool {
        whoop_client::is_answer_to(url, self.state.secret())
    }

    /// The code from the address-bar URL the user pasted back.
    pub fn code_from_pasted_url(&self, pasted: &str) -> Result<String> {
        Ok(parse_redirect(pasted, self.state.secret())?)
    }
}

impl Engine {
    pub async fn whoop_begin_connect(
        &self,
        client_id: &str,
        client_secret: &str,
        redirect_uri: Option<&str>,
    ) -> Result<PendingWhoopConnect> {
        let client_id = client_id.trim();
        // Reconnecting the same app: an empty secret means "the one already in the keychain".
        let stored;
        let client_secret = match client_secret.trim() {
            "" => {
                let config = self.load_config()?;
                let same_app = config
                    .whoop
                    .as_ref()
                    .is_some_and(|w| w.client_id == client_id);
                stored = if same_app {
                    self.secret_get(&config, WHOOP_CLIENT_SECRET).await?
                } else {
                    None
                };
                stored.as_deref().unwrap_or("")
            }
            given => given,
        };
        if client_id.is_empty() || client_secret.is_empty() {
            return Err(SyncError::invalid(
                "the WHOOP client id and secret are both needed; find them in your app at https://developer-dashboard.whoop.com",
            ));
        }
        let redirect_uri = redirect_uri
            .unwrap_or(DEFAULT_REDIRECT_URI)
            .trim()
            .to_string();
        let listener = match RedirectKind::of(&redirect_uri)? {
            RedirectKind::Loopback { .. } => Some(LoopbackCallback::bind(&redirect_uri).await?),
            RedirectKind::Paste => None,
        };
        let oauth = self.oauth_client(client_id, client_secret, &redirect_uri);
        let request = self.env.with_rng(|rng| oauth.authorize(rng))?;
        Ok(PendingWhoopConnect {
            authorize_url: request.url,
            redirect_uri,
            state: request.state,
            pkce_verifier: request.pkce_verifier,
            client_id: client_id.to_string(),
            client_secret: ClientSecret::new(client_secret.to_string()),
            listener,
        })
    }

    /// Exchanges the code, stores the tokens and the client secret in the secret store and the
    /// client id in the settings, and reads the profile for "connected as NAME".
    pub async fn whoop_finish_connect(
        &self,
        pending: PendingWhoopConnect,
        code: &str,
    ) -> Result<WhoopAccount> {
        let oauth: OAuthClient = self.oauth_client(
            &pending.client_id,
            pending.client_secret.secret(),
            &pending.redirect_uri,
        );
        let tokens: TokenSet = oauth
            .exchange_code(code, pending.pkce_verifier, self.env.clock.now())
            .await?;
        if tokens.refresh_token.is_none() {
            return Err(SyncError::new(
                ErrorCode::WhoopReconnect,
                "WHOOP issued no refresh token; make sure your WHOOP app allows the `offline` scope, then connect again",
            ));
        }
        let config = self.load_config()?;
        self.secret_set(
            &config,
            WHOOP_CLIENT_SECRET,
            pending.client_secret.secret().clone(),
        )
        .await?;
        self.secret_set(
            &config,
            WHOOP_TOKENS,
            serde_json::to_string(&tokens).expect("serializes"),
        )
        .await?;
        let config = self.update_config(|c| {
            c.whoop = Some(WhoopSettings {
                client_id: pending.client_id.clone(),
                redirect_uri: pending.redirect_uri.clone(),
                user_name: None,
                user_id: None,
            });
            Ok(c.clone())
        })?;
        let (api, _) = self.whoop(&config).await?;
        let profile = api.profile().await?;
        let name = format!("{} {}", profile.first_name, profile.last_name)
            .trim()
            .to_string();
        self.update_config(|c| {
            if let Some(w) = c.whoop.as_mut() {
                w.user_name = Some(name.clone());
                w.user_id = Some(profile.user_id);
            }
            Ok(())
        })?;
        Ok(WhoopAccount {
            user_id: profile.user_id,
            name,
            email: profile.email,
        })
    }

    /// Revokes the grant at WHOOP (best effort: the user may be offline) and forgets it here.
    pub async fn whoop_disconnect(&self) -> Result<bool> {
        let config = self.load_config()?;
        if config.whoop.is_none() {
            return Ok(false);
        }
        if let Ok((api, _)) = self.whoop(&config).await {
            let _ = api.revoke_access().await;
        }
        self.secret_delete(&config, WHOOP_TOKENS).await?;
        self.secret_delete(&config, WHOOP_CLIENT_SECRET).await?;
        self.update_config(|c| {
            c.whoop = None;
            Ok(())
        })?;
        Ok(true)
    }
}
