//! `POST /v1/databases`: a new database, with its first data source, under a page; its
//! relation properties are made once it exists (a dual one adds a property to the target).

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
    let title = request.spec.title.clone();
    let synced_names = request
        .relations
        .iter()
        .map(|(name, r)| store.check_relation("", name, &title, r))
        .collect::<Result<Vec<_>, _>>()?;
    let created = store.add_database_in(request.spec, Some(request.parent_page_id));
    if let Some(ds_id) = created.data_source_ids.first() {
        for ((name, r), synced) in request.relations.iter().zip(synced_names) {
            store.add_relation(ds_id, name, None, r, synced);
        }
    }
    let db = &store.databases[&created.database_id];
    Ok(Json(render_database(&store, db)))
}
