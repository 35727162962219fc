//! Rows: create (`POST /v1/pages`), read, update (`PATCH`, only the named properties).

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::{Extension, Json};
use serde_json::Value;

use super::{filter_properties, path_id};
use crate::notion::body::{JsonBody, ReqCtx};
use crate::notion::errors::ApiError;
use crate::notion::ids;
use crate::notion::render::{render_page, render_workspace_page};
use crate::notion::shared::Shared;
use crate::notion::store::Store;
use crate::notion::writes;

fn undefined(field: &str) -> ApiError {
    ApiError::validation(format!(
        "body failed validation: body.{field} should be defined, instead was `undefined`."
    ))
}

fn parent_id(parent: &Value, key: &str) -> Result<Option<String>, ApiError> {
    match parent.get(key) {
        None => Ok(None),
        Some(Value::String(raw)) => ids::normalize(raw).map(Some).ok_or_else(|| {
            ApiError::validation(format!(
                "body failed validation: body.parent.{key} should be a valid uuid, instead was `\"{raw}\"`."
            ))
        }),
        Some(v) => Err(ApiError::validation(format!(
            "body failed validation: body.parent.{key} should be a string, instead was `{v}`."
        ))),
    }
}

/// The data source a new row goes into. A `database_id` parent still works for a database
/// with exactly one source (as in Notion); with several it is ambiguous and refused.
fn resolve_parent(store: &Store, parent: &Value) -> Result<String, ApiError> {
    let declared = parent.get("type").and_then(Value::as_str);
    if let Some(ds_id) = parent_id(parent, "data_source_id")? {
        if declared.is_some_and(|t| t != "data_source_id") {
            return Err(ApiError::validation(
                "body failed validation: body.parent.type does not match the parent given.",
            ));
        }
        store
            .visible_data_source(&ds_id)
            .ok_or_else(|| ApiError::not_found("data_source", &ds_id))?;
        return Ok(ds_id);
    }
    if let Some(db_id) = parent_id(parent, "database_id")? {
        let db = store
            .visible_database(&db_id)
            .ok_or_else(|| ApiError::not_found("database", &db_id))?;
        return match db.data_source_ids.as_slice() {
            [only] => Ok(only.clone()),
            _ => Err(ApiError::validation(format!(
                "Database {db_id} has {} data sources; use a parent of type data_source_id to say which.",
                db.data_source_ids.len()
            ))),
        };
    }
    if let Some(page_id) = parent_id(parent, "page_id")? {
        return Err(match store.is_visible_page(&page_id) {
            true => ApiError::validation("The simulator only creates pages in data sources."),
            false => ApiError::not_found("page", &page_id),
        });
    }
    Err(ApiError::validation(
        "body failed validation: body.parent should have one of `data_source_id`, `database_id`, `page_id`.",
    ))
}

pub async fn create(
    State(shared): State<Arc<Shared>>,
    Extension(ctx): Extension<ReqCtx>,
    Extension(JsonBody(body)): Extension<JsonBody>,
) -> Result<Json<Value>, ApiError> {
    let parent = body.get("parent").ok_or_else(|| undefined("parent"))?;
    let properties = body
        .get("properties")
        .ok_or_else(|| undefined("properties"))?;
    let mut store = shared.store();
    let ds_id = resolve_parent(&store, parent)?;
    let page_id = writes::create_page(&mut store, &ds_id, properties, &ctx.bot_id)?;
    shared.stats().creates_applied += 1;
    let ds = &store.data_sources[&ds_id];
    Ok(Json(render_page(ds, &store.pages[&page_id], None)))
}

pub async fn get(
    State(shared): State<Arc<Shared>>,
    Path(raw): Path<String>,
    RawQuery(raw_query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(&raw, "page_id")?;
    let only = filter_properties(raw_query.as_deref());
    let store = shared.store();
    if let Some(page) = store.visible_workspace_page(&id) {
        return Ok(Json(render_workspace_page(&store, page)));
    }
    let page = store
        .visible_page(&id)
        .ok_or_else(|| ApiError::not_found("page", &id))?;
    let ds = &store.data_sources[&page.data_source_id];
    Ok(Json(render_page(ds, page, only.as_deref())))
}

pub async fn update(
    State(shared): State<Arc<Shared>>,
    Path(raw): Path<String>,
    Extension(ctx): Extension<ReqCtx>,
    Extension(JsonBody(body)): Extension<JsonBody>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(&raw, "page_id")?;
    let flag = |key: &str| -> Result<Option<bool>, ApiError> {
        match body.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(ApiError::validation(format!(
                "body failed validation: body.{key} should be a boolean, instead was `{v}`."
            ))),
        }
    };
    let mut in_trash = flag("in_trash")?;
    if let Some(archived) = flag("archived")? {
        // 2026-03-11 renamed `archived` to `in_trash`; older data-source versions accept both.
        if ctx.version != "2025-09-03" {
            return Err(ApiError::validation(
                "body failed validation: body.archived is not supported in this version; use in_trash.",
            ));
        }
        in_trash = in_trash.or(Some(archived));
    }
    let mut store = shared.store();
    if store.visible_page(&id).is_none() {
        return Err(ApiError::not_found("page", &id));
    }
    writes::update_page(
        &mut store,
        &id,
        body.get("properties"),
        in_trash,
        &ctx.bot_id,
    )?;
    shared.stats().updates_applied += 1;
    let page = &store.pages[&id];
    let ds = &store.data_sources[&page.data_source_id];
    Ok(Json(render_page(ds, page, None)))
}
