use std::fs::{File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

/// A cross-process exclusive lock on a file (an OS advisory lock, `flock` on Linux), so
/// the tray app and a cron job don't refresh the same token or write the same day at once.
/// The OS drops the lock when the holder exits, even on a crash, so it never goes stale.
/// The lock file stays empty, unless its holder says who it is there ([`ProcessLockGuard::
/// say_holder`]) for the others to read ([`ProcessLock::holder`]).
pub struct ProcessLock;

/// Holds the lock until dropped.
#[derive(Debug)]
pub struct ProcessLockGuard {
    file: File,
    path: PathBuf,
}

impl ProcessLock {
    /// Waits as long as it takes. Blocking: call it off the async executor.
    pub fn acquire(path: &Path) -> io::Result<ProcessLockGuard> {
        let file = open(path)?;
        file.lock()?;
        Ok(guard(file, path))
    }

    /// `Ok(None)` when another holder has it right now.
    pub fn try_acquire(path: &Path) -> io::Result<Option<ProcessLockGuard>> {
        let file = open(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(guard(file, path))),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }

    /// The lock at `path`, to be tried again and again ([`LockAttempt::try_take`]) by a caller
    /// that waits its own way (an async timer). The file is opened once: opening it for every
    /// try would create it and its folder again under a holder that is removing them.
    pub fn attempt(path: &Path) -> io::Result<LockAttempt> {
        Ok(LockAttempt {
            file: Some(open(path)?),
            path: path.to_path_buf(),
        })
    }

    /// What the holder of the lock at `path` said about itself ([`ProcessLockGuard::
    /// say_holder`]); `None` when nothing was said (or the file can't be read).
    pub fn holder(path: &Path) -> Option<String> {
        let text = std::fs::read_to_string(path).ok()?;
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_string())
    }

    /// Waits up to `timeout`; then fails with [`io::ErrorKind::TimedOut`].
    /// Polls because the OS offers no timed wait on file locks.
    pub fn acquire_timeout(path: &Path, timeout: Duration) -> io::Result<ProcessLockGuard> {
        let file = open(path)?;
        let deadline = Instant::now() + timeout;
        let mut pause = Duration::from_millis(5);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(guard(file, path)),
                Err(TryLockError::Error(e)) => return Err(e),
                Err(TryLockError::WouldBlock) => {}
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "another process held {} for more than {timeout:?}; wait for it to \
                         finish and try again",
                        path.display()
                    ),
                ));
            }
            thread::sleep(pause.min(deadline - now));
            pause = (pause * 2).min(Duration::from_millis(100));
        }
    }
}

/// A lock being waited for (see [`ProcessLock::attempt`]).
#[derive(Debug)]
pub struct LockAttempt {
    file: Option<File>,
    path: PathBuf,
}

impl LockAttempt {
    /// The lock if it is free now, `Ok(None)` while another holder has it.
    pub fn try_take(&mut self) -> io::Result<Option<ProcessLockGuard>> {
        let Some(file) = self.file.as_ref() else {
            return Err(io::Error::other("this lock was taken already"));
        };
        match file.try_lock() {
            Ok(()) => Ok(self.file.take().map(|file| guard(file, &self.path))),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }
}

impl ProcessLockGuard {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes who holds the lock into its file (replacing what an earlier holder wrote), so
    /// a process that finds it taken can say by whom.
    pub fn say_holder(&self, who: &str) -> io::Result<()> {
        use std::io::{Seek, Write};
        let mut file = &self.file;
        file.set_len(0)?;
        file.seek(io::SeekFrom::Start(0))?;
        file.write_all(who.as_bytes())?;
        file.sync_data()
    }
}

impl Drop for ProcessLockGuard {
    fn drop(&mut self) {
        // Closing the file would release it too; unlocking first makes the intent explicit.
        let _ = self.file.unlock();
    }
}

fn open(path: &Path) -> io::Result<File> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        crate::create_dir_all(parent)?;
    }
    // No truncate: another process may hold the lock on this very file.
    crate::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

fn guard(file: File, path: &Path) -> ProcessLockGuard {
    ProcessLockGuard {
        file,
        path: path.to_path_buf(),
    }
}
