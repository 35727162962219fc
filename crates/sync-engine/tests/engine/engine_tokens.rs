//! WHOOP's rotating refresh tokens: one refresh in flight, persisted before use, and a dead
//! grant stops everything with "reconnect" instead of a retry loop.

use crate::support;

use chrono::Duration;
use support::*;
use sync_engine::nights::DayRange;
use sync_engine::{ErrorCode, SyncRequest, Trigger};

#[tokio::test]
async fn an_expired_token_is_refreshed_once_and_the_new_pair_is_stored() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    world.whoop.reset_stats();
    world.whoop.expire_access_tokens();
    let report = world
        .sync(today() - Duration::days(2), today())
        .await
        .unwrap();
    assert!(report.created >= 1);
    let stats = world.whoop.stats();
    assert_eq!(stats.token_refreshes, 1);
    assert_eq!(stats.invalid_grant_responses, 0);
    // The next run uses the stored new pair without refreshing again.
    world.sync(today(), today()).await.unwrap();
    assert_eq!(world.whoop.stats().token_refreshes, 1);
}

#[tokio::test]
async fn refreshing_ahead_of_expiry() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    world.whoop.reset_stats();
    // 58 minutes later the token has 2 minutes left: refresh before using it.
    world.clock.advance(std::time::Duration::from_secs(58 * 60));
    world.sync(today(), today()).await.unwrap();
    let stats = world.whoop.stats();
    assert_eq!(stats.token_refreshes, 1);
    assert_eq!(
        stats.unauthorized_responses, 0,
        "no request was sent with a dying token"
    );
}

#[tokio::test]
async fn many_concurrent_runs_share_one_refresh() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    world.whoop.reset_stats();
    world.whoop.expire_access_tokens();
    // Six "processes" (engines sharing only the config dir and the keychain), all at once.
    let mut runs = tokio::task::JoinSet::new();
    for _ in 0..6 {
        let engine = world.another_engine();
        runs.spawn(async move {
            let request = SyncRequest {
                range: DayRange::new(today() - Duration::days(1), today()),
                dry_run: true,
                trigger: Trigger::Cli,
            };
            engine.sync(request, &|_| {}).await
        });
    }
    while let Some(result) = runs.join_next().await {
        result.unwrap().unwrap();
    }
    let stats = world.whoop.stats();
    assert_eq!(stats.invalid_grant_responses, 0);
    assert_eq!(stats.token_refreshes, 1);
}

#[tokio::test]
async fn a_revoked_grant_says_reconnect_and_never_retries_the_old_token() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    world.whoop.reset_stats();
    world.whoop.revoke_grant();
    world.whoop.expire_access_tokens();
    let err = world.sync(today(), today()).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::WhoopReconnect, "{err:?}");
    assert!(err.message.contains("reconnect"), "{}", err.message);
    let again = world.sync(today(), today()).await.unwrap_err();
    assert_eq!(again.code, ErrorCode::WhoopReconnect);
    let stats = world.whoop.stats();
    assert!(stats.invalid_grant_responses <= 1, "{stats:?}");
    assert!(stats.token_refreshes == 0);
    let status = world.engine.status().await.unwrap();
    assert_eq!(status.whoop.state, sync_engine::Connection::NeedsReconnect);
}

#[tokio::test]
async fn disconnect_revokes_and_forgets() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    assert!(world.engine.whoop_disconnect().await.unwrap());
    assert_eq!(
        world.whoop.stats().path_count("/developer/v2/user/access"),
        1
    );
    let status = world.engine.status().await.unwrap();
    assert_eq!(status.whoop.state, sync_engine::Connection::NotConnected);
    let err = world.sync(today(), today()).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::WhoopNotConnected);
}

#[tokio::test]
async fn reconnecting_the_same_app_reuses_the_stored_secret() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    world.whoop.revoke_grant();
    let port = free_port();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let mut pending = world
        .engine
        .whoop_begin_connect(CLIENT_ID, "", Some(&redirect))
        .await
        .unwrap();
    let url = pending.authorize_url.clone();
    let browser = tokio::spawn(async move { reqwest::get(url).await.unwrap().status() });
    let code = pending
        .wait_for_code(std::time::Duration::from_secs(10))
        .await
        .unwrap();
    browser.await.unwrap();
    world
        .engine
        .whoop_finish_connect(pending, &code)
        .await
        .unwrap();
    world.sync(today(), today()).await.unwrap();
    // Another app's id gets no secret for free.
    let err = world
        .engine
        .whoop_begin_connect("another-app", "", Some(&redirect))
        .await
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn a_refresh_held_up_by_another_holder_is_busy_and_passes_by_itself() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    world.whoop.reset_stats();
    // The access token has expired: the next sync must refresh, under the refresh lock.
    world
        .clock
        .advance(std::time::Duration::from_secs(2 * 3600));

    // Another holder (a thread here, with its own lock file handle: to the OS lock it is
    // as foreign as another process) keeps the refresh lock until told to let go.
    let lock_path = sync_engine::config::ConfigDir::new(world.profile()).token_lock();
    let (held_tx, held_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let _guard = private_fs::ProcessLock::acquire(&lock_path).unwrap();
        held_tx.send(()).unwrap();
        let _ = release_rx.recv();
    });
    held_rx.recv().unwrap();

    let engine = world.another_engine_with(|env| {
        env.limits.token_lock_wait = std::time::Duration::from_millis(300);
    });
    let err = world
        .sync_with(&engine, today(), today(), false)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Busy, "{err:?}");
    assert!(!err.code.needs_user(), "busy passes by itself");
    assert_eq!(world.whoop.stats().token_refreshes, 0);
    let runs = engine.history(1).unwrap();
    assert_eq!(runs[0].error_code, Some(ErrorCode::Busy));

    // Once the other holder is done, the same sync goes through with one refresh.
    release_tx.send(()).unwrap();
    holder.join().unwrap();
    world
        .sync_with(&engine, today(), today(), false)
        .await
        .unwrap();
    assert_eq!(world.whoop.stats().token_refreshes, 1);
}
