use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

/// Wall-clock time, a monotonic reading and sleeping, injected so that tests can run hours of
/// pacing in microseconds and days of a running app in seconds.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
    /// Time since an arbitrary fixed point that only moves forward and, like the OS's
    /// monotonic clock, stands still while the computer sleeps: the wall clock gaining on it
    /// is how a wake is noticed, and servers measure their windows with it.
    fn monotonic(&self) -> Duration;
}

/// The real clock: the system time and tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(duration))
    }

    fn monotonic(&self) -> Duration {
        static BASE: OnceLock<Instant> = OnceLock::new();
        BASE.get_or_init(Instant::now).elapsed()
    }
}

/// A virtual clock for tests: sleeping advances it instantly, and the total slept is recorded.
/// Each sleeper moves the shared clock on its own, so concurrent sleeps add up: for one task
/// at a time. Many tasks sleeping side by side need [`VirtualClock`].
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<Mutex<DateTime<Utc>>>,
    /// Everything advanced so far (not `set`): the monotonic reading.
    advanced: Arc<Mutex<Duration>>,
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            now: Arc::new(Mutex::new(start)),
            advanced: Arc::new(Mutex::new(Duration::ZERO)),
        }
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().expect("clock lock");
        *now += chrono::Duration::from_std(by).unwrap_or(chrono::Duration::MAX);
        *self.advanced.lock().expect("clock lock") += by;
    }

    /// Sets the wall clock only (a clock change): the monotonic reading stays.
    pub fn set(&self, to: DateTime<Utc>) {
        *self.now.lock().expect("clock lock") = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().expect("clock lock")
    }

    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        self.advance(duration);
        // Yield so that concurrent tasks interleave as they would with a real timer.
        Box::pin(tokio::task::yield_now())
    }

    fn monotonic(&self) -> Duration {
        *self.advanced.lock().expect("clock lock")
    }
}

/// A computer's clocks on tokio's paused time (`tokio::time::pause`, `start_paused`): every
/// sleeper wakes at its own deadline, in time order, however many sleep at once, and the
/// runtime jumps to the next deadline whenever all tasks wait.
///
/// Three readings, as on a real laptop:
/// - the monotonic clock is tokio's time since the clock was made; timers run on it;
/// - the world's time ([`world`](Self::world), what servers see) is the start plus the
///   monotonic time plus every suspend: time goes on outside while the computer sleeps;
/// - the computer's wall clock ([`Clock::now`]) is the world's time plus whatever the user
///   set the clock off by ([`jump_wall`](Self::jump_wall)).
///
/// Clones share the readings.
#[derive(Debug, Clone)]
pub struct VirtualClock {
    start: DateTime<Utc>,
    base: tokio::time::Instant,
    offsets: Arc<Mutex<Offsets>>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Offsets {
    suspended: chrono::Duration,
    wall_skew: chrono::Duration,
}

impl VirtualClock {
    /// A clock at `start` (world and wall), monotonic 0. Must be made inside a tokio runtime.
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            start,
            base: tokio::time::Instant::now(),
            offsets: Arc::new(Mutex::new(Offsets::default())),
        }
    }

    fn offsets(&self) -> Offsets {
        *self.offsets.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn elapsed(&self) -> chrono::Duration {
        chrono::Duration::from_std(tokio::time::Instant::now() - self.base)
            .unwrap_or(chrono::Duration::MAX)
    }

    /// The world's time: what a server's clock reads.
    pub fn world(&self) -> DateTime<Utc> {
        self.start + self.elapsed() + self.offsets().suspended
    }

    /// The computer sleeps for `duration`: the world and the wall clock move on at once, the
    /// monotonic clock and every timer stand still (they go on from where they were).
    pub fn suspend(&self, duration: Duration) {
        let by = chrono::Duration::from_std(duration).unwrap_or(chrono::Duration::MAX);
        self.offsets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .suspended += by;
    }

    /// The user sets the computer's clock forward (positive) or back (negative) by `by`; the
    /// world's time and the monotonic clock don't change.
    pub fn jump_wall(&self, by: chrono::Duration) {
        self.offsets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .wall_skew += by;
    }

    /// The same clocks as a server sees them: its wall clock is the world's time, and its
    /// monotonic clock keeps running while this computer sleeps.
    pub fn server(&self) -> WorldClock {
        WorldClock(self.clone())
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> DateTime<Utc> {
        self.world() + self.offsets().wall_skew
    }

    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(duration))
    }

    fn monotonic(&self) -> Duration {
        tokio::time::Instant::now() - self.base
    }
}

/// A [`VirtualClock`] as a server elsewhere sees it (see [`VirtualClock::server`]).
#[derive(Debug, Clone)]
pub struct WorldClock(VirtualClock);

impl Clock for WorldClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.world()
    }

    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(duration))
    }

    fn monotonic(&self) -> Duration {
        // Never negative: suspends only add.
        (self.0.world() - self.0.start).to_std().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 4, 0, 0).unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_sleepers_wake_in_time_order_without_adding_up() {
        let clock = Arc::new(VirtualClock::new(start()));
        let woke = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for minutes in [30u64, 10, 20, 10] {
            let (clock, woke) = (clock.clone(), woke.clone());
            tasks.push(tokio::spawn(async move {
                clock.sleep(Duration::from_secs(minutes * 60)).await;
                woke.lock().unwrap().push((minutes, clock.now()));
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        let woke = woke.lock().unwrap().clone();
        let order: Vec<u64> = woke.iter().map(|(m, _)| *m).collect();
        assert_eq!(order, [10, 10, 20, 30]);
        for (minutes, at) in woke {
            assert_eq!(at, start() + chrono::Duration::minutes(minutes as i64));
        }
        // Four sleeps side by side took as long as the longest, not their sum.
        assert_eq!(clock.now(), start() + chrono::Duration::minutes(30));
        assert_eq!(clock.monotonic(), Duration::from_secs(30 * 60));
    }

    #[tokio::test(start_paused = true)]
    async fn a_suspend_moves_the_wall_and_the_world_but_not_the_monotonic_clock() {
        let clock = VirtualClock::new(start());
        let server = clock.server();
        clock.sleep(Duration::from_secs(60)).await;
        clock.suspend(Duration::from_secs(8 * 3600));
        assert_eq!(clock.monotonic(), Duration::from_secs(60));
        assert_eq!(
            clock.now(),
            start() + chrono::Duration::seconds(60 + 8 * 3600)
        );
        assert_eq!(server.now(), clock.now());
        // The server's own monotonic clock ran on while this computer slept.
        assert_eq!(server.monotonic(), Duration::from_secs(60 + 8 * 3600));
        // A timer set before goes on from where it stood.
        let before = clock.monotonic();
        clock.sleep(Duration::from_secs(30)).await;
        assert_eq!(clock.monotonic() - before, Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn a_wall_clock_change_moves_only_the_computers_wall_clock() {
        let clock = VirtualClock::new(start());
        let server = clock.server();
        clock.jump_wall(chrono::Duration::hours(2));
        clock.jump_wall(chrono::Duration::hours(-1));
        assert_eq!(clock.now(), start() + chrono::Duration::hours(1));
        assert_eq!(server.now(), start());
        assert_eq!(clock.monotonic(), Duration::ZERO);
        assert_eq!(server.monotonic(), Duration::ZERO);
    }

    /// With paused time tokio jumps to the next timer only when every task waits: a timeout
    /// doesn't fire while an answer from a task in this runtime (an in-process server) is on
    /// its way, nor while a blocking task (SQLite) runs.
    #[tokio::test(start_paused = true)]
    async fn timeouts_do_not_fire_early_while_work_is_under_way() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let clock = VirtualClock::new(start());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 4];
            socket.read_exact(&mut buf).await.unwrap();
            // The server is busy for real (not virtual) time before it answers.
            std::thread::sleep(Duration::from_millis(50));
            socket.write_all(&buf).await.unwrap();
        });
        let exchange = async {
            let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
            socket.write_all(b"ping").await.unwrap();
            let mut buf = [0u8; 4];
            socket.read_exact(&mut buf).await.unwrap();
            buf
        };
        let answer = tokio::time::timeout(Duration::from_secs(1), exchange).await;
        assert_eq!(answer.unwrap(), *b"ping");
        let blocking = tokio::task::spawn_blocking(|| {
            std::thread::sleep(Duration::from_millis(100));
            7
        });
        let done = tokio::time::timeout(Duration::from_secs(1), blocking).await;
        assert_eq!(done.unwrap().unwrap(), 7);
        assert!(
            clock.monotonic() < Duration::from_secs(1),
            "no timeout ran out"
        );
    }

    #[tokio::test]
    async fn manual_clock_monotonic_counts_advances_not_settings() {
        let clock = ManualClock::new(start());
        clock.advance(Duration::from_secs(5));
        clock.set(start() - chrono::Duration::hours(1));
        clock.sleep(Duration::from_secs(2)).await;
        assert_eq!(clock.monotonic(), Duration::from_secs(7));
        assert_eq!(clock.now(), start() - chrono::Duration::seconds(3600 - 2));
    }

    #[test]
    fn the_system_monotonic_clock_moves_forward() {
        let a = SystemClock.monotonic();
        std::thread::sleep(Duration::from_millis(2));
        assert!(SystemClock.monotonic() > a);
    }
}
