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

    // Wine draws the tray as a window of its own; the icon is what isn't its background, and
    // after a sync it is the synced one (icons/tray-synced.png: a green disc).
    assert_eq!(overview["tray"]["state"], "synced", "{overview}");
    let prefix = std::env::var_os("WINEPREFIX").expect("WINEPREFIX: the private Wine prefix");
    // Beside the Wine prefix (target/ for scripts/test-windows), for a person to look at.
    let shot = Path::new(&prefix).with_file_name("windows-tray.png");
    let tray = wait_for("Wine's system tray window", tray_window).await;
    let (drawn, green) = wait_for("the synced icon in the tray", || {
        let (drawn, green) = icon_pixels(&tray, &shot);
        (drawn > 20 && green > 20).then_some((drawn, green))
    })
    .await;
    eprintln!(
        "tray icon: {drawn} pixels drawn, {green} green ({})",
        shot.display()
    );

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
/// pixels that aren't its most common colour (the background), and the green ones.
fn icon_pixels(window: &str, shot: &Path) -> (usize, usize) {
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
    // Lines like "   3120: (255,255,255) #FFFFFF white": a count, then the colour.
    let mut colours: Vec<(usize, [u32; 3])> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let (count, rest) = l.trim().split_once(':')?;
            let rgb = rest.trim().strip_prefix('(')?.split(')').next()?;
            let rgb: Vec<u32> = rgb
                .split(',')
                .filter_map(|c| c.trim().parse().ok())
                .collect();
            Some((
                count.trim().parse().ok()?,
                [*rgb.first()?, *rgb.get(1)?, *rgb.get(2)?],
            ))
        })
        .collect();
    colours.sort_unstable();
    colours.pop();
    let drawn = colours.iter().map(|(n, _)| n).sum();
    let green = colours
        .iter()
        .filter(|(_, [r, g, b])| *g > r + 40 && *g > b + 40)
        .map(|(n, _)| n)
        .sum();
    (drawn, green)
}
