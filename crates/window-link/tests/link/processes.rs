//! Stopping a host from before versioned hellos: only a process that runs the host program is
//! signalled, also after a package upgrade replaced the program on disk.
#![cfg(target_os = "linux")]

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use window_link::programs::{is_alive, stop_host_process, TRAY_HOST};

fn wait_exit(child: &mut Child) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

fn sleep_binary() -> std::path::PathBuf {
    ["/bin/sleep", "/usr/bin/sleep"]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists())
        .expect("sleep is installed")
}

#[test]
fn only_the_host_program_is_signalled() {
    use std::os::unix::process::ExitStatusExt;

    // Some other program under the pid: left alone.
    let mut stranger = Command::new(sleep_binary()).arg("30").spawn().unwrap();
    let refused = stop_host_process(stranger.id()).unwrap_err();
    assert!(refused.contains("not whoop-notion-tray"), "{refused}");
    assert!(is_alive(stranger.id()));
    assert!(stop_host_process(0).is_err());
    assert!(stop_host_process(1).is_err());
    assert!(stop_host_process(std::process::id()).is_err());
    stranger.kill().unwrap();
    stranger.wait().unwrap();

    // The host program, then replaced on disk as a package upgrade does: still it.
    let dir = tempfile::tempdir().unwrap();
    let host = dir.path().join(TRAY_HOST);
    std::fs::copy(sleep_binary(), &host).unwrap();
    let mut old_host = Command::new(&host).arg("30").spawn().unwrap();
    std::fs::remove_file(&host).unwrap();
    std::fs::write(&host, b"the new version").unwrap();
    assert!(is_alive(old_host.id()));
    stop_host_process(old_host.id()).unwrap();
    let status = wait_exit(&mut old_host).expect("the old host stops");
    assert_eq!(status.signal(), Some(15));
    assert!(!is_alive(old_host.id()));
}
