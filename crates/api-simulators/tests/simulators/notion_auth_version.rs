//! Headers every call needs, the error envelope, and the bot user.

use crate::notion_support;

use notion_support::{start, Api, TOKEN};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn missing_or_wrong_token_is_401_unauthorized() {
    let (_sim, api) = start().await;
    let no_auth = api
        .client
        .get(format!("{}/v1/users/me", api.base))
        .header("Notion-Version", "2025-09-03");
    Api::send(no_auth).await.assert_error(401, "unauthorized");

    let wrong = Api {
        token: "ntn_someone_else".into(),
        ..api.clone()
    };
    wrong
        .get("/v1/users/me")
        .await
        .assert_error(401, "unauthorized");

    let not_bearer = api
        .client
        .get(format!("{}/v1/users/me", api.base))
        .header("Authorization", TOKEN)
        .header("Notion-Version", "2025-09-03");
    Api::send(not_bearer)
        .await
        .assert_error(401, "unauthorized");
}

#[tokio::test]
async fn notion_version_is_required_and_checked() {
    let (_sim, api) = start().await;
    let missing = api
        .client
        .get(format!("{}/v1/users/me", api.base))
        .header("Authorization", format!("Bearer {TOKEN}"));
    Api::send(missing)
        .await
        .assert_error(400, "missing_version");

    let old = Api {
        version: "2022-06-28".into(),
        ..api.clone()
    };
    old.get("/v1/users/me")
        .await
        .assert_error(400, "validation_error");

    for v in ["2025-09-03", "2026-03-11"] {
        let ok = Api {
            version: v.into(),
            ..api.clone()
        };
        assert_eq!(ok.get("/v1/users/me").await.status, 200, "version {v}");
    }
}

#[tokio::test]
async fn users_me_is_the_bot_with_its_workspace() {
    let mut config = api_simulators::notion::NotionSimConfig::new(TOKEN);
    config.workspace_name = "Jane's Notion".into();
    let (_sim, api) = notion_support::start_with(config).await;
    let r = api.get("/v1/users/me").await;
    assert_eq!(r.status, 200);
    let me = &r.body;
    assert_eq!(me["object"], "user");
    assert_eq!(me["type"], "bot");
    assert_eq!(me["id"].as_str().unwrap().len(), 36, "dashed uuid");
    assert!(me["name"].is_string());
    assert_eq!(
        me["bot"]["owner"],
        json!({"type": "workspace", "workspace": true})
    );
    assert_eq!(me["bot"]["workspace_name"], "Jane's Notion");
    assert!(r.headers.contains_key("x-notion-request-id"));
}

#[tokio::test]
async fn bad_urls_and_bodies_get_notion_codes() {
    let (_sim, api) = start().await;
    api.get("/v1/nope")
        .await
        .assert_error(400, "invalid_request_url");
    Api::send(api.request(Method::DELETE, "/v1/users/me"))
        .await
        .assert_error(400, "invalid_request_url");

    let garbage = api
        .request(Method::POST, "/v1/search")
        .header("content-type", "application/json")
        .body("{not json");
    Api::send(garbage).await.assert_error(400, "invalid_json");

    // Every error carries a distinct request id.
    let a = api.get("/v1/nope").await;
    let b = api.get("/v1/nope").await;
    assert_ne!(a.body["request_id"], b.body["request_id"]);
}

#[tokio::test]
async fn payload_and_array_limits() {
    let (sim, api) = start().await;
    let db = sim.daily_tracking_database();
    let ds = &db.data_source_ids[0];

    let big = "x".repeat(501 * 1024);
    let r = api
        .create(
            ds,
            json!({"Notes": {"rich_text": [{"text": {"content": big}}]}}),
        )
        .await;
    r.assert_error(400, "validation_error");
    assert!(r.message().contains("500KB"), "{}", r.message());

    let pieces: Vec<_> = (0..101)
        .map(|_| json!({"text": {"content": "a"}}))
        .collect();
    let r = api
        .create(ds, json!({"Notes": {"rich_text": pieces}}))
        .await;
    r.assert_error(400, "validation_error");
    assert!(
        r.message().contains("length should be ≤ `100`"),
        "{}",
        r.message()
    );
    assert!(sim.pages(ds).is_empty(), "nothing applied");
}
