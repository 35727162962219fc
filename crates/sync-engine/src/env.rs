//! Everything the engine takes from outside: where things live, the clock, the user's time
//! zone, randomness, the secret store and the service addresses. The CLI and the app build
//! this; tests build it with simulators, a virtual clock and an in-memory store.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, Offset, Utc};
use http_policy::{Clock, Executor, Jitter, RateLimiter, RetryPolicy};
use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};
use secret_store::SecretStore;

use crate::config::ConfigDir;
use crate::units::Units;

pub const DEFAULT_WHOOP_OAUTH_URL: &str = "https://api.prod.whoop.com/oauth/oauth2";
pub const DEFAULT_WHOOP_API_URL: &str = "https://api.prod.whoop.com/developer";
pub const DEFAULT_NOTION_API_URL: &str = "https://api.notion.com";

#[derive(Debug, Clone)]
pub struct Endpoints {
    pub whoop_oauth: String,
    pub whoop_api: String,
    pub notion_api: String,
}

impl Default for Endpoints {
    fn default() -> Self {
        Self {
            whoop_oauth: DEFAULT_WHOOP_OAUTH_URL.into(),
            whoop_api: DEFAULT_WHOOP_API_URL.into(),
            notion_api: DEFAULT_NOTION_API_URL.into(),
        }
    }
}

/// Client-side pacing, kept just under what each service allows.
#[derive(Debug, Clone)]
pub struct Limits {
    pub notion_per_second: f64,
    pub notion_burst: u32,
    /// WHOOP counts requests per minute window; see [`Limits::whoop_limiter`].
    pub whoop_per_minute: u32,
    pub whoop_burst: u32,
    pub request_timeout: Duration,
    /// How long a WHOOP token refresh waits for another process's (the tray app's, a cron
    /// job's) before giving up with `busy`.
    pub token_lock_wait: Duration,
    /// How long an unattended run that created pages waits before it looks for another
    /// computer's pages of the same days: Notion's queries show a new page up to about 3 s
    /// after it is made, and the other computer may have made its page a few seconds later.
    pub query_settle: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            // Notion allows about 3 requests a second on average, with bursts.
            notion_per_second: 3.0,
            notion_burst: 3,
            // WHOOP allows 100 a minute: a burst of 40 (a year of records is ~45 pages) plus
            // one a second never exceeds 100 in any 60 seconds.
            whoop_per_minute: 100,
            whoop_burst: 40,
            request_timeout: Duration::from_secs(30),
            token_lock_wait: Duration::from_secs(60),
            query_settle: Duration::from_secs(10),
        }
    }
}

impl Limits {
    /// A bucket of `whoop_burst` refilled so that burst + a minute of refill stays within the
    /// per-minute allowance, whatever window WHOOP counts in.
    pub fn whoop_limiter(&self) -> RateLimiter {
        let burst = self
            .whoop_burst
            .min(self.whoop_per_minute.saturating_sub(1))
            .max(1);
        let per_second = (self.whoop_per_minute - burst) as f64 / 60.0;
        RateLimiter::new(per_second.max(0.1), burst)
    }
}

/// The user's local time: which date "today" is, and the time of day for the morning window.
pub trait LocalZone: Send + Sync {
    fn offset_at(&self, utc: DateTime<Utc>) -> FixedOffset;

    fn local(&self, utc: DateTime<Utc>) -> NaiveDateTime {
        utc.with_timezone(&self.offset_at(utc)).naive_local()
    }

    fn today(&self, utc: DateTime<Utc>) -> NaiveDate {
        self.local(utc).date()
    }
}

/// The machine's zone (follows DST changes).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemZone;

impl LocalZone for SystemZone {
    fn offset_at(&self, utc: DateTime<Utc>) -> FixedOffset {
        utc.with_timezone(&Local).offset().fix()
    }
}

/// A fixed offset, for tests and servers that want one.
#[derive(Debug, Clone, Copy)]
pub struct FixedZone(pub FixedOffset);

impl LocalZone for FixedZone {
    fn offset_at(&self, _utc: DateTime<Utc>) -> FixedOffset {
        self.0
    }
}

pub struct EngineEnv {
    pub config_dir: ConfigDir,
    pub clock: Arc<dyn Clock>,
    pub zone: Arc<dyn LocalZone>,
    pub secrets: Arc<dyn SecretStore>,
    pub endpoints: Endpoints,
    /// The clock and temperature unit the locale suggests, for where the settings say nothing.
    pub locale_units: Units,
    pub limits: Limits,
    pub retry: RetryPolicy,
    /// For OAuth state, PKCE and jitter; seeded in tests.
    pub rng: Mutex<StdRng>,
    /// The HTTP clients and rate limiters, built on first use from the fields above and kept
    /// for the engine's life (its clones share them): in the long-lived tray host, Notion's
    /// 3 requests a second and a server's Retry-After hold across runs, not just within one.
    clients: OnceLock<Clients>,
}

/// One executor per service; every operation gets a copy with counts of its own.
struct Clients {
    notion: Executor,
    whoop: Executor,
}

impl EngineEnv {
    pub fn new(
        config_dir: ConfigDir,
        clock: Arc<dyn Clock>,
        zone: Arc<dyn LocalZone>,
        secrets: Arc<dyn SecretStore>,
        endpoints: Endpoints,
    ) -> Self {
        Self {
            config_dir,
            clock,
            zone,
            secrets,
            endpoints,
            locale_units: Units::default(),
            limits: Limits::default(),
            retry: RetryPolicy::default(),
            rng: Mutex::new(StdRng::from_entropy()),
            clients: OnceLock::new(),
        }
    }

    /// The locale's defaults (read by `process-env`); without this, 24-hour and °C.
    pub fn with_locale_units(mut self, units: Units) -> Self {
        self.locale_units = units;
        self
    }

    pub fn with_seed(mut self, seed: u64) -> Self {
        self.rng = Mutex::new(StdRng::seed_from_u64(seed));
        self
    }

    pub fn next_seed(&self) -> u64 {
        self.rng.lock().expect("rng lock").next_u64()
    }

    pub fn with_rng<T>(&self, f: impl FnOnce(&mut dyn RngCore) -> T) -> T {
        f(&mut *self.rng.lock().expect("rng lock"))
    }

    fn http(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .timeout(self.limits.request_timeout)
            .connect_timeout(Duration::from_secs(10))
            .user_agent(concat!("whoop-notion-sync/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the HTTP client builds")
    }

    fn clients(&self) -> &Clients {
        self.clients.get_or_init(|| {
            // One connection pool for both services.
            let http = self.http();
            Clients {
                notion: Executor::new(
                    http.clone(),
                    self.clock.clone(),
                    RateLimiter::new(self.limits.notion_per_second, self.limits.notion_burst),
                    self.retry.clone(),
                    Jitter::seeded(self.next_seed()),
                )
                .for_service("notion"),
                // The API and OAuth share it: both count against the app's allowance.
                whoop: Executor::new(
                    http,
                    self.clock.clone(),
                    self.limits.whoop_limiter(),
                    self.retry.clone(),
                    Jitter::seeded(self.next_seed()),
                )
                .for_service("whoop"),
            }
        })
    }

    /// Notion's executor: the engine's client and limiter, with this operation's own counts.
    pub fn notion_executor(&self) -> Executor {
        self.clients().notion.with_own_counts()
    }

    /// WHOOP's executor (API and OAuth): the engine's client and limiter, own counts.
    pub fn whoop_executor(&self) -> Executor {
        self.clients().whoop.with_own_counts()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use http_policy::ManualClock;

    #[tokio::test]
    async fn whoop_pacing_never_exceeds_the_per_minute_allowance() {
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 7, 0, 0).unwrap());
        let limiter = Limits::default().whoop_limiter();
        let mut sent = Vec::new();
        for _ in 0..400 {
            limiter.acquire(&clock).await;
            sent.push(clock.now());
        }
        for (i, t) in sent.iter().enumerate() {
            let in_window = sent[i..]
                .iter()
                .take_while(|u| **u - *t < chrono::Duration::seconds(60))
                .count();
            assert!(
                in_window <= 100,
                "{in_window} requests within a minute from {t}"
            );
        }
        // …and a year of records (about 45 pages) goes out without waiting.
        assert!(sent[39] == sent[0]);
    }
}
