//! "Check setup" against the simulators: one test per broken link, and all passing. Each says
//! which check fails with which code, that the checks after it are skipped (not failed), and
//! that the doctor writes nothing (no settings saved, no needless WHOOP refresh).

use crate::support;

use api_simulators::notion::PropertyKind;
use chrono::Utc;
use http_policy::Clock;
use secret_store::SecretStore;
use support::*;
use sync_engine::doctor::{all_ok, Check, CheckId, CheckStatus};
use sync_engine::ErrorCode;

const ORDER: [CheckId; 8] = [
    CheckId::Keychain,
    CheckId::WhoopToken,
    CheckId::WhoopOffline,
    CheckId::WhoopWorkouts,
    CheckId::NotionToken,
    CheckId::NotionDatabase,
    CheckId::Mapping,
    CheckId::Clock,
];

/// A connected world whose clock is the real time, as the servers' `Date` headers are.
async fn connected() -> World {
    let world = World::new(Options::default()).await;
    world.clock.set(Utc::now());
    world.connect().await;
    world
}

fn config_text(world: &World) -> String {
    std::fs::read_to_string(world.profile().join("config.json")).unwrap()
}

fn secret_key(world: &World, name: &str) -> String {
    format!("{}/{name}", world.engine.load_config().unwrap().profile_id)
}

async fn doctor(world: &World) -> Vec<Check> {
    let before = config_text(world);
    let checks = world.engine.doctor().await.unwrap();
    assert_eq!(
        checks.iter().map(|c| c.id).collect::<Vec<_>>(),
        ORDER,
        "one check each, in order"
    );
    assert_eq!(config_text(world), before, "the doctor saved the settings");
    for c in &checks {
        assert!(!c.detail.is_empty(), "{c:?}");
        for bad in ["whoop-notion", "`", "{", "HTTP", "invalid_grant"] {
            assert!(!c.detail.contains(bad), "{c:?} says {bad:?}");
        }
        assert_eq!(
            c.code.is_some(),
            matches!(c.status, CheckStatus::Fail | CheckStatus::Warn) && c.id != CheckId::Clock,
            "{c:?}"
        );
    }
    checks
}

fn get(checks: &[Check], id: CheckId) -> &Check {
    checks.iter().find(|c| c.id == id).unwrap()
}

/// Exactly `failed` fails (with its code), `skipped` are skipped, the rest pass.
fn expect(checks: &[Check], failed: (CheckId, Option<ErrorCode>), skipped: &[CheckId]) {
    for c in checks {
        if c.id == failed.0 {
            assert_eq!(c.status, CheckStatus::Fail, "{c:?}");
            assert_eq!(c.code, failed.1, "{c:?}");
        } else if skipped.contains(&c.id) {
            assert_eq!(c.status, CheckStatus::Skip, "{c:?}");
        } else {
            assert_eq!(c.status, CheckStatus::Pass, "{c:?}");
        }
    }
    assert!(!all_ok(checks));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_working_setup_passes_every_check_without_writing_or_refreshing() {
    let world = connected().await;
    let refreshes = world.whoop.stats().token_refreshes;
    let checks = doctor(&world).await;
    for c in &checks {
        assert_eq!(c.status, CheckStatus::Pass, "{c:?}");
    }
    assert!(all_ok(&checks));
    assert!(get(&checks, CheckId::WhoopToken)
        .detail
        .contains("accepts the sign-in of"));
    assert!(get(&checks, CheckId::NotionDatabase)
        .detail
        .contains("\"Daily Tracking\""));
    assert!(get(&checks, CheckId::Mapping).detail.contains("\"Date\""));
    assert_eq!(world.whoop.stats().token_refreshes, refreshes);
    // Both simulators answer with a `Date` header, as the real services do.
    let clock = &get(&checks, CheckId::Clock).detail;
    assert!(clock.contains("Notion's"), "{clock}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_access_token_is_refreshed_once_through_the_token_manager() {
    let world = connected().await;
    world
        .clock
        .advance(std::time::Duration::from_secs(2 * 3600));
    world.whoop.expire_access_tokens();
    // The servers' clocks moved too, as far as this test is concerned: only the token matters.
    let checks = world.engine.doctor().await.unwrap();
    assert_eq!(get(&checks, CheckId::WhoopToken).status, CheckStatus::Pass);
    assert_eq!(
        get(&checks, CheckId::WhoopOffline).status,
        CheckStatus::Pass
    );
    assert_eq!(world.whoop.stats().token_refreshes, 1);
    assert_eq!(world.whoop.stats().invalid_grant_responses, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unavailable_keychain_fails_and_skips_what_needs_it() {
    let world = connected().await;
    world.secrets.set_unavailable(true);
    let checks = doctor(&world).await;
    expect(
        &checks,
        (CheckId::Keychain, Some(ErrorCode::KeychainUnavailable)),
        &[
            CheckId::WhoopToken,
            CheckId::WhoopOffline,
            CheckId::WhoopWorkouts,
            CheckId::NotionToken,
            CheckId::NotionDatabase,
            CheckId::Mapping,
            // No server was asked, so there is no clock to compare with.
            CheckId::Clock,
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_whoop_grant_fails_the_whoop_check() {
    let world = connected().await;
    world.whoop.revoke_grant();
    world.whoop.expire_access_tokens();
    let checks = doctor(&world).await;
    expect(
        &checks,
        (CheckId::WhoopToken, Some(ErrorCode::WhoopReconnect)),
        &[CheckId::WhoopOffline, CheckId::WhoopWorkouts],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_without_offline_access_fails_the_offline_check() {
    let world = connected().await;
    // A grant without `offline`: WHOOP issues no refresh token.
    let issued = world
        .whoop
        .issue_tokens("read:recovery read:cycles read:sleep read:profile read:body_measurement");
    assert!(issued.refresh_token.is_none());
    let tokens = whoop_client::TokenSet {
        access_token: issued.access_token,
        refresh_token: None,
        expires_at: world.clock.now() + chrono::Duration::seconds(issued.expires_in),
        scope: issued.scope,
    };
    world
        .secrets
        .set(
            &secret_key(&world, "whoop.tokens"),
            &serde_json::to_string(&tokens).unwrap(),
        )
        .unwrap();
    let checks = doctor(&world).await;
    expect(
        &checks,
        (CheckId::WhoopOffline, Some(ErrorCode::WhoopReconnect)),
        &[],
    );
    assert!(get(&checks, CheckId::WhoopOffline)
        .detail
        .contains("offline"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_notion_token_skips_the_database_and_mapping() {
    let world = connected().await;
    world
        .secrets
        .set(&secret_key(&world, "notion.token"), "not-the-token")
        .unwrap();
    let checks = doctor(&world).await;
    expect(
        &checks,
        (CheckId::NotionToken, Some(ErrorCode::NotionUnauthorized)),
        &[CheckId::NotionDatabase, CheckId::Mapping],
    );
    // Notion's 401 still carried its clock.
    assert_eq!(get(&checks, CheckId::Clock).status, CheckStatus::Pass);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_no_longer_shared_fails_the_database_check() {
    let world = connected().await;
    world.notion.set_shared(&world.db.database_id, false);
    let checks = doctor(&world).await;
    expect(
        &checks,
        (CheckId::NotionDatabase, Some(ErrorCode::NotionNotFound)),
        &[CheckId::Mapping],
    );
    assert!(get(&checks, CheckId::NotionDatabase)
        .detail
        .contains("isn't shared"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_mapped_property_fails_the_mapping_check() {
    let world = connected().await;
    world.notion.remove_property(world.data_source_id(), "HRV");
    let checks = doctor(&world).await;
    expect(
        &checks,
        (CheckId::Mapping, Some(ErrorCode::MappingBroken)),
        &[],
    );
    let detail = &get(&checks, CheckId::Mapping).detail;
    assert!(detail.contains("\"HRV\""), "{detail}");
    assert!(detail.contains("no longer in the database"), "{detail}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retyped_day_key_fails_the_mapping_check() {
    let world = connected().await;
    world
        .notion
        .change_property_type(world.data_source_id(), "Date", PropertyKind::RichText);
    world
        .notion
        .change_property_type(world.data_source_id(), "Recovery", PropertyKind::Checkbox);
    let checks = doctor(&world).await;
    expect(
        &checks,
        (CheckId::Mapping, Some(ErrorCode::MappingBroken)),
        &[],
    );
    let detail = &get(&checks, CheckId::Mapping).detail;
    assert!(detail.contains("day key \"Date\""), "{detail}");
    assert!(
        detail.contains("\"Recovery\" is now a checkbox"),
        "{detail}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_five_minutes_off_fails_the_clock_check() {
    let world = connected().await;
    world.clock.advance(std::time::Duration::from_secs(5 * 60));
    let checks = doctor(&world).await;
    expect(&checks, (CheckId::Clock, None), &[]);
    let detail = &get(&checks, CheckId::Clock).detail;
    assert!(detail.contains("ahead of Notion's"), "{detail}");
    assert!(
        detail.contains("5 minutes") || detail.contains("4 minutes"),
        "{detail}"
    );

    // Behind, and within the tolerance.
    world.clock.set(Utc::now() - chrono::Duration::minutes(5));
    let checks = doctor(&world).await;
    assert!(get(&checks, CheckId::Clock).detail.contains("behind"));
    world.clock.set(Utc::now() + chrono::Duration::seconds(60));
    let checks = doctor(&world).await;
    assert!(all_ok(&checks), "{checks:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_connected_fails_the_first_links_and_skips_the_rest() {
    let world = World::new(Options::default()).await;
    world.clock.set(Utc::now());
    // A fresh profile: the doctor reads, it doesn't create the settings.
    let checks = world.engine.doctor().await.unwrap();
    assert!(!world.profile().join("config.json").exists());
    let status: Vec<(CheckId, CheckStatus, Option<ErrorCode>)> =
        checks.iter().map(|c| (c.id, c.status, c.code)).collect();
    assert_eq!(
        status,
        vec![
            (CheckId::Keychain, CheckStatus::Pass, None),
            (
                CheckId::WhoopToken,
                CheckStatus::Fail,
                Some(ErrorCode::WhoopNotConnected)
            ),
            (CheckId::WhoopOffline, CheckStatus::Skip, None),
            (CheckId::WhoopWorkouts, CheckStatus::Skip, None),
            (
                CheckId::NotionToken,
                CheckStatus::Fail,
                Some(ErrorCode::NotionNotConnected)
            ),
            (CheckId::NotionDatabase, CheckStatus::Skip, None),
            (CheckId::Mapping, CheckStatus::Skip, None),
            (CheckId::Clock, CheckStatus::Skip, None),
        ]
    );
}

#[test]
fn checks_serialize_in_snake_case() {
    let check = Check::fail(
        CheckId::NotionDatabase,
        Some(ErrorCode::NotionNotFound),
        "gone",
    );
    assert_eq!(
        serde_json::to_value(&check).unwrap(),
        serde_json::json!({"id": "notion_database", "status": "fail", "code": "notion_not_found", "detail": "gone"})
    );
}
