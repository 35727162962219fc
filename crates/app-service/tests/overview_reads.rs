//! What a sync costs the app beyond the sync itself: how often the tray and window are told
//! (one `published` per change: the run starting, the run ending) and how many keychain reads
//! building those pictures takes.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use app_service::AppService;
use chrono::Offset;
use http_policy::SystemClock;
use secret_store::{MemoryStore, SecretError, SecretStore};
use support::{Recorder, Shared};
use sync_engine::config::ConfigDir;
use sync_engine::{SyncRequest, SystemZone, Trigger};

/// A secret store that counts its reads (a keychain read is a D-Bus round trip, or a prompt).
#[derive(Default)]
struct CountingStore {
    inner: MemoryStore,
    reads: AtomicUsize,
}

impl SecretStore for CountingStore {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        self.inner.get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        self.inner.set(key, value)
    }
    fn delete(&self, key: &str) -> Result<(), SecretError> {
        self.inner.delete(key)
    }
    fn describe(&self) -> &'static str {
        "counting memory store"
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_is_published_twice_and_read_from_the_keychain_once() {
    let home = tempfile::tempdir().unwrap();
    let now = chrono::Local::now();
    let world = demo_mode::DemoWorld::start_as_of(
        now.to_utc(),
        now.offset().fix().local_minus_utc() / 60,
        14,
    )
    .await
    .unwrap();
    let store = Arc::new(CountingStore::default());
    let engine = world.engine(
        ConfigDir::new(home.path().join("profile")),
        store.clone(),
        Arc::new(SystemClock),
        Arc::new(SystemZone),
    );
    world.connect(&engine).await.unwrap();
    let recorder = Arc::new(Recorder::default());
    let service = AppService::with_engine(
        engine.clone(),
        home.path().join("app-data"),
        home.path().join("logs"),
        recorder.clone(),
        Arc::new(Shared(recorder.clone())),
    )
    .unwrap();
    // The first picture (as at start-up) and a first sync that writes the days.
    service.publish().await;
    service.run_sync(Trigger::Manual, None).await.unwrap();

    // What the engine reads for a sync by itself (nothing left to write, as below).
    let reads = || store.reads.load(Ordering::SeqCst);
    let before = reads();
    let request = SyncRequest {
        range: None,
        dry_run: false,
        trigger: Trigger::Manual,
    };
    engine.sync(request, &|_| {}).await.unwrap();
    let engine_reads = reads() - before;
    assert!(engine_reads > 0);

    // The same sync through the app.
    let published_before = recorder.published.lock().unwrap().len();
    let before = reads();
    service.run_sync(Trigger::Manual, None).await.unwrap();
    let app_reads = reads() - before - engine_reads;
    let published: Vec<_> = recorder.published.lock().unwrap()[published_before..].to_vec();
    let syncing: Vec<bool> = published.iter().map(|o| o.syncing).collect();
    println!(
        "published {} times, {app_reads} keychain reads for the pictures ({engine_reads} by the run)",
        published.len()
    );
    assert_eq!(syncing, [true, false], "the run starting, then ending");
    assert_eq!(
        app_reads, 2,
        "one status read: the WHOOP and Notion tokens, once"
    );
}
