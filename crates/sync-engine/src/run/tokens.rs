//! WHOOP tokens: exactly one refresh in flight per account, across threads *and* processes
//! (the tray app and a cron job may run at once). WHOOP rotates refresh tokens and may revoke
//! the grant when an old one is reused, so: take the lock, re-read the stored pair (someone may
//! have refreshed while we waited), refresh once, persist the new pair before using it, and on
//! `invalid_grant` stop — never retry with the old token.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use http_policy::Clock;
use secret_store::{SecretError, SecretStore};
use whoop_client::{AccessTokens, OAuthClient, TokenSet, TokenStoreError, WhoopError};

/// Refresh this long before expiry, so a sync never starts with a token about to die.
const REFRESH_MARGIN_SECS: i64 = 5 * 60;

/// The scope workouts need. Sign-ins made before the app asked for it don't have it.
pub const WORKOUT_SCOPE: &str = "read:workout";
/// The scope the body measurement needs. The app asked for it from the start, but a developer
/// app may not allow it.
pub const BODY_SCOPE: &str = "read:body_measurement";

pub struct TokenManager {
    store: Arc<dyn SecretStore>,
    key: String,
    lock_path: PathBuf,
    /// How long to wait for another process's refresh before giving up (`busy`).
    lock_wait: Duration,
    oauth: OAuthClient,
    clock: Arc<dyn Clock>,
    in_process: tokio::sync::Mutex<()>,
    refreshes: AtomicU64,
}

impl TokenManager {
    pub fn new(
        store: Arc<dyn SecretStore>,
        key: String,
        lock_path: PathBuf,
        lock_wait: Duration,
        oauth: OAuthClient,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            key,
            lock_path,
            lock_wait,
            oauth,
            clock,
            in_process: tokio::sync::Mutex::new(()),
            refreshes: AtomicU64::new(0),
        }
    }

    /// Whether the stored sign-in allows `scope` (a sign-in made before the app asked for a
    /// scope doesn't, until the user connects again).
    pub async fn allows(&self, scope: &str) -> Result<bool, WhoopError> {
        Ok(self.load().await?.is_some_and(|t| t.grants(scope)))
    }

    /// Refreshes this manager performed (for reports and tests).
    pub fn refresh_count(&self) -> u64 {
        self.refreshes.load(Ordering::Relaxed)
    }

    pub async fn load(&self) -> Result<Option<TokenSet>, WhoopError> {
        let store = self.store.clone();
        let key = self.key.clone();
        let text = tokio::task::spawn_blocking(move || store.get(&key))
            .await
            .map_err(|e| store_error(format!("keychain task failed: {e}")))?
            .map_err(|e| secret_failed(&e, e.to_string()))?;
        match text {
            None => Ok(None),
            Some(text) => serde_json::from_str(&text).map(Some).map_err(|_| {
                WhoopError::NeedsReconnect("the stored WHOOP sign-in is unreadable".into())
            }),
        }
    }

    pub async fn save(&self, tokens: &TokenSet) -> Result<(), WhoopError> {
        let store = self.store.clone();
        let key = self.key.clone();
        let text = serde_json::to_string(tokens).expect("tokens serialize");
        tokio::task::spawn_blocking(move || store.set(&key, &text))
            .await
            .map_err(|e| store_error(format!("keychain task failed: {e}")))?
            .map_err(|e| secret_failed(&e, format!("could not save the new WHOOP tokens: {e}")))
    }

    pub async fn forget(&self) -> Result<(), WhoopError> {
        let store = self.store.clone();
        let key = self.key.clone();
        tokio::task::spawn_blocking(move || store.delete(&key))
            .await
            .map_err(|e| store_error(format!("keychain task failed: {e}")))?
            .map_err(|e| secret_failed(&e, e.to_string()))
    }

    async fn stored(&self) -> Result<TokenSet, WhoopError> {
        // The manager exists only for a configured account: no tokens means the grant was
        // dropped (e.g. after `invalid_grant`), so the user must sign in again.
        self.load()
            .await?
            .ok_or_else(|| WhoopError::NeedsReconnect("no stored WHOOP sign-in".into()))
    }

    fn fresh_enough(&self, tokens: &TokenSet) -> bool {
        !tokens.expires_within(
            self.clock.now(),
            chrono::Duration::seconds(REFRESH_MARGIN_SECS),
        )
    }

    /// The single refresh path. `rejected` is the access token WHOOP just refused, if any.
    async fn refresh(&self, rejected: Option<&str>) -> Result<String, WhoopError> {
        let _thread_guard = self.in_process.lock().await;
        let _process_guard = crate::background::lock_wait::acquire(&self.lock_path, self.lock_wait)
            .await
            .map_err(|e| match e.kind() {
                // Another thread or process holds the lock: it passes by itself.
                std::io::ErrorKind::TimedOut => TokenStoreError::Busy(format!(
                    "another WHOOP sign-in refresh is still running ({e})"
                )),
                // The lock file itself can't be opened or locked.
                _ => TokenStoreError::Store(format!(
                    "could not lock {}: {e}",
                    self.lock_path.display()
                )),
            })?;
        // Someone else may have refreshed while we waited for the locks.
        let current = self.stored().await?;
        let someone_refreshed = match rejected {
            Some(rejected) => current.access_token != rejected,
            None => self.fresh_enough(&current),
        };
        if someone_refreshed {
            return Ok(current.access_token);
        }
        let Some(refresh_token) = current.refresh_token.clone() else {
            return Err(WhoopError::NeedsReconnect(
                "WHOOP issued no refresh token (the `offline` scope is missing)".into(),
            ));
        };
        match self.oauth.refresh(&refresh_token, self.clock.now()).await {
            Ok(new_tokens) => {
                self.refreshes.fetch_add(1, Ordering::Relaxed);
                // Persist before use: if we crashed after using it, the rotated pair would be lost.
                self.save(&new_tokens).await?;
                Ok(new_tokens.access_token)
            }
            Err(WhoopError::NeedsReconnect(detail)) => {
                // The grant is gone; forget it so nothing ever retries with the dead token.
                let _ = self.forget().await;
                Err(WhoopError::NeedsReconnect(detail))
            }
            Err(other) => Err(other),
        }
    }
}

fn store_error(message: String) -> WhoopError {
    TokenStoreError::Store(message).into()
}

/// The secret store's failure, in the kinds [`WhoopError::Tokens`] distinguishes.
fn secret_failed(e: &SecretError, message: String) -> WhoopError {
    match e {
        SecretError::Unavailable(_) | SecretError::NotPersistent(_) => {
            TokenStoreError::KeychainUnavailable(message)
        }
        SecretError::Busy { .. } => TokenStoreError::Busy(message),
        SecretError::Io { .. }
        | SecretError::Corrupt(_)
        | SecretError::InsecurePermissions { .. }
        | SecretError::Invalid(_) => TokenStoreError::Store(message),
    }
    .into()
}

#[async_trait]
impl AccessTokens for TokenManager {
    async fn access_token(&self) -> Result<String, WhoopError> {
        let tokens = self.stored().await?;
        if self.fresh_enough(&tokens) {
            return Ok(tokens.access_token);
        }
        self.refresh(None).await
    }

    async fn refresh_after_unauthorized(&self, rejected: &str) -> Result<String, WhoopError> {
        self.refresh(Some(rejected)).await
    }
}
