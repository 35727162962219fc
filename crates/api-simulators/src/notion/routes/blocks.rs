//! `GET /v1/blocks/{id}/children`: a page's body, paged like every list (`page_size`,
//! `start_cursor` in the query string). Rows are created without a body; only the test
//! handle writes one, as the user would.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::{Extension, Json};
use serde_json::{json, Map, Value};

use super::path_id;
use crate::notion::body::ReqCtx;
use crate::notion::errors::ApiError;
use crate::notion::query::paginate::{page_size, paginate, start_cursor};
use crate::notion::render::format_time;
use crate::notion::shared::Shared;

pub async fn children(
    State(shared): State<Arc<Shared>>,
    Path(raw): Path<String>,
    RawQuery(raw_query): RawQuery,
    Extension(ctx): Extension<ReqCtx>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(&raw, "block_id")?;
    let paging = paging(raw_query.as_deref())?;
    let store = shared.store();
    let page = store
        .visible_page(&id)
        .ok_or_else(|| ApiError::not_found("block", &id))?;
    let window = paginate(
        page.blocks.clone(),
        |(id, _)| id.clone(),
        start_cursor(&paging)?.as_deref(),
        page_size(&paging)?,
    )?;
    let results: Vec<Value> = window
        .items
        .iter()
        .map(|(block_id, text)| {
            json!({
                "object": "block",
                "id": block_id,
                "parent": {"type": "page_id", "page_id": page.id},
                "created_time": format_time(page.last_edited),
                "last_edited_time": format_time(page.last_edited),
                "created_by": {"object": "user", "id": page.last_edited_by},
                "last_edited_by": {"object": "user", "id": page.last_edited_by},
                "has_children": false,
                "in_trash": false,
                "type": "paragraph",
                "paragraph": {
                    "rich_text": [{"type": "text", "text": {"content": text, "link": null},
                                   "plain_text": text, "href": null}],
                    "color": "default",
                },
            })
        })
        .collect();
    Ok(Json(json!({
        "object": "list",
        "results": results,
        "has_more": window.next_cursor.is_some(),
        "next_cursor": window.next_cursor,
        "type": "block",
        "block": {},
        "request_id": ctx.request_id,
    })))
}

/// `page_size` and `start_cursor` from the query string, as a body the list helpers read.
fn paging(query: Option<&str>) -> Result<Value, ApiError> {
    let mut body = Map::new();
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "page_size" => {
                let size: u64 = value.parse().map_err(|_| {
                    ApiError::validation(format!(
                        "body failed validation: query.page_size should be a number, instead was `\"{value}\"`."
                    ))
                })?;
                body.insert("page_size".into(), json!(size));
            }
            "start_cursor" => {
                body.insert("start_cursor".into(), json!(value));
            }
            _ => {}
        }
    }
    Ok(Value::Object(body))
}
