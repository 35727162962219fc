//! Two computers on one WHOOP account and one Notion database, end to end: two real
//! `whoop-notion-tray` processes, each with its own profile, keychain file, WHOOP sign-in and
//! Notion connection, set up through the window's link as a user does it in the window. Both
//! back-fill the same days at the same moment while Notion's query lags its writes, so both
//! create nearly every day's page; they converge to one page per day by themselves, and the
//! page the user typed stays.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use demo_mode::{DemoWorld, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_NOTION_TOKEN};
use serde_json::{json, Value};
use window_link::{HostAddress, Link, Reply};

const LAPTOP_TOKEN: &str = "ntn_laptop_connection";
const DAYS: u32 = 10;

struct Computer {
    host: Child,
    link: Link,
    _home: tempfile::TempDir,
}

impl Drop for Computer {
    fn drop(&mut self) {
        let _ = self.host.kill();
        let _ = self.host.wait();
    }
}

fn host(home: &Path, world: &DemoWorld) -> Command {
    let endpoints = world.endpoints();
    let mut command = Command::new(env!("CARGO_BIN_EXE_whoop-notion-tray"));
    command
        .arg("--hidden")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("WHOOP_NOTION_CONFIG_DIR", home.join("profile"))
        .env("WHOOP_NOTION_SECRETS", "file")
        .env("WHOOP_OAUTH_URL", endpoints.whoop_oauth)
        .env("WHOOP_API_URL", endpoints.whoop_api)
        .env("NOTION_API_URL", endpoints.notion_api)
        .env("TZ", "UTC")
        // No desktop session: the tray and notifications have nowhere to go, and say so.
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("DISPLAY")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

async fn wait_for<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn call(link: &Link, command: &str, args: Value) -> Value {
    match link.call(command, args).await {
        Reply::Ok(value) => value,
        Reply::Err(error) => panic!("{command}: {error}"),
    }
}

/// A tray host on a profile of its own, connected as a user does it in the window: WHOOP's
/// sign-in in the browser (here an HTTP client that follows the redirect to the host's
/// loopback listener), a Notion connection token, the database picked.
async fn computer(world: &DemoWorld, notion_token: &str) -> Computer {
    let home = tempfile::tempdir().unwrap();
    let profile = home.path().join("profile");
    let host = host(home.path(), world).spawn().unwrap();
    let address = wait_for("the host's address file", || {
        HostAddress::read(&profile).ok()
    })
    .await;
    let (link, _events) = window_link::connect(&address).await.unwrap();

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let start = call(
        &link,
        "whoop_connect",
        json!({
            "clientId": DEMO_CLIENT_ID,
            "clientSecret": DEMO_CLIENT_SECRET,
            "redirectUri": format!("http://127.0.0.1:{port}/callback"),
        }),
    )
    .await;
    assert_eq!(start["listens"], true, "{start}");
    let url = start["authorizeUrl"].as_str().unwrap().to_string();
    let signed_in = reqwest::get(url).await.unwrap();
    assert!(signed_in.status().is_success(), "{signed_in:?}");
    let mut connected = false;
    for _ in 0..200 {
        let overview = call(&link, "overview", json!({})).await;
        if overview["whoop"]["state"] == "connected" {
            connected = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(connected, "WHOOP never connected");
    call(&link, "notion_connect", json!({ "token": notion_token })).await;
    call(
        &link,
        "notion_use",
        json!({ "idOrUrl": world.database_id.clone() }),
    )
    .await;
    Computer {
        host,
        link,
        _home: home,
    }
}

/// Pages per day in the database (not trashed), by their ids.
fn pages_per_day(world: &DemoWorld) -> BTreeMap<String, Vec<String>> {
    let mut by_day: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for page in world.notion.pages(&world.data_source_id) {
        if let Some(day) = page["properties"]["Date"]["date"]["start"].as_str() {
            by_day
                .entry(day.to_string())
                .or_default()
                .push(page["id"].as_str().unwrap().to_string());
        }
    }
    by_day
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tray_hosts_racing_on_one_database_converge_to_one_page_per_day() {
    let world = DemoWorld::start_as_of(Utc::now(), 0, DAYS).await.unwrap();
    world.notion.add_connection(LAPTOP_TOKEN);
    // The user typed a page for a day before either computer ran (long enough before for
    // Notion's query to show it).
    let typed_at = Instant::now();
    let typed_day = Utc::now().date_naive() - chrono::Duration::days(3);
    let typed = world.notion.insert_page(
        &world.data_source_id,
        json!({
            "Name": {"title": [{"text": {"content": "my day"}}]},
            "Date": {"date": {"start": typed_day.to_string()}},
        }),
    );

    let desktop = computer(&world, DEMO_NOTION_TOKEN).await;
    let laptop = computer(&world, LAPTOP_TOKEN).await;
    // Settle whatever the hosts did on their own after connecting, then race: Notion's query
    // shows a new page only 3 s after it is made, so each computer looks before the other's
    // pages appear.
    tokio::time::sleep(Duration::from_secs(1)).await;
    tokio::time::sleep(Duration::from_secs(4).saturating_sub(typed_at.elapsed())).await;
    let before = pages_per_day(&world);
    world.notion.set_query_lag(Duration::from_secs(3));
    world.notion.reset_stats();
    let args = json!({ "days": DAYS });
    let (a, b) = tokio::join!(
        call(&desktop.link, "backfill", args.clone()),
        call(&laptop.link, "backfill", args.clone()),
    );
    let race_creates = world.notion.stats().creates_applied as usize;
    let after = pages_per_day(&world);
    assert!(
        race_creates >= after.len() - before.len() + 3,
        "no race: {race_creates} pages created for {} days ({a} {b})",
        after.len()
    );

    // One page per day, whichever computer made it; the user's page is the one for its day.
    for (day, pages) in &after {
        assert_eq!(pages.len(), 1, "{day}: {pages:?}");
    }
    assert_eq!(after[&typed_day.to_string()], vec![typed.clone()]);
    assert!(world
        .notion
        .page_authors(&typed)
        .is_some_and(|(_, _, trashed)| !trashed));

    // Later syncs on each have nothing left to do.
    world.notion.set_query_lag(Duration::ZERO);
    world.notion.reset_stats();
    for computer in [&desktop, &laptop] {
        let report = call(&computer.link, "backfill", args.clone()).await;
        assert_eq!(
            (&report["created"], &report["updated"]),
            (&json!(0), &json!(0)),
            "{report}"
        );
        let overview = call(&computer.link, "overview", json!({})).await;
        assert_eq!(overview["tray"]["state"], "synced", "{overview}");
    }
    let stats = world.notion.stats();
    assert_eq!((stats.creates_applied, stats.updates_applied), (0, 0));
    assert_eq!(pages_per_day(&world), after);
    world.stop();
}
