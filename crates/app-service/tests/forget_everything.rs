//! Settings → "Forget everything", through the window's command: the secrets (by key, from the
//! store the engine uses), the real profile — even while demo mode is on — the login item and
//! the app's own folders are removed, and the app ends.

mod support;

use std::sync::Arc;
use std::time::Duration;

use app_service::{AppService, Desktop};
use http_policy::SystemClock;
use secret_store::{MemoryStore, SecretStore};
use serde_json::json;
use support::{call, Recorder, Shared};
use sync_engine::config::ConfigDir;
use sync_engine::SystemZone;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forget_everything_removes_the_secrets_the_profile_and_the_login_item() {
    let home = tempfile::tempdir().unwrap();
    support::isolate(home.path());
    let now = chrono::Local::now();
    let world = demo_mode::DemoWorld::start_as_of(now.to_utc(), 0, 14)
        .await
        .unwrap();
    let profile = home.path().join("profile");
    let secrets = MemoryStore::new();
    let engine = world.engine(
        ConfigDir::new(&profile),
        Arc::new(secrets.clone()),
        Arc::new(SystemClock),
        Arc::new(SystemZone),
    );
    world.connect(&engine).await.unwrap();
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(profile.join("config.json")).unwrap())
            .unwrap();
    let keys: Vec<String> = ["whoop.tokens", "whoop.client_secret", "notion.token"]
        .iter()
        .map(|name| format!("{}/{name}", config["profile_id"].as_str().unwrap()))
        .collect();
    for key in &keys {
        assert!(secrets.get(key).unwrap().is_some(), "{key} is stored");
    }

    let recorder = Arc::new(Recorder::default());
    recorder.set_launch_at_login(true).unwrap();
    let (data, logs) = (home.path().join("app-data"), home.path().join("logs"));
    let service = AppService::with_engine(
        engine,
        data.clone(),
        logs.clone(),
        recorder.clone(),
        Arc::new(Shared(recorder.clone())),
    )
    .unwrap();
    service.start();
    std::fs::create_dir_all(&logs).unwrap();
    // Demo mode on: its profile is the app's own, the real one is what is forgotten.
    let overview = call(&service, "start_demo", json!({})).await.unwrap();
    assert_eq!(overview["mode"], "demo");
    assert!(data.join("demo").exists());

    let quit = {
        let service = service.clone();
        tokio::spawn(async move { service.quit_requested().await })
    };
    let answer = call(&service, "forget_everything", json!({}))
        .await
        .unwrap();
    assert_eq!(answer, serde_json::Value::Null);
    for key in &keys {
        assert_eq!(secrets.get(key).unwrap(), None, "{key} is forgotten");
    }
    assert!(!profile.exists(), "the profile is gone");
    assert!(
        !data.exists() && !logs.exists(),
        "the app's folders are gone"
    );
    assert!(!recorder.launch_at_login(), "no login item");
    tokio::time::timeout(Duration::from_secs(5), quit)
        .await
        .expect("the app ends")
        .unwrap();
    service.shut_down().await;
}

/// A keychain that can't be reached: the error says so, and the profile (whose id names the
/// secrets) is kept for the next try.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_keychain_keeps_the_profile() {
    let home = tempfile::tempdir().unwrap();
    let world = demo_mode::DemoWorld::start_as_of(chrono::Utc::now(), 0, 14)
        .await
        .unwrap();
    let profile = home.path().join("profile");
    let secrets = MemoryStore::new();
    let engine = world.engine(
        ConfigDir::new(&profile),
        Arc::new(secrets.clone()),
        Arc::new(SystemClock),
        Arc::new(SystemZone),
    );
    world.connect(&engine).await.unwrap();
    let recorder = Arc::new(Recorder::default());
    let service = AppService::with_engine(
        engine,
        home.path().join("app-data"),
        home.path().join("logs"),
        recorder.clone(),
        Arc::new(Shared(recorder.clone())),
    )
    .unwrap();
    secrets.set_unavailable(true);
    let err = call(&service, "forget_everything", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err["code"], "keychain_unavailable", "{err}");
    assert!(profile.join("config.json").exists());
    world.stop();
}
