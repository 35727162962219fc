//! One background syncer per profile: `whoop-notion daemon` and the tray host share one lock,
//! and the one that finds it taken says who holds it and exits 0 (so a service manager's
//! `Restart=on-failure` doesn't start it again and again).

use crate::support;

use std::io::BufRead;
use std::time::Duration;

use support::*;
use sync_engine::config::ConfigDir;
use sync_engine::{claim_background, Background};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daemon_leaves_the_profile_to_the_tray_host_that_runs_it() {
    let cli = Cli::start().await;
    let dir = ConfigDir::new(cli.config_dir());
    // The tray host's claim, as whoop-notion-tray makes it (crates/tray-host tests the real
    // host against a daemon's).
    let Background::Ours(host) = claim_background(&dir, "whoop-notion-tray").unwrap() else {
        panic!("a fresh profile is free");
    };
    let out = cli.run(&["daemon"]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "not starting: whoop-notion-tray (pid {}) already runs the background sync of {}",
            std::process::id(),
            cli.config_dir().display()
        )),
        "{}",
        stderr(&out)
    );
    let json = cli.json(&["daemon"]).await;
    assert_eq!(json["event"], "not_started");
    assert_eq!(
        json["held_by"],
        format!("whoop-notion-tray (pid {})", std::process::id())
    );
    drop(host);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_daemon_names_the_first_and_reset_waits_for_it_to_stop() {
    let cli = Cli::start().await;
    cli.connect_all().await;
    let mut first = cli.spawn(&["--json", "daemon"]);
    // Its first event: it holds the lock and has synced.
    let stdout = first.stdout.take().unwrap();
    let line = tokio::time::timeout(
        Duration::from_secs(60),
        tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            std::io::BufReader::new(stdout)
                .read_line(&mut line)
                .unwrap();
            line
        }),
    )
    .await
    .unwrap()
    .unwrap();
    assert!(line.contains("\"synced\""), "{line}");
    let holder = format!("whoop-notion daemon (pid {})", first.id());

    let second = cli.run(&["daemon"]).await;
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(stderr(&second).contains(&holder), "{}", stderr(&second));

    // Reset won't pull the profile from under it.
    let reset = cli.run(&["reset", "--yes"]).await;
    assert!(!reset.status.success());
    assert!(stderr(&reset).contains(&holder), "{}", stderr(&reset));
    assert!(stderr(&reset).contains("(busy)"), "{}", stderr(&reset));
    assert!(cli.config_dir().join("config.json").exists());

    first.kill().unwrap();
    let _ = first.wait();
    cli.run_ok(&["reset", "--yes"]).await;
    assert!(!cli.config_dir().exists());
}
