//! A hotel's Wi-Fi that answers every request with its own "accept the terms" page (HTTP 200,
//! `text/html`): the sync fails with its own code, which passes by itself like being offline,
//! writes nothing and keeps the sign-in; once the network lets requests through, the next sync
//! works with one token refresh and no new sign-in.

use std::sync::{Arc, Mutex};

use crate::support;

use chrono::Duration;
use support::*;
use sync_engine::{Endpoints, ErrorCode};
use test_support::scripted_http::{serve, Answer};

const PORTAL: &str = "<!DOCTYPE html><html><head><title>Hotel Wi-Fi</title></head>\
    <body><form action=\"/accept\">Accept the terms to continue</form></body></html>";

async fn portal() -> String {
    serve(Arc::new(Mutex::new(
        Answer::new(200, PORTAL).with_header("Content-Type", "text/html; charset=utf-8"),
    )))
    .await
}

#[tokio::test]
async fn a_wifi_sign_in_page_is_the_network_and_the_sign_in_is_kept() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    // The access token has run out, so the first request of the sync is a refresh: the one a
    // portal must not spend.
    world.whoop.expire_access_tokens();
    world.whoop.reset_stats();
    let pages_before = world.pages().len();

    let base = portal().await;
    let behind_the_portal = world.another_engine_with(|env| {
        env.endpoints = Endpoints {
            whoop_oauth: base.clone(),
            whoop_api: base.clone(),
            notion_api: base.clone(),
        }
    });
    let err = world
        .sync_with(
            &behind_the_portal,
            today() - Duration::days(2),
            today(),
            false,
        )
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NetworkWebPage, "{err}");
    assert!(err.message.contains("web page instead of WHOOP"), "{err}");
    assert!(
        !err.code.needs_user(),
        "it passes by itself, like being offline"
    );
    assert_eq!(world.pages().len(), pages_before, "nothing was written");
    assert_eq!(
        world.whoop.stats().token_refreshes,
        0,
        "no refresh reached WHOOP"
    );

    // The network lets requests through again: the same profile syncs without a new sign-in.
    let report = world
        .sync(today() - Duration::days(2), today())
        .await
        .unwrap();
    assert!(report.created >= 1, "{report:?}");
    let stats = world.whoop.stats();
    assert_eq!(stats.token_refreshes, 1);
    assert_eq!(stats.code_exchanges, 0, "no new sign-in");
    assert_eq!(stats.invalid_grant_responses, 0);
}

#[tokio::test]
async fn a_wifi_sign_in_page_in_place_of_notion_is_the_network_too() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    let base = portal().await;
    let notion_behind_the_portal = world.another_engine_with(|env| env.endpoints.notion_api = base);
    let err = world
        .sync_with(&notion_behind_the_portal, today(), today(), false)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NetworkWebPage, "{err}");
    assert!(err.message.contains("instead of Notion"), "{err}");
}
