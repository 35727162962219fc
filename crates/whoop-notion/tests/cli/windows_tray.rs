//! The Windows tray host under Wine, for `cli_windows`: on an X display (Xvfb, from
//! `scripts/test-windows`) its icon is in Wine's system tray, and a window's link to it
//! (what the Tauri window would do; the window itself needs WebView2, which Wine lacks) runs a
//! sync and reads the overview. Clicks on the icon can't be tested: Wine's tray gets no
//! synthetic clicks.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use window_link::{HostAddress, Reply};

use crate::support::Cli;

/// The connected profile at `profile` (a Unix path into the Wine prefix), served by the
/// Windows tray host `exe` until the link asks it to quit.
pub async fn host_shows_its_icon_and_serves_a_window(cli: &Cli, exe: &Path, profile: &Path) {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "the tray host needs an X display (scripts/test-windows runs this under xvfb-run)"
    );
    let mut host = cli.wine_command(exe, &["--hidden"]);
    let mut host = host
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let address = wait_for("the host's address file", || {
        HostAddress::read(profile).ok()
    })
    .await;

    let (link, _events) = window_link::connect(&address).await.unwrap();
    let Reply::Ok(before) = link.call("overview", json!({})).await else {
        panic!("no overview")
    };
    assert_eq!(before["whoop"]["state"], "connected", "{before}");
    let report = match link.call("sync_now", json!({})).await {
        Reply::Ok(report) => report,
        Reply::Err(error) => panic!("sync_now: {error}"),
    };
    assert!(report["unchanged"].is_u64(), "{report}");
    let Reply::Ok(overview) = link.call("overview", json!({})).await else {
        panic!("no overview after the sync")
    };
    assert_ne!(overview["lastSync"], before["lastSync"], "{overview}");

    // Wine draws the tray as a window of its own; the icon is what isn't its background.
    // Beside the Wine prefix (target/ for scripts/test-windows), for a person to look at.
    let prefix = std::env::var_os("WINEPREFIX").expect("WINEPREFIX: the private Wine prefix");
    let shot = Path::new(&prefix).with_file_name("windows-tray.png");
    let tray = wait_for("Wine's system tray window", tray_window).await;
    let drawn = wait_for("an icon in the tray", || {
        let drawn = icon_pixels(&tray, &shot);
        (drawn > 20).then_some(drawn)
    })
    .await;
    eprintln!("tray icon: {drawn} pixels drawn ({})", shot.display());

    link.quit_when_idle();
    let status = wait_for("the host to quit", || host.try_wait().unwrap()).await;
    let mut said = String::new();
    std::io::Read::read_to_string(&mut host.stderr.take().unwrap(), &mut said).unwrap();
    assert!(status.success(), "{status:?}: {said}");
}

async fn wait_for<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The X window id of Wine's system tray (`xwininfo` from x11-utils).
fn tray_window() -> Option<String> {
    let out = Command::new("xwininfo")
        .args(["-root", "-tree"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.contains("\"Wine System Tray\""))
        .and_then(|l| l.split_whitespace().next().map(String::from))
}

/// Takes a screenshot of the tray window into `shot` (ImageMagick's `import`) and counts its
/// pixels that aren't its most common colour (the background).
fn icon_pixels(window: &str, shot: &Path) -> usize {
    let taken = Command::new("import")
        .args(["-window", window])
        .arg(shot)
        .status()
        .unwrap();
    assert!(taken.success(), "import failed");
    let out = Command::new("convert")
        .arg(shot)
        .args(["-format", "%c", "histogram:info:-"])
        .output()
        .unwrap();
    // Lines like "   3120: (255,255,255) #FFFFFF white".
    let mut counts: Vec<usize> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().split(':').next()?.trim().parse().ok())
        .collect();
    counts.sort_unstable();
    counts.pop();
    counts.iter().sum()
}
