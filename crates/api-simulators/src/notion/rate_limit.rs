//! Token bucket per connection: `rate` tokens a second on average, at most `burst` saved up.
//! Notion documents "an average of three requests per second, some bursts allowed" and a
//! `Retry-After` in whole seconds after which the request should succeed.

use std::time::Duration;

#[derive(Debug)]
pub struct TokenBucket {
    rate: f64,
    burst: f64,
    tokens: f64,
    /// The server's monotonic time of the last take.
    last: Duration,
}

impl TokenBucket {
    pub fn new(rate: f64, burst: u32, now: Duration) -> Self {
        let burst = f64::from(burst.max(1));
        TokenBucket {
            rate,
            burst,
            tokens: burst,
            last: now,
        }
    }

    /// Takes a token, or says how many whole seconds (≥ 1) until one is available.
    pub fn try_take(&mut self, now: Duration) -> Result<(), u64> {
        if self.rate <= 0.0 || !self.rate.is_finite() {
            return Ok(());
        }
        let elapsed = now.saturating_sub(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Ok(());
        }
        let wait = (1.0 - self.tokens) / self.rate;
        Err((wait.ceil() as u64).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_then_limits_then_refills() {
        let t0 = Duration::from_secs(100);
        let mut b = TokenBucket::new(2.0, 3, t0);
        for _ in 0..3 {
            assert!(b.try_take(t0).is_ok());
        }
        assert_eq!(b.try_take(t0), Err(1));
        assert!(b.try_take(t0 + Duration::from_millis(600)).is_ok());
        assert!(b.try_take(t0 + Duration::from_millis(600)).is_err());
    }

    #[test]
    fn slow_rate_asks_for_longer_waits() {
        let t0 = Duration::from_secs(100);
        let mut b = TokenBucket::new(0.25, 1, t0);
        assert!(b.try_take(t0).is_ok());
        assert_eq!(b.try_take(t0), Err(4));
    }

    #[test]
    fn zero_rate_means_unlimited() {
        let t0 = Duration::from_secs(100);
        let mut b = TokenBucket::new(0.0, 1, t0);
        for _ in 0..100 {
            assert!(b.try_take(t0).is_ok());
        }
    }
}
