//! What a user, another program or a disk can do to the profile's files and sign-in (issue
//! 10, "external inputs"): `config.json` and the history edited or damaged by hand are moved
//! aside, said once with where the old file is, and never fail every start; a forged sign-in
//! answer leaves the stored tokens and settings as they were.

use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use secret_store::SecretStore;
use serde_json::{json, Value};
use sync_engine::config::ConfigDir;
use sync_engine::{Connection, ErrorCode};
use test_support::json::{json_value_of, JsonSize};
use tokio::io::AsyncWriteExt;

use crate::support::{day, Options, World, CLIENT_ID, CLIENT_SECRET};

/// Settings as the app writes them: every section filled.
fn good_settings() -> Value {
    json!({
        "profile_id": "0a1b2c3d4e5f",
        "whoop": {"client_id": "cid", "redirect_uri": "http://127.0.0.1:8765/callback", "user_name": "Ann", "user_id": 7},
        "notion": {"workspace_name": "Home", "bot_name": "Sync", "target": null},
        "schedule": {"morning_start": "05:00:00", "morning_end": "12:00:00", "poll_minutes": 10, "notifications": true},
        "paused_until": null
    })
}

/// Smaller than the default: each case writes and reads a settings file.
fn json_value() -> impl Strategy<Value = Value> {
    json_value_of(JsonSize {
        depth: 2,
        nodes: 12,
        items: 3,
    })
}

/// A settings file as a hand, an editor or a disk may leave it.
fn settings_file() -> impl Strategy<Value = Vec<u8>> {
    let good = serde_json::to_vec_pretty(&good_settings()).unwrap();
    let len = good.len();
    let paths = [
        "/profile_id",
        "/whoop",
        "/whoop/client_id",
        "/whoop/user_id",
        "/notion",
        "/notion/target",
        "/schedule",
        "/schedule/poll_minutes",
        "/schedule/morning_start",
        "/paused_until",
    ];
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        (0..len).prop_map(move |n| good[..n].to_vec()),
        // One value replaced by anything: a wrong type, a null, an object.
        (prop::sample::select(paths.to_vec()), json_value()).prop_map(|(path, value)| {
            let mut settings = good_settings();
            *settings.pointer_mut(path).unwrap() = value;
            serde_json::to_vec(&settings).unwrap()
        }),
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
    ]
}

#[test]
fn damaged_settings_are_moved_aside_once_and_never_overwritten() {
    let mut runner = TestRunner::new(Config {
        cases: 128,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&(settings_file(), any::<bool>()), |(bytes, by_update)| {
            let dir = tempfile::tempdir().unwrap();
            let config_dir = ConfigDir::new(dir.path().join("profile"));
            config_dir.ensure().unwrap();
            let path = config_dir.config_file();
            std::fs::write(&path, &bytes).unwrap();
            let readable = serde_json::from_slice::<sync_engine::config::AppConfig>(&bytes).is_ok();

            // A read, or a change (which must not save over what it couldn't read).
            let first = if by_update {
                config_dir.update(|c| {
                    c.schedule.poll_minutes = 15;
                    Ok(())
                })
            } else {
                config_dir.load().map(|_| ())
            };
            if readable {
                prop_assert!(first.is_ok(), "{first:?}");
                return Ok(());
            }
            let error = first.unwrap_err();
            prop_assert_eq!(error.code, ErrorCode::ConfigMovedAside);
            prop_assert!(
                error.message.contains(&path.display().to_string()),
                "{}",
                error.message
            );
            let moved: Vec<_> = std::fs::read_dir(config_dir.root())
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .unwrap()
                        .to_string_lossy()
                        .starts_with("config.json.corrupt-")
                })
                .collect();
            prop_assert_eq!(moved.len(), 1);
            prop_assert!(
                error.message.contains(&moved[0].display().to_string()),
                "{}",
                error.message
            );
            prop_assert!(
                std::fs::read(&moved[0]).unwrap() == bytes,
                "the moved file changed"
            );

            // Then the app starts afresh, and keeps what it saves.
            let fresh = config_dir
                .load()
                .map_err(|e| TestCaseError::fail(e.message))?;
            prop_assert!(fresh.whoop.is_none());
            config_dir
                .update(|c| {
                    c.schedule.poll_minutes = 20;
                    Ok(())
                })
                .map_err(|e| TestCaseError::fail(e.message))?;
            prop_assert_eq!(config_dir.load().unwrap().schedule.poll_minutes, 20);
            prop_assert!(
                std::fs::read(&moved[0]).unwrap() == bytes,
                "the moved file changed"
            );
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_damaged_file_keeps_its_profile_id_so_its_secrets_stay_reachable() {
    let dir = tempfile::tempdir().unwrap();
    let config_dir = ConfigDir::new(dir.path().join("profile"));
    config_dir.ensure().unwrap();
    let mut settings = good_settings();
    settings["schedule"]["poll_minutes"] = json!("ten");
    std::fs::write(config_dir.config_file(), settings.to_string()).unwrap();
    let error = config_dir.load().unwrap_err();
    assert_eq!(error.code, ErrorCode::ConfigMovedAside);
    assert_eq!(config_dir.load().unwrap().profile_id, "0a1b2c3d4e5f");
}

#[tokio::test]
async fn the_engine_says_once_that_damaged_files_were_moved_aside_then_syncs_afresh() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    world
        .sync(day("2026-03-15"), day("2026-03-19"))
        .await
        .unwrap();
    let profile = world.profile();

    // A history with a row edited by hand: found when the window reads it.
    rusqlite_edit(
        &profile.join("history.sqlite3"),
        "UPDATE runs SET trigger = 'cosmic ray';",
    );
    let error = world.engine.history(5).unwrap_err();
    assert_eq!(
        error.code,
        ErrorCode::HistoryMovedAside,
        "{}",
        error.message
    );
    assert!(
        error.message.contains("history.sqlite3.corrupt-"),
        "{}",
        error.message
    );
    assert!(world.engine.history(5).unwrap().is_empty());

    // A history overwritten with something else: found by the next sync, which then works.
    std::fs::write(profile.join("history.sqlite3"), b"not a database at all").unwrap();
    let error = world
        .sync(day("2026-03-19"), day("2026-03-19"))
        .await
        .unwrap_err();
    assert_eq!(
        error.code,
        ErrorCode::HistoryMovedAside,
        "{}",
        error.message
    );
    world
        .sync(day("2026-03-19"), day("2026-03-19"))
        .await
        .unwrap();
    assert_eq!(world.engine.history(5).unwrap().len(), 1);

    // Settings damaged by hand: said once, then the app is simply not set up.
    let profile_id = ConfigDir::new(&profile).load().unwrap().profile_id;
    let secrets_before = stored(&world, &profile_id);
    assert!(secrets_before.iter().all(Option::is_some));
    std::fs::write(profile.join("config.json"), b"{\"profile_id\": \"").unwrap();
    let error = world.engine.status().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::ConfigMovedAside, "{}", error.message);
    let status = world.engine.status().await.unwrap();
    assert_eq!(status.whoop.state, Connection::NotConnected);
    let error = world
        .sync(day("2026-03-19"), day("2026-03-19"))
        .await
        .unwrap_err();
    assert!(error.code.setup_unfinished(), "{error:?}");
    // The secrets were not touched: nothing was deleted or written over.
    assert_eq!(stored(&world, &profile_id), secrets_before);
}

/// A forged answer on the sign-in's loopback port (another local process guessing): the
/// sign-in doesn't take it, and the tokens and settings stored by the earlier sign-in stay.
#[tokio::test]
async fn a_forged_sign_in_answer_leaves_the_stored_tokens_and_settings_alone() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let config_before = std::fs::read(world.profile().join("config.json")).unwrap();
    let tokens_before = tokens(&world);
    assert!(tokens_before.is_some());

    let port = crate::support::free_port();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let mut pending = world
        .engine
        .whoop_begin_connect(CLIENT_ID, CLIENT_SECRET, Some(&redirect))
        .await
        .unwrap();
    let forger = tokio::spawn(async move {
        for query in [
            "code=stolen&state=guess",
            "code=stolen",
            "error=access_denied",
            "code=a&code=b&state=x",
        ] {
            let mut stream = loop {
                match tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
                    Ok(s) => break s,
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                }
            };
            let request = format!("GET /callback?{query} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            stream.write_all(request.as_bytes()).await.unwrap();
        }
    });
    let error = pending
        .wait_for_code(Duration::from_millis(800))
        .await
        .unwrap_err();
    forger.await.unwrap();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{}", error.message);
    assert_eq!(tokens(&world), tokens_before);
    assert_eq!(
        std::fs::read(world.profile().join("config.json")).unwrap(),
        config_before
    );
    world
        .sync(day("2026-03-19"), day("2026-03-19"))
        .await
        .unwrap();
}

fn tokens(world: &World) -> Option<String> {
    let profile_id = ConfigDir::new(world.profile()).load().unwrap().profile_id;
    world
        .secrets
        .get(&format!("{profile_id}/whoop.tokens"))
        .unwrap()
}

/// The profile's three secrets, as stored under `profile_id`.
fn stored(world: &World, profile_id: &str) -> Vec<Option<String>> {
    ["whoop.tokens", "whoop.client_secret", "notion.token"]
        .map(|name| world.secrets.get(&format!("{profile_id}/{name}")).unwrap())
        .to_vec()
}

fn rusqlite_edit(path: &std::path::Path, sql: &str) {
    rusqlite::Connection::open(path)
        .unwrap()
        .execute_batch(sql)
        .unwrap();
}
