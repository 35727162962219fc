//! Notion's answers as the live API words them (bodies recorded from it): each is read for what
//! it says, and the user is told what Notion said or what the request needed.

use crate::support;

use api_simulators::notion::{FaultKind, NotionFault, Route};
use support::*;
use sync_engine::ErrorCode;

/// A `validation_error` on the range query while the day key is still a date: Notion's own
/// message is kept, so the user (and a bug report) sees what Notion refused.
#[tokio::test]
async fn a_refused_range_query_keeps_notions_words() {
    let world = World::new(Options::default()).await;
    world.connect().await;
    world.sync(today(), today()).await.unwrap();
    let said = "body failed validation: body.filter.and[0].date.on_or_after should be a valid \
                ISO 8601 date string, instead was `\"+275760-09-13\"`.";
    world.notion.inject_fault(NotionFault::new(
        Route::Query,
        FaultKind::Refused {
            status: 400,
            code: "validation_error",
            message: said.into(),
        },
        1,
    ));
    let err = world.sync(today(), today()).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::NotionRejected, "{err}");
    assert!(err.message.contains(said), "{err}");
    assert!(err.message.contains("\"Date\""), "names the day key: {err}");
    // The refusal passed: the next sync works.
    world.sync(today(), today()).await.unwrap();
}

/// A `restricted_resource` on a read asks for "Read content", on a write for what the write
/// needs: never "Insert content" for a read.
#[tokio::test]
async fn a_missing_capability_is_named_for_the_request_that_needed_it() {
    let world = World::new(Options::default()).await;
    world.connect().await;

    world.notion.set_read_content(false);
    let err = world.sync(today(), today()).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::NotionNoPermission, "{err}");
    assert!(err.message.contains("\"Read content\""), "{err}");
    assert!(!err.message.contains("Insert"), "{err}");
    world.notion.set_read_content(true);

    world.notion.set_insert_content(false);
    let err = world.sync(today(), today()).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::NotionNoPermission, "{err}");
    assert!(err.message.contains("\"Insert content\""), "{err}");
    world.notion.set_insert_content(true);
    world.sync(today(), today()).await.unwrap();

    // Today's page exists now; a changed value is an update.
    assert!(world.whoop.rescore(today(), 12.0));
    world.notion.set_update_content(false);
    let err = world.sync(today(), today()).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::NotionNoPermission, "{err}");
    assert!(err.message.contains("\"Update content\""), "{err}");
}
