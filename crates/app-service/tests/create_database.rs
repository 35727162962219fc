//! The window's "Create a database for me": `notion_pages` lists where it can go,
//! `notion_create_database` makes it and answers with the overview (chosen, mapped), and a
//! connection without "Insert content" gets `notion_no_permission` in the desktop's words.

mod support;

use demo_mode::DEMO_NOTION_TOKEN;
use serde_json::json;
use support::call;

/// One test: the profile lives in env vars, which are global to the process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_creates_the_database_and_syncs_into_it() {
    let support::RealPath {
        world,
        recorder,
        service,
        ..
    } = support::RealPath::start().await;

    call(
        &service,
        "notion_connect",
        json!({"token": DEMO_NOTION_TOKEN}),
    )
    .await
    .unwrap();
    let page = world.notion.add_page("Health", true);
    let pages = call(&service, "notion_pages", json!({})).await.unwrap();
    assert_eq!(
        pages,
        json!([{"id": page, "title": "Health", "url": pages[0]["url"]}])
    );

    // Without "Insert content": the desktop's sentence, no database chosen.
    world.notion.set_insert_content(false);
    let err = call(&service, "notion_create_database", json!({"parent": page}))
        .await
        .unwrap_err();
    assert_eq!(err["code"], "notion_no_permission");
    assert_eq!(
        err["message"],
        app_core::wording::sentence(sync_engine::ErrorCode::NotionNoPermission)
    );
    let overview = call(&service, "overview", json!({})).await.unwrap();
    assert!(overview["notion"]["database"].is_null(), "{overview}");

    world.notion.set_insert_content(true);
    let overview = call(&service, "notion_create_database", json!({"parent": page}))
        .await
        .unwrap();
    assert_eq!(overview["notion"]["database"], "Daily Tracking");
    assert!(overview["notion"]["databaseId"].is_string());
    let mapping = call(&service, "mapping_get", json!({})).await.unwrap();
    assert_eq!(mapping["problems"], json!([]), "{mapping}");
    assert_eq!(mapping["day"]["name"], "Date");

    // A title of the user's own.
    let overview = call(
        &service,
        "notion_create_database",
        json!({"parent": page, "title": "Sleep log"}),
    )
    .await
    .unwrap();
    assert_eq!(overview["notion"]["database"], "Sleep log");
    // The window was told too.
    let published = recorder.published.lock().unwrap();
    assert_eq!(
        published.last().unwrap().notion.database.as_deref(),
        Some("Sleep log")
    );
}
