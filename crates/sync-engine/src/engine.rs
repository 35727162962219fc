//! The engine: what the CLI and the app both do, written once. Each operation loads the
//! settings, does its work and saves; no settings are cached between calls, so a cron job and
//! the tray app can share one config dir. What the engine keeps for its life is its HTTP
//! clients and rate limiters (see [`EngineEnv`]), so pacing and Retry-After span runs.

use std::sync::Arc;

use notion_client::{NotionApi, NotionApiConfig};
use rand::Rng;
use whoop_client::{ClientSecret, OAuthClient, OAuthConfig, WhoopApi, WhoopApiConfig};

use crate::config::AppConfig;
use crate::env::EngineEnv;
use crate::run::tokens::TokenManager;
use crate::{ErrorCode, Result, SyncError};

/// Keys in the secret store (prefixed with the profile id).
pub(crate) const WHOOP_TOKENS: &str = "whoop.tokens";
pub(crate) const WHOOP_CLIENT_SECRET: &str = "whoop.client_secret";
pub(crate) const NOTION_TOKEN: &str = "notion.token";

#[derive(Clone)]
pub struct Engine {
    pub(crate) env: Arc<EngineEnv>,
}

impl Engine {
    pub fn new(env: EngineEnv) -> Self {
        Self { env: Arc::new(env) }
    }

    /// The locale's units for an engine built elsewhere (the demo's); before any clone.
    pub fn with_locale_units(mut self, units: crate::units::Units) -> Self {
        if let Some(env) = Arc::get_mut(&mut self.env) {
            env.locale_units = units;
        }
        self
    }

    pub fn env(&self) -> &EngineEnv {
        &self.env
    }

    /// The settings, with a profile id assigned on first use.
    pub fn load_config(&self) -> Result<AppConfig> {
        let config = self.env.config_dir.load()?;
        if !config.profile_id.is_empty() {
            return Ok(config);
        }
        let fresh: String = self.env.with_rng(|rng| {
            (0..12)
                .map(|_| char::from_digit(rng.gen_range(0..16), 16).expect("hex digit"))
                .collect()
        });
        self.update_config(|c| {
            // Another process may have assigned one meanwhile: keep theirs.
            if c.profile_id.is_empty() {
                c.profile_id = fresh;
            }
            Ok(c.clone())
        })
    }

    /// How values are shown: the settings' choice, else the locale's.
    pub fn units(&self) -> Result<crate::units::Units> {
        Ok(self.units_of(&self.env.config_dir.load()?))
    }

    pub fn units_of(&self, config: &AppConfig) -> crate::units::Units {
        config.units.resolve(self.env.locale_units)
    }

    /// Saves the clock and temperature choice (`None` follows the locale) and returns the
    /// units now in force.
    pub fn set_units(&self, setting: crate::units::UnitsSetting) -> Result<crate::units::Units> {
        self.update_config(|c| {
            c.units = setting;
            Ok(())
        })?;
        self.units()
    }

    /// Changes the settings atomically (see [`crate::config::ConfigDir::update`]).
    pub fn update_config<T>(&self, edit: impl FnOnce(&mut AppConfig) -> Result<T>) -> Result<T> {
        self.env.config_dir.update(edit)
    }

    pub(crate) fn secret_key(config: &AppConfig, name: &str) -> String {
        format!("{}/{}", config.profile_id, name)
    }

    pub(crate) async fn secret_get(
        &self,
        config: &AppConfig,
        name: &str,
    ) -> Result<Option<String>> {
        let store = self.env.secrets.clone();
        let key = Self::secret_key(config, name);
        blocking(move || store.get(&key)).await
    }

    pub(crate) async fn secret_set(
        &self,
        config: &AppConfig,
        name: &str,
        value: String,
    ) -> Result<()> {
        let store = self.env.secrets.clone();
        let key = Self::secret_key(config, name);
        blocking(move || store.set(&key, &value)).await
    }

    pub(crate) async fn secret_delete(&self, config: &AppConfig, name: &str) -> Result<()> {
        let store = self.env.secrets.clone();
        let key = Self::secret_key(config, name);
        blocking(move || store.delete(&key)).await
    }

    pub(crate) fn oauth_client(
        &self,
        client_id: &str,
        client_secret: &str,
        redirect_uri: &str,
    ) -> OAuthClient {
        OAuthClient::new(
            OAuthConfig {
                oauth_base: self.env.endpoints.whoop_oauth.clone(),
                client_id: client_id.to_string(),
                client_secret: ClientSecret::new(client_secret.to_string()),
                redirect_uri: redirect_uri.to_string(),
            },
            self.env.whoop_executor(),
        )
    }

    /// The WHOOP client for a connected account, with its token manager.
    pub(crate) async fn whoop(&self, config: &AppConfig) -> Result<(WhoopApi, Arc<TokenManager>)> {
        let settings = config.whoop.as_ref().ok_or_else(|| {
            SyncError::new(ErrorCode::WhoopNotConnected, "WHOOP is not connected")
        })?;
        let secret = self
            .secret_get(config, WHOOP_CLIENT_SECRET)
            .await?
            .ok_or_else(|| {
                SyncError::new(
                    ErrorCode::WhoopReconnect,
                    "the WHOOP client secret is missing from the keychain",
                )
            })?;
        let oauth = self.oauth_client(&settings.client_id, &secret, &settings.redirect_uri);
        let tokens = Arc::new(TokenManager::new(
            self.env.secrets.clone(),
            Self::secret_key(config, WHOOP_TOKENS),
            self.env.config_dir.token_lock(),
            self.env.limits.token_lock_wait,
            oauth,
            self.env.clock.clone(),
        ));
        let api = WhoopApi::new(
            WhoopApiConfig {
                api_base: self.env.endpoints.whoop_api.clone(),
            },
            self.env.whoop_executor(),
            tokens.clone(),
        );
        Ok((api, tokens))
    }

    pub(crate) fn notion_with_token(&self, token: String) -> NotionApi {
        NotionApi::new(
            NotionApiConfig {
                base: self.env.endpoints.notion_api.clone(),
            },
            token,
            self.env.notion_executor(),
        )
    }

    pub(crate) async fn notion(&self, config: &AppConfig) -> Result<NotionApi> {
        let token = self
            .secret_get(config, NOTION_TOKEN)
            .await?
            .ok_or_else(|| {
                SyncError::new(ErrorCode::NotionNotConnected, "Notion is not connected")
            })?;
        Ok(self.notion_with_token(token))
    }
}

/// Runs a blocking secret-store call off the async executor (keyring's Secret Service client
/// must not run on a runtime thread).
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> std::result::Result<T, secret_store::SecretError> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| {
            SyncError::new(
                ErrorCode::Internal,
                format!("a background task failed: {e}"),
            )
        })?
        .map_err(SyncError::from)
}
