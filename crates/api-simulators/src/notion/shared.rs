//! State shared by the HTTP side and the test-facing handle. Each part has its own lock,
//! held briefly and never across an await.

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
    pub bucket: Mutex<TokenBucket>,
    pub faults: Mutex<FaultQueue>,
    pub stats: Mutex<NotionStats>,
    /// Until when (the server's monotonic clock) the latest `Retry-After` sent to the connection runs.
    pub retry_after_until: Mutex<Option<Duration>>,
    /// `true` once `stop()` was called; the accept loop and every connection watch it.
    pub shutdown: watch::Sender<bool>,
}

/// A poisoned lock only means a test helper panicked; the data is still usable.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub fn new(config: NotionSimConfig) -> Self {
        let bucket = TokenBucket::new(config.rate_per_second, config.burst, config.clock.mono());
        Shared {
            store: Mutex::new(Store::with_clock(config.clock.clone())),
            config: Mutex::new(config),
            bucket: Mutex::new(bucket),
            faults: Mutex::new(FaultQueue::default()),
            stats: Mutex::new(NotionStats::default()),
            retry_after_until: Mutex::new(None),
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
