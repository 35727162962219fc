use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::Clock;

/// A generic cell rate limiter: `rate` requests per second on average, with up to `burst`
/// requests back to back. Callers reserve a slot and then sleep until it, so concurrent callers
/// queue fairly without a background task.
#[derive(Debug)]
pub struct RateLimiter {
    interval: chrono::Duration,
    burst: i32,
    state: Mutex<LimiterState>,
}

#[derive(Debug)]
struct LimiterState {
    /// When the next request would be due if every request were spaced by `interval`.
    theoretical_arrival: Option<DateTime<Utc>>,
    /// Nothing may be sent before this instant (set by a server's Retry-After).
    blocked_until: Option<DateTime<Utc>>,
    /// The latest time a caller brought: when the clock goes back (the user sets it, NTP
    /// corrects it), the schedule above moves back with it, so a limiter kept for the
    /// process's life never waits out a jump of the wall clock.
    last_seen: Option<DateTime<Utc>>,
}

impl LimiterState {
    fn follow_clock(&mut self, now: DateTime<Utc>) {
        if let Some(back) = self.last_seen.map(|last| last - now) {
            if back > chrono::Duration::zero() {
                self.theoretical_arrival = self.theoretical_arrival.map(|t| t - back);
                self.blocked_until = self.blocked_until.map(|t| t - back);
            }
        }
        self.last_seen = Some(now);
    }
}

impl RateLimiter {
    pub fn new(requests_per_second: f64, burst: u32) -> Self {
        let nanos = (1e9 / requests_per_second.max(1e-6)).round() as i64;
        Self {
            interval: chrono::Duration::nanoseconds(nanos),
            burst: burst.max(1) as i32,
            state: Mutex::new(LimiterState {
                theoretical_arrival: None,
                blocked_until: None,
                last_seen: None,
            }),
        }
    }

    /// A limiter that never waits (for tests that are about something else).
    pub fn unlimited() -> Self {
        Self::new(1e9, 1_000_000)
    }

    /// Reserves the next slot and returns how long the caller must wait for it.
    pub fn reserve(&self, now: DateTime<Utc>) -> Duration {
        let mut state = self.state.lock().expect("limiter lock");
        state.follow_clock(now);
        let tat = state.theoretical_arrival.unwrap_or(now).max(now);
        let earliest = tat - self.interval * (self.burst - 1);
        let mut send_at = earliest.max(now);
        if let Some(blocked) = state.blocked_until {
            send_at = send_at.max(blocked);
        }
        state.theoretical_arrival = Some(tat.max(send_at) + self.interval);
        (send_at - now).to_std().unwrap_or_default()
    }

    /// Waits for the next slot.
    pub async fn acquire(&self, clock: &dyn Clock) {
        let wait = self.reserve(clock.now());
        if !wait.is_zero() {
            clock.sleep(wait).await;
        }
    }

    /// The server said "not before `until`": every caller of this limiter holds off until then,
    /// and the burst allowance is spent so that we don't hammer it the moment it reopens.
    pub fn block_until(&self, until: DateTime<Utc>) {
        let mut state = self.state.lock().expect("limiter lock");
        state.blocked_until = Some(state.blocked_until.map_or(until, |b| b.max(until)));
        let tat = state.theoretical_arrival.unwrap_or(until).max(until);
        state.theoretical_arrival = Some(tat);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ManualClock;
    use chrono::TimeZone;

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 7, 0, 0).unwrap()
    }

    #[tokio::test]
    async fn paces_to_the_average_rate_after_the_burst() {
        let clock = ManualClock::new(start());
        let limiter = RateLimiter::new(3.0, 3);
        for _ in 0..30 {
            limiter.acquire(&clock).await;
        }
        let elapsed = (clock.now() - start()).num_milliseconds();
        // 3 go at once, then 27 spaced by 1/3 s: 27 × 333.33… ms, truncated to whole ms.
        assert_eq!(elapsed, 8_999, "elapsed {elapsed} ms");
    }

    #[tokio::test]
    async fn a_clock_set_back_moves_the_schedule_back_with_it() {
        let clock = ManualClock::new(start());
        let limiter = RateLimiter::new(1.0, 1);
        limiter.acquire(&clock).await;
        limiter.block_until(start() + chrono::Duration::seconds(30));
        // The wall clock goes back an hour: what was 30 s away is still 30 s away.
        clock.set(start() - chrono::Duration::hours(1));
        let before = clock.now();
        limiter.acquire(&clock).await;
        assert_eq!((clock.now() - before).num_seconds(), 30);
        limiter.acquire(&clock).await;
        assert_eq!((clock.now() - before).num_seconds(), 31);
    }

    #[tokio::test]
    async fn idle_time_refills_the_burst_but_not_beyond() {
        let clock = ManualClock::new(start());
        let limiter = RateLimiter::new(2.0, 2);
        limiter.acquire(&clock).await;
        limiter.acquire(&clock).await;
        clock.advance(Duration::from_secs(60));
        let before = clock.now();
        for _ in 0..2 {
            limiter.acquire(&clock).await;
        }
        assert_eq!(clock.now(), before, "a refilled burst goes out at once");
        limiter.acquire(&clock).await;
        assert_eq!((clock.now() - before).num_milliseconds(), 500);
    }

    #[tokio::test]
    async fn retry_after_blocks_everyone() {
        let clock = ManualClock::new(start());
        let limiter = RateLimiter::new(100.0, 10);
        limiter.block_until(start() + chrono::Duration::seconds(7));
        limiter.acquire(&clock).await;
        assert_eq!(clock.now(), start() + chrono::Duration::seconds(7));
    }
}
