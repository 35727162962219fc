//! A data source's schema (reading and updating it), and querying its rows.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::{Extension, Json};
use serde_json::Value;

use super::workspace::note_page_size;
use super::{filter_properties, path_id};
use crate::notion::body::{JsonBody, ReqCtx};
use crate::notion::errors::ApiError;
use crate::notion::query::{self, paginate::list_body};
use crate::notion::render::render_data_source;
use crate::notion::shared::{lock, Shared};
use crate::notion::update_data_source::parse_update;

pub async fn get(
    State(shared): State<Arc<Shared>>,
    Path(raw): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(&raw, "data_source_id")?;
    let store = shared.store();
    let ds = store
        .visible_data_source(&id)
        .ok_or_else(|| ApiError::not_found("data_source", &id))?;
    Ok(Json(render_data_source(&store, ds)))
}

/// `PATCH /v1/data_sources/{id}`: checked in full against the schema, then applied.
pub async fn update(
    State(shared): State<Arc<Shared>>,
    Path(raw): Path<String>,
    Extension(JsonBody(body)): Extension<JsonBody>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(&raw, "data_source_id")?;
    let mut store = shared.store();
    let ds = store
        .visible_data_source(&id)
        .ok_or_else(|| ApiError::not_found("data_source", &id))?;
    let request = parse_update(ds, &body)?;
    store.update_data_source(&id, request)?;
    let ds = &store.data_sources[&id];
    Ok(Json(render_data_source(&store, ds)))
}

pub async fn query(
    State(shared): State<Arc<Shared>>,
    Path(raw): Path<String>,
    RawQuery(raw_query): RawQuery,
    Extension(ctx): Extension<ReqCtx>,
    Extension(JsonBody(body)): Extension<JsonBody>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(&raw, "data_source_id")?;
    note_page_size(&shared, &body);
    let only = filter_properties(raw_query.as_deref());
    let lag = lock(&shared.config).query_lag;
    let store = shared.store();
    let ds = store
        .visible_data_source(&id)
        .ok_or_else(|| ApiError::not_found("data_source", &id))?;
    let (results, next) = query::run(&store, ds, &body, only.as_deref(), lag)?;
    Ok(Json(list_body(results, next, &ctx.request_id)))
}
