//! Discovery calls: who am I, what can I see, which data sources a database holds.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::{Extension, Json};
use serde_json::Value;

use super::path_id;
use crate::notion::body::{JsonBody, ReqCtx};
use crate::notion::errors::ApiError;
use crate::notion::query::paginate::{list_body, requested_page_size};
use crate::notion::render::{render_bot_user, render_database};
use crate::notion::search;
use crate::notion::shared::{lock, Shared};

/// The bot user of the connection that asks.
pub async fn users_me(
    State(shared): State<Arc<Shared>>,
    Extension(ctx): Extension<ReqCtx>,
) -> Json<Value> {
    let workspace = lock(&shared.config).workspace_name.clone();
    Json(render_bot_user(&shared.store(), &ctx.bot_id, &workspace))
}

pub async fn search(
    State(shared): State<Arc<Shared>>,
    Extension(ctx): Extension<ReqCtx>,
    Extension(JsonBody(body)): Extension<JsonBody>,
) -> Result<Json<Value>, ApiError> {
    note_page_size(&shared, &body);
    let (results, next) = search::run(&shared.store(), &body)?;
    Ok(Json(list_body(results, next, &ctx.request_id)))
}

pub async fn get_database(
    State(shared): State<Arc<Shared>>,
    Path(raw): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(&raw, "database_id")?;
    let store = shared.store();
    // A data source or page id is not a database id, even though all are UUIDs.
    let db = store
        .visible_database(&id)
        .ok_or_else(|| ApiError::not_found("database", &id))?;
    Ok(Json(render_database(&store, db)))
}

pub fn note_page_size(shared: &Shared, body: &Value) {
    let size = requested_page_size(body);
    let mut stats = shared.stats();
    stats.max_page_size_seen = stats.max_page_size_seen.max(size);
}
