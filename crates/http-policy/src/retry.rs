use std::sync::Mutex;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// How often and how patiently a failed request is tried again.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// The longest server-requested wait (Retry-After) we accept before giving up.
    pub max_server_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_server_wait: Duration::from_secs(15 * 60),
        }
    }
}

impl RetryPolicy {
    /// "Equal jitter" exponential backoff: half the exponential step fixed, half random, so that
    /// concurrent clients spread out but never retry immediately.
    pub fn backoff(&self, failed_attempts: u32, jitter: &Jitter) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << failed_attempts.saturating_sub(1).min(16));
        let step = exp.min(self.max_delay);
        let half = step / 2;
        half + half.mul_f64(jitter.unit())
    }
}

/// The source of randomness for backoff jitter; seeded by the caller so tests are repeatable.
#[derive(Debug)]
pub struct Jitter {
    rng: Mutex<StdRng>,
}

impl Jitter {
    pub fn seeded(seed: u64) -> Self {
        Self {
            rng: Mutex::new(StdRng::seed_from_u64(seed)),
        }
    }

    pub fn from_entropy() -> Self {
        Self {
            rng: Mutex::new(StdRng::from_entropy()),
        }
    }

    /// A number in [0, 1).
    pub fn unit(&self) -> f64 {
        self.rng.lock().expect("jitter lock").gen::<f64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(8),
            max_server_wait: Duration::from_secs(60),
        };
        let jitter = Jitter::seeded(7);
        let delays: Vec<Duration> = (1..=6).map(|n| policy.backoff(n, &jitter)).collect();
        let bounds = [1u64, 2, 4, 8, 8, 8];
        for (delay, bound) in delays.iter().zip(bounds) {
            let bound = Duration::from_secs(bound);
            assert!(
                *delay >= bound / 2 && *delay <= bound,
                "{delay:?} vs {bound:?}"
            );
        }
    }

    #[test]
    fn same_seed_same_delays() {
        let policy = RetryPolicy::default();
        let a = Jitter::seeded(42);
        let b = Jitter::seeded(42);
        for n in 1..5 {
            assert_eq!(policy.backoff(n, &a), policy.backoff(n, &b));
        }
    }
}
