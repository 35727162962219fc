use std::io::{BufRead, BufReader, ErrorKind};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use private_fs::ProcessLock;

/// Set in a re-invoked copy of this test binary: the path the child should lock.
const CHILD_ENV: &str = "PRIVATE_FS_TEST_LOCK_CHILD";
const LOCKED_MARKER: &str = "CHILD-HOLDS-LOCK";

#[test]
fn second_thread_blocks_until_first_drops() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("sync.lock");
    let first = ProcessLock::acquire(&path).unwrap();
    assert!(
        path.exists(),
        "parent folders and the lock file are created"
    );

    let (tx, rx) = mpsc::channel();
    let p = path.clone();
    let waiter = thread::spawn(move || {
        let guard = ProcessLock::acquire(&p).unwrap();
        tx.send(Instant::now()).unwrap();
        drop(guard);
    });
    // The waiter must still be blocked while we hold the lock.
    assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
    assert!(ProcessLock::try_acquire(&path).unwrap().is_none());

    let released_at = Instant::now();
    drop(first);
    let acquired_at = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("waiter got the lock");
    assert!(acquired_at >= released_at);
    waiter.join().unwrap();
    assert!(ProcessLock::try_acquire(&path).unwrap().is_some());
}

#[test]
fn timeout_reports_timed_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sync.lock");
    let _held = ProcessLock::acquire(&path).unwrap();
    let start = Instant::now();
    let err = ProcessLock::acquire_timeout(&path, Duration::from_millis(200)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TimedOut);
    assert!(start.elapsed() >= Duration::from_millis(200));
    assert!(err.to_string().contains("sync.lock"), "{err}");
}

#[test]
fn lock_is_exclusive_across_processes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sync.lock");

    // 1. A child that exits normally releases the lock.
    let mut holder = LockHolder::spawn(&path);
    assert!(ProcessLock::try_acquire(&path).unwrap().is_none());
    let err = ProcessLock::acquire_timeout(&path, Duration::from_millis(300)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TimedOut);
    drop(holder.child.stdin.take()); // EOF tells the child to exit
    assert!(holder.child.wait().unwrap().success());
    drop(ProcessLock::acquire_timeout(&path, Duration::from_secs(5)).unwrap());

    // 2. A child that is killed (a crash) releases it too: the lock never goes stale.
    let mut holder = LockHolder::spawn(&path);
    assert!(ProcessLock::try_acquire(&path).unwrap().is_none());
    holder.child.kill().unwrap();
    holder.child.wait().unwrap();
    drop(ProcessLock::acquire_timeout(&path, Duration::from_secs(5)).unwrap());
}

/// Not a real test: the body of the child process for `lock_is_exclusive_across_processes`.
/// Does nothing unless started by that test.
#[test]
fn lock_holder_child() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let _guard = ProcessLock::acquire(&PathBuf::from(path)).unwrap();
    println!("{LOCKED_MARKER}");
    // Hold the lock until the parent closes our stdin.
    let mut line = String::new();
    while std::io::stdin().read_line(&mut line).unwrap_or(0) > 0 {}
}

/// A copy of this test binary running `lock_holder_child`; killed on drop so a failing
/// test never leaves it behind.
struct LockHolder {
    child: Child,
}

impl LockHolder {
    fn spawn(path: &Path) -> LockHolder {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "lock_holder_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let holder = LockHolder { child };
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                // libtest may print "test lock_holder_child ... " on the same line first.
                if line.is_ok_and(|l| l.contains(LOCKED_MARKER)) {
                    let _ = tx.send(());
                }
            }
        });
        rx.recv_timeout(Duration::from_secs(30))
            .expect("the child process never reported holding the lock");
        holder
    }
}

impl Drop for LockHolder {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_holder_says_who_it_is_and_the_next_one_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("background.lock");
    assert_eq!(ProcessLock::holder(&path), None, "no file yet");
    let first = ProcessLock::try_acquire(&path).unwrap().unwrap();
    assert_eq!(ProcessLock::holder(&path), None, "nothing said yet");
    first
        .say_holder("a rather long first holder (pid 123456)")
        .unwrap();
    assert!(ProcessLock::try_acquire(&path).unwrap().is_none());
    assert_eq!(
        ProcessLock::holder(&path).as_deref(),
        Some("a rather long first holder (pid 123456)")
    );
    drop(first);
    // Reopening the file to lock it keeps what the last holder wrote (no truncation: a
    // holder may be reading it), and the next holder's words replace it whole.
    let second = ProcessLock::try_acquire(&path).unwrap().unwrap();
    second.say_holder("short (pid 7)").unwrap();
    assert_eq!(ProcessLock::holder(&path).as_deref(), Some("short (pid 7)"));
}
