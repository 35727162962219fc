//! Creating a page never twice. Notion has no idempotency key: a create whose answer was lost
//! may have made the page, so the page is looked for before trying again.

use std::future::Future;

use notion_client::{NotionApi, NotionError, Page};
use serde_json::{Map, Value};

use crate::{ErrorCode, Result, SyncError};

/// Tries for one create whose answers keep getting lost.
const CREATE_TRIES: usize = 3;

/// Creates a page in `data_source_id`; after an unconfirmed create, `find` looks for the page
/// it may have made (the day's page, or the workout's by its WHOOP id) before another try.
pub(crate) async fn create_page_once<F, Fut>(
    notion: &NotionApi,
    data_source_id: &str,
    properties: &Map<String, Value>,
    mut find: F,
) -> Result<Page>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = std::result::Result<Option<Page>, NotionError>>,
{
    let mut last_error = None;
    for _ in 0..CREATE_TRIES {
        match notion
            .create_page(data_source_id, Value::Object(properties.clone()))
            .await
        {
            Ok(page) => return Ok(page),
            Err(e @ NotionError::Unconfirmed { .. }) => {
                if let Some(page) = find().await? {
                    return Ok(page);
                }
                last_error = Some(e);
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(last_error.map(SyncError::from).unwrap_or_else(|| {
        SyncError::new(ErrorCode::Server, "Notion did not confirm the new page")
    }))
}
