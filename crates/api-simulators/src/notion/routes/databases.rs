//! `POST /v1/databases`: a new database, with its first data source, under a page.

use std::sync::Arc;

use axum::extract::State;
use axum::{Extension, Json};
use serde_json::Value;

use crate::notion::body::JsonBody;
use crate::notion::create_database::parse_request;
use crate::notion::errors::ApiError;
use crate::notion::render::render_database;
use crate::notion::shared::Shared;

pub async fn create(
    State(shared): State<Arc<Shared>>,
    Extension(JsonBody(body)): Extension<JsonBody>,
) -> Result<Json<Value>, ApiError> {
    // The "insert content" capability is checked before the request is (pipeline.rs).
    let request = parse_request(&body)?;
    let mut store = shared.store();
    if !store.is_visible_page(&request.parent_page_id) {
        return Err(ApiError::not_found("page", &request.parent_page_id));
    }
    let created = store.add_database_in(request.spec, Some(request.parent_page_id));
    let db = &store.databases[&created.database_id];
    Ok(Json(render_database(&store, db)))
}
