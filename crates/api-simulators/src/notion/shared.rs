//! State shared by the HTTP side and the test-facing handle. Each part has its own lock,
//! held briefly and never across an await.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::watch;

use super::config::NotionSimConfig;
use super::faults::FaultQueue;
use super::rate_limit::TokenBucket;
use super::stats::NotionStats;
use super::store::Store;

pub struct Shared {
    pub config: Mutex<NotionSimConfig>,
    pub store: Mutex<Store>,
    /// Notion limits each connection on its own: two computers with their own connections
    /// don't slow each other down.
    pub limits: Mutex<ConnectionLimits>,
    pub faults: Mutex<FaultQueue>,
    pub stats: Mutex<NotionStats>,
    /// `true` once `stop()` was called; the accept loop and every connection watch it.
    pub shutdown: watch::Sender<bool>,
}

/// A poisoned lock only means a test helper panicked; the data is still usable.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub fn new(config: NotionSimConfig) -> Self {
        Shared {
            store: Mutex::new(Store::with_clock(config.clock.clone())),
            config: Mutex::new(config),
            limits: Mutex::new(ConnectionLimits::default()),
            faults: Mutex::new(FaultQueue::default()),
            stats: Mutex::new(NotionStats::default()),
            shutdown: watch::channel(false).0,
        }
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub fn stats(&self) -> MutexGuard<'_, NotionStats> {
        lock(&self.stats)
    }
}

/// Each connection's (bot user's) rate-limit bucket and the `Retry-After` it was last sent.
#[derive(Default)]
pub struct ConnectionLimits {
    buckets: HashMap<String, TokenBucket>,
    /// Until when (the server's monotonic clock) the latest `Retry-After` sent runs.
    retry_after_until: HashMap<String, Duration>,
}

impl ConnectionLimits {
    /// Takes a token from `bot`'s bucket (full when first seen), or says how many whole
    /// seconds until one is available.
    pub fn try_take(
        &mut self,
        bot: &str,
        config: &NotionSimConfig,
        now: Duration,
    ) -> Result<(), u64> {
        self.buckets
            .entry(bot.to_string())
            .or_insert_with(|| TokenBucket::new(config.rate_per_second, config.burst, now))
            .try_take(now)
    }

    /// Whether `bot` was told to wait until after `now`.
    pub fn told_to_wait(&self, bot: &str, now: Duration) -> bool {
        self.retry_after_until
            .get(bot)
            .is_some_and(|until| now < *until)
    }

    pub fn note_retry_after(&mut self, bot: &str, until: Duration) {
        let current = self
            .retry_after_until
            .entry(bot.to_string())
            .or_insert(until);
        *current = (*current).max(until);
    }

    /// Every connection starts again from a full bucket.
    pub fn reset(&mut self) {
        self.buckets.clear();
    }
}
