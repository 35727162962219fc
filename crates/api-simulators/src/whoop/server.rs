//! Starting, controlling and stopping a simulator instance.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};

use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::api;
use super::config::WhoopSimConfig;
use super::dataset::Dataset;
use super::faults::{FaultQueue, WhoopFault};
use super::guard::{guard, TOKEN_PATH};
use super::oauth;
use super::rate_limit::RateLimiter;
use super::records::UserBodyMeasurement;
use super::stats::WhoopStats;
use super::tokens::{IssuedTokens, TokenStore};

/// WHOOP's per-day allowance; not configurable, a test never gets near it.
const PER_DAY: u32 = 10_000;

/// State shared by the handlers and the handle. Plain mutexes: never held across an await.
pub(crate) struct Shared {
    /// The configuration as started; its `dataset` is moved into `dataset`.
    pub config: WhoopSimConfig,
    pub dataset: RwLock<Dataset>,
    pub tokens: Mutex<TokenStore>,
    pub stats: Mutex<WhoopStats>,
    pub rate: Mutex<RateLimiter>,
    pub faults: Mutex<FaultQueue>,
    /// The user's body measurement, which they may change while the simulator runs.
    pub body: RwLock<UserBodyMeasurement>,
}

pub struct WhoopSim;

impl WhoopSim {
    /// Binds `127.0.0.1:0` and serves until `stop`.
    pub async fn start(config: WhoopSimConfig) -> std::io::Result<WhoopSimHandle> {
        Self::start_on(config, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Like [`WhoopSim::start`] on a fixed address (the demo mode wants a stable port).
    pub async fn start_on(
        mut config: WhoopSimConfig,
        addr: SocketAddr,
    ) -> std::io::Result<WhoopSimHandle> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let dataset = std::mem::take(&mut config.dataset);
        let rate = RateLimiter::new(config.rate_limit_per_minute, PER_DAY, config.clock.clone());
        let tokens = TokenStore::new(config.clock.clone());
        let network = config.network.clone();
        let body = RwLock::new(config.user.body.clone());
        let shared = Arc::new(Shared {
            body,
            config,
            dataset: RwLock::new(dataset),
            tokens: Mutex::new(tokens),
            stats: Mutex::new(WhoopStats::default()),
            rate: Mutex::new(rate),
            faults: Mutex::new(FaultQueue::default()),
        });
        let app = Router::new()
            .route("/oauth/oauth2/auth", get(oauth::authorize))
            .route(TOKEN_PATH, post(oauth::token))
            .nest("/developer", api::routes())
            .fallback(api::not_found)
            .layer(axum::middleware::from_fn_with_state(shared.clone(), guard))
            .layer(axum::middleware::from_fn_with_state(
                network,
                crate::network::intercept,
            ))
            .with_state(shared.clone());
        let (tx, mut rx) = watch::channel(false);
        tokio::spawn(async move {
            let stop = async move {
                let _ = rx.wait_for(|stopped| *stopped).await;
            };
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(stop)
                .await;
        });
        Ok(WhoopSimHandle {
            shared,
            addr,
            shutdown: Arc::new(tx),
        })
    }
}

/// Controls a running simulator. Clones share the same server.
#[derive(Clone)]
pub struct WhoopSimHandle {
    shared: Arc<Shared>,
    addr: SocketAddr,
    shutdown: Arc<watch::Sender<bool>>,
}

impl std::fmt::Debug for WhoopSimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhoopSimHandle")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl WhoopSimHandle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `{base}/oauth/oauth2`; the client appends `/auth` and `/token`.
    pub fn oauth_url(&self) -> String {
        format!("{}/oauth/oauth2", self.base_url())
    }

    /// `{base}/developer`; the client appends `/v2/...`.
    pub fn api_url(&self) -> String {
        format!("{}/developer", self.base_url())
    }

    pub fn stats(&self) -> WhoopStats {
        self.shared.stats.lock().unwrap().clone()
    }

    pub fn reset_stats(&self) {
        *self.shared.stats.lock().unwrap() = WhoopStats::default();
    }

    /// Starts fresh rate-limit windows (a test that used up the minute).
    pub fn reset_rate_limit(&self) {
        self.shared.rate.lock().unwrap().reset();
    }

    /// Every access token issued so far answers 401 from now on; refresh tokens still work.
    pub fn expire_access_tokens(&self) {
        self.shared.tokens.lock().unwrap().expire_all_access();
    }

    /// Revokes every grant: refresh answers `invalid_grant`, access tokens 401. A new
    /// authorization starts a working grant again.
    pub fn revoke_grant(&self) {
        self.shared.tokens.lock().unwrap().revoke_all();
    }

    /// Tokens for a fresh grant without the browser dance (`scope` space-separated; a
    /// refresh token only with `offline`). Not counted as a code exchange.
    pub fn issue_tokens(&self, scope: &str) -> IssuedTokens {
        let scopes = scope.split(' ').filter(|s| !s.is_empty()).map(String::from);
        let ttl = self.shared.config.access_token_ttl_secs;
        let mut tokens = self.shared.tokens.lock().unwrap();
        tokens.grant_directly(scopes.collect(), ttl)
    }

    pub fn set_dataset(&self, d: Dataset) {
        *self.shared.dataset.write().unwrap() = d;
    }

    pub fn dataset(&self) -> Dataset {
        self.shared.dataset.read().unwrap().clone()
    }

    /// The `PENDING_SCORE` night of `day` becomes `SCORED` (sleep, recovery, cycle), with
    /// `updated_at` bumped. False if that night is not pending.
    pub fn score_pending(&self, day: NaiveDate) -> bool {
        self.shared
            .dataset
            .write()
            .unwrap()
            .score_pending(day, self.shared.config.clock.now())
    }

    /// A late re-score of the recovery of `day`. False if there is no night that day.
    pub fn rescore(&self, day: NaiveDate, recovery_score: f64) -> bool {
        self.shared.dataset.write().unwrap().rescore(
            day,
            recovery_score,
            self.shared.config.clock.now(),
        )
    }

    /// The `PENDING_SCORE` (or `UNSCORABLE`) workout with this id gets a score, `updated_at`
    /// bumped. False if there is no such workout or it was already scored.
    pub fn score_workout(&self, id: &str) -> bool {
        let now = self.shared.config.clock.now();
        self.shared.dataset.write().unwrap().score_workout(id, now)
    }

    /// A late re-score of a workout to `strain`. False if there is no such workout.
    pub fn rescore_workout(&self, id: &str, strain: f64) -> bool {
        let now = self.shared.config.clock.now();
        self.shared
            .dataset
            .write()
            .unwrap()
            .rescore_workout(id, strain, now)
    }

    /// The user deletes the workout in the WHOOP app. False if there is no such workout.
    pub fn delete_workout(&self, id: &str) -> bool {
        self.shared.dataset.write().unwrap().delete_workout(id)
    }

    /// The user enters a new weight (or height) in WHOOP: `/v2/user/measurement/body`
    /// answers `body` from now on.
    pub fn set_body_measurement(&self, body: UserBodyMeasurement) {
        *self.shared.body.write().unwrap() = body;
    }

    pub fn inject_fault(&self, f: WhoopFault) {
        self.shared.faults.lock().unwrap().push(f);
    }

    pub fn clear_faults(&self) {
        self.shared.faults.lock().unwrap().clear();
    }

    /// Stops accepting connections and closes idle ones; in-flight requests finish.
    pub fn stop(&self) {
        let _ = self.shutdown.send(true);
    }
}
