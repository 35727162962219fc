//! The notifications on the real path, against the simulators: the morning one opens today's
//! page, a problem's "Open" opens the window, and a problem's end is told once — unless the
//! user watched it go in the open window. The OS side is a recorder; the notice's actions are
//! run as the tray host runs them (`AppService::menu_action`).

mod support;

use app_core::menu::MenuAction;
use app_core::notice::{Notice, NoticeKind, CLICKED};
use serde_json::json;
use support::{call, connect_whoop, Recorder};

fn notices(recorder: &Recorder) -> Vec<Notice> {
    recorder.notices.lock().unwrap().clone()
}

fn kinds(recorder: &Recorder) -> Vec<NoticeKind> {
    notices(recorder).iter().map(|n| n.kind).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_can_be_acted_on_and_a_problem_ends_once() {
    let support::RealPath {
        world,
        recorder,
        service,
        ..
    } = support::RealPath::start().await;
    connect_whoop(&service, &recorder, 1).await;
    support::connect_notion(&service, &world.database_id).await;

    // The first sync writes today: the morning notification, whose button opens today's page.
    call(&service, "sync_now", json!({})).await.unwrap();
    let morning = notices(&recorder);
    assert_eq!(kinds(&recorder), [NoticeKind::Morning], "{morning:?}");
    let morning = &morning[0];
    let button = &morning.buttons[0];
    assert_eq!(
        (button.key, button.label),
        ("open-notion", "Open in Notion")
    );
    let overview = call(&service, "overview", json!({})).await.unwrap();
    let today = &overview["recentDays"][0];
    let page_url = today["pageUrl"].as_str().unwrap().to_string();
    assert!(matches!(
        morning.action("open-notion"),
        Some(MenuAction::OpenDay(day)) if day.to_string() == today["day"]
    ));
    let opened_before = recorder.opened.lock().unwrap().len(); // the sign-in page
    service
        .menu_action(morning.action("open-notion").unwrap())
        .await;
    assert_eq!(
        &recorder.opened.lock().unwrap()[opened_before..],
        std::slice::from_ref(&page_url)
    );
    // The page is the one in Notion, and the tray shows its numbers.
    let page_id = world
        .notion
        .pages(&world.data_source_id)
        .iter()
        .any(|p| p["url"].as_str() == Some(page_url.as_str()));
    assert!(page_id, "{page_url} is no page of the database");
    let tooltip = overview["tray"]["tooltip"].as_str().unwrap();
    assert!(tooltip.starts_with("Recovery "), "{tooltip}");
    assert!(tooltip.contains(" · Asleep "), "{tooltip}");
    // The notification itself opens the window (the tray host's business).
    assert_eq!(morning.action(CLICKED), Some(MenuAction::OpenWindow));

    // The database is no longer shared with the connection in Notion: a problem, told once,
    // whose "Open" opens the window.
    world.notion.set_shared(&world.database_id, false);
    let err = call(&service, "sync_now", json!({})).await.unwrap_err();
    assert_eq!(err["code"], "notion_not_found");
    let _ = call(&service, "sync_now", json!({})).await.unwrap_err();
    assert_eq!(kinds(&recorder), [NoticeKind::Morning, NoticeKind::Problem]);
    let problem = notices(&recorder)[1].clone();
    assert_eq!(problem.action("open"), Some(MenuAction::OpenWindow));
    assert_eq!(problem.buttons[0].label, "Open");

    // Shared again in Notion (outside the app): one "back to normal", then nothing more.
    world.notion.set_shared(&world.database_id, true);
    call(&service, "sync_now", json!({})).await.unwrap();
    call(&service, "sync_now", json!({})).await.unwrap();
    assert_eq!(
        kinds(&recorder),
        [
            NoticeKind::Morning,
            NoticeKind::Problem,
            NoticeKind::BackToNormal
        ]
    );
    let normal = notices(&recorder)[2].clone();
    assert_eq!(normal.replaces(), Some(NoticeKind::Problem));

    // The same problem again is news again; this time its end happens with the window open,
    // where the user sees the banner go: no notification for it.
    world.notion.set_shared(&world.database_id, false);
    let _ = call(&service, "sync_now", json!({})).await.unwrap_err();
    assert_eq!(kinds(&recorder).len(), 4);
    *recorder.window_open.lock().unwrap() = true;
    world.notion.set_shared(&world.database_id, true);
    call(&service, "sync_now", json!({})).await.unwrap();
    *recorder.window_open.lock().unwrap() = false;
    call(&service, "sync_now", json!({})).await.unwrap();
    assert_eq!(
        kinds(&recorder),
        [
            NoticeKind::Morning,
            NoticeKind::Problem,
            NoticeKind::BackToNormal,
            NoticeKind::Problem
        ]
    );

    // Notifications off: a problem and its end are still tracked, but not shown.
    let settings = call(&service, "overview", json!({})).await.unwrap()["settings"].clone();
    let mut off = settings.clone();
    off["notifications"] = json!(false);
    call(&service, "settings_set", json!({"settings": off}))
        .await
        .unwrap();
    world.notion.set_shared(&world.database_id, false);
    let _ = call(&service, "sync_now", json!({})).await.unwrap_err();
    world.notion.set_shared(&world.database_id, true);
    call(&service, "sync_now", json!({})).await.unwrap();
    assert_eq!(kinds(&recorder).len(), 4, "{:?}", kinds(&recorder));
    world.stop();
}
