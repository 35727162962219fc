//! Waiting for a cross-process lock without blocking a thread. A blocked thread would hold up
//! tokio's paused time (it doesn't advance while a blocking task is out), so in the soak the
//! holder it waits for could never finish; this waits on the runtime's timer instead. Not on
//! the injected clock: a `ManualClock` moves forward for every sleeper, and hours of polls
//! would move "today" under the holder.

use std::io;
use std::path::Path;
use std::time::Duration;

use private_fs::{ProcessLock, ProcessLockGuard};

/// The lock at `path`, waiting up to `wait` for its holder; then [`io::ErrorKind::TimedOut`].
pub(crate) async fn acquire(path: &Path, wait: Duration) -> io::Result<ProcessLockGuard> {
    let deadline = tokio::time::Instant::now() + wait;
    let mut pause = Duration::from_millis(5);
    let mut attempt = ProcessLock::attempt(path)?;
    loop {
        if let Some(guard) = attempt.try_take()? {
            return Ok(guard);
        }
        let now = tokio::time::Instant::now();
        if now >= deadline {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!(
                    "another process held {} for more than {wait:?}",
                    path.display()
                ),
            ));
        }
        tokio::time::sleep(pause.min(deadline - now)).await;
        pause = (pause * 2).min(Duration::from_millis(100));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn it_waits_for_the_holder_and_times_out_without_one_letting_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock");
        let held = ProcessLock::acquire(&path).unwrap();
        let err = acquire(&path, Duration::from_millis(150))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        // Let go while another waits: it gets the lock.
        let waiting = tokio::spawn({
            let path = path.clone();
            async move { acquire(&path, Duration::from_secs(5)).await.map(|_| ()) }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        drop(held);
        waiting.await.unwrap().unwrap();
    }
}
