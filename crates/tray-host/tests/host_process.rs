//! The real `whoop-notion-tray` binary as a process: it announces itself in the profile, serves
//! a window over the link, stays alone per profile, and cleans up on SIGTERM.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use window_link::{HostAddress, Reply};

fn host(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_whoop-notion-tray"));
    command
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("WHOOP_NOTION_CONFIG_DIR", home.join("profile"))
        .env("WHOOP_NOTION_SECRETS", "file")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

fn wait_for<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn exited(child: &mut Child) -> Option<std::process::ExitStatus> {
    child.try_wait().unwrap()
}

#[test]
fn one_host_per_profile_serves_the_window_and_cleans_up() {
    let home = tempfile::tempdir().unwrap();
    let profile = home.path().join("profile");
    let mut first = host(home.path()).arg("--hidden").spawn().unwrap();
    let address = wait_for("the address file", || HostAddress::read(&profile).ok());
    assert_eq!(address.pid, first.id());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(HostAddress::path(&profile))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // A window's view of it: the overview of an empty profile, and errors with codes.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let (link, _events) = window_link::connect(&address).await.unwrap();
        let Reply::Ok(overview) = link.call("overview", json!({})).await else {
            panic!("no overview")
        };
        assert_eq!(overview["mode"], "real");
        assert_eq!(overview["whoop"]["state"], "not_connected");
        let Reply::Err(error) = link.call("sync_now", json!({})).await else {
            panic!("a sync without WHOOP")
        };
        assert_eq!(error["code"], "whoop_not_connected");
    });

    // A second host for the same profile leaves at once and changes nothing.
    let second = host(home.path()).output().unwrap();
    assert!(second.status.success(), "{second:?}");
    assert_eq!(HostAddress::read(&profile).unwrap(), address);
    assert!(exited(&mut first).is_none());

    // Bad arguments: the usage, not a second tray.
    let bad = host(home.path()).arg("--window").output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("usage: whoop-notion-tray"));

    // The session ends: it leaves, and takes its address with it.
    let killed = Command::new("kill")
        .args(["-TERM", &first.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = wait_for("the host to exit", || exited(&mut first));
    assert!(status.success(), "{status:?}");
    assert!(HostAddress::read(&profile).is_err());
}

#[test]
fn a_newer_window_has_it_make_way_for_the_host_replacing_it() {
    let home = tempfile::tempdir().unwrap();
    let profile = home.path().join("profile");
    let mut old = host(home.path()).arg("--hidden").spawn().unwrap();
    let address = wait_for("the address file", || HostAddress::read(&profile).ok());

    // The host the newer window starts waits while the old one runs.
    let mut new = host(home.path())
        .args(["--hidden", "--replacing", &old.id().to_string()])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(exited(&mut new).is_none());
    assert_eq!(HostAddress::read(&profile).unwrap(), address);

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let (link, _events) = window_link::connect(&address).await.unwrap();
        assert_eq!(link.host(), Some(&window_link::Announce::this_build()));
        // Nothing is syncing: it leaves at once.
        link.quit_when_idle();
    });
    let status = wait_for("the old host to make way", || exited(&mut old));
    assert!(status.success(), "{status:?}");
    let taken_over = wait_for("the new host", || {
        HostAddress::read(&profile)
            .ok()
            .filter(|a| a.pid == new.id())
    });
    runtime.block_on(async {
        let (link, _events) = window_link::connect(&taken_over).await.unwrap();
        assert!(matches!(
            link.call("overview", json!({})).await,
            Reply::Ok(_)
        ));
    });

    // A second replacement for a host that is gone: the profile is taken, it leaves.
    let late = host(home.path())
        .args(["--hidden", "--replacing", &old.id().to_string()])
        .output()
        .unwrap();
    assert!(late.status.success(), "{late:?}");
    let bad = host(home.path())
        .args(["--replacing", "soon"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));

    let _ = Command::new("kill")
        .args(["-TERM", &new.id().to_string()])
        .status();
    let status = wait_for("the new host to exit", || exited(&mut new));
    assert!(status.success(), "{status:?}");
}

/// One background syncer per profile: with `whoop-notion daemon` holding the profile's
/// background lock, a host says who does and leaves with success (no tray, no address).
#[test]
fn a_host_leaves_the_profile_to_the_daemon_that_runs_it() {
    let home = tempfile::tempdir().unwrap();
    let profile = home.path().join("profile");
    let dir = sync_engine::config::ConfigDir::new(&profile);
    let daemon = match sync_engine::claim_background(&dir, "whoop-notion daemon").unwrap() {
        sync_engine::Background::Ours(guard) => guard,
        sync_engine::Background::TakenBy(who) => panic!("a fresh profile is held by {who}"),
    };
    let out = host(home.path()).arg("--hidden").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!(
            "whoop-notion daemon (pid {}) already runs the background sync",
            std::process::id()
        )),
        "{said}"
    );
    assert!(HostAddress::read(&profile).is_err(), "no tray host runs");

    // Once the daemon has stopped, the host runs, and a daemon would find it holding the lock.
    drop(daemon);
    let mut first = host(home.path()).arg("--hidden").spawn().unwrap();
    let address = wait_for("the address file", || HostAddress::read(&profile).ok());
    assert_eq!(
        private_fs::ProcessLock::holder(&dir.background_lock()),
        Some(format!("whoop-notion-tray (pid {})", address.pid))
    );
    let _ = Command::new("kill")
        .args(["-TERM", &first.id().to_string()])
        .status();
    let status = wait_for("the host to exit", || exited(&mut first));
    assert!(status.success(), "{status:?}");
}

/// A login item left pointing at a program that is gone (an AppImage deleted, a package
/// removed) is removed when the host starts; one pointing at an installed program stays.
#[cfg(target_os = "linux")]
#[test]
fn the_host_removes_a_login_item_whose_program_is_gone() {
    let home = tempfile::tempdir().unwrap();
    let profile = home.path().join("profile");
    let item = login_item::autostart_file(home.path());
    std::fs::create_dir_all(item.parent().unwrap()).unwrap();
    let gone = home.path().join("Apps/WHOOP.AppImage");
    std::fs::write(
        &item,
        format!(
            "[Desktop Entry]\nType=Application\nName=WHOOP Notion Sync\nExec={} --hidden\n",
            gone.display()
        ),
    )
    .unwrap();
    let mut first = host(home.path()).arg("--hidden").spawn().unwrap();
    wait_for("the address file", || HostAddress::read(&profile).ok());
    assert!(!item.exists(), "the stale login item is removed");
    let _ = Command::new("kill")
        .args(["-TERM", &first.id().to_string()])
        .status();
    wait_for("the host to exit", || exited(&mut first));

    // Installed: kept.
    let installed = home.path().join("Apps/whoop-notion-sync");
    std::fs::create_dir_all(installed.parent().unwrap()).unwrap();
    std::fs::write(&installed, "").unwrap();
    let entry = format!("[Desktop Entry]\nExec={} --hidden\n", installed.display());
    std::fs::write(&item, &entry).unwrap();
    let mut second = host(home.path()).arg("--hidden").spawn().unwrap();
    wait_for("the address file", || {
        HostAddress::read(&profile)
            .ok()
            .filter(|a| a.pid == second.id())
    });
    assert_eq!(std::fs::read_to_string(&item).unwrap(), entry);
    let _ = Command::new("kill")
        .args(["-TERM", &second.id().to_string()])
        .status();
    wait_for("the host to exit", || exited(&mut second));
}

/// The host the systemd user service starts (`--service`): while another host runs the
/// profile it stands by; it takes over from one that died (what `Restart=` is for), and
/// leaves with success after one the user quit, so the app stays quit.
#[test]
fn the_service_s_host_stands_by_and_takes_over_only_from_a_host_that_died() {
    let home = tempfile::tempdir().unwrap();
    let profile = home.path().join("profile");
    let started_by = |pid: u32| {
        let record = sync_engine::config::ConfigDir::new(&profile);
        wait_for("the host's schedule to start", || {
            record.last_start().filter(|start| start.pid == pid)
        })
    };
    let mut first = host(home.path()).arg("--hidden").spawn().unwrap();
    wait_for("the first host", || {
        HostAddress::read(&profile)
            .ok()
            .filter(|a| a.pid == first.id())
    });
    started_by(first.id());

    let mut service = host(home.path())
        .args(["--hidden", "--service"])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(exited(&mut service).is_none(), "the service's host left");
    assert_eq!(HostAddress::read(&profile).unwrap().pid, first.id());

    // The first host dies (kill -9): the service's host takes over at once.
    first.kill().unwrap();
    first.wait().unwrap();
    wait_for("the service's host to take over", || {
        HostAddress::read(&profile)
            .ok()
            .filter(|a| a.pid == service.id())
    });
    started_by(service.id());

    // Another start of the service stands by; the user quits the running host: it leaves.
    let mut standby = host(home.path())
        .args(["--hidden", "--service"])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(exited(&mut standby).is_none());
    let _ = Command::new("kill")
        .args(["-TERM", &service.id().to_string()])
        .status();
    let status = wait_for("the running host to quit", || exited(&mut service));
    assert!(status.success(), "{status:?}");
    let status = wait_for("the standing-by host to leave too", || exited(&mut standby));
    assert!(status.success(), "{status:?}");
    assert!(
        HostAddress::read(&profile).is_err(),
        "a host is still announced"
    );
}
