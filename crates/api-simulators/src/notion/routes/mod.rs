//! The `/v1` routes and small helpers their handlers share.

mod blocks;
mod data_sources;
mod databases;
mod pages;
mod workspace;

use std::sync::Arc;

use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;

use super::errors::ApiError;
use super::ids;
use super::pipeline::pipeline;
use super::shared::{lock, Shared};

pub fn router(shared: Arc<Shared>) -> Router {
    let network = lock(&shared.config).network.clone();
    Router::new()
        .route("/v1/users/me", get(workspace::users_me))
        .route("/v1/search", post(workspace::search))
        .route("/v1/databases", post(databases::create))
        .route("/v1/databases/{id}", get(workspace::get_database))
        .route(
            "/v1/data_sources/{id}",
            get(data_sources::get).patch(data_sources::update),
        )
        .route("/v1/data_sources/{id}/query", post(data_sources::query))
        .route("/v1/pages", post(pages::create))
        .route("/v1/pages/{id}", get(pages::get).patch(pages::update))
        .route("/v1/blocks/{id}/children", get(blocks::children))
        .fallback(unknown_route)
        .method_not_allowed_fallback(unknown_route)
        .layer(from_fn_with_state(shared.clone(), pipeline))
        .layer(from_fn_with_state(network, crate::network::intercept))
        .with_state(shared)
}

/// Notion answers unknown paths and methods with 400 `invalid_request_url`.
async fn unknown_route() -> ApiError {
    ApiError::invalid_url()
}

/// A path id in either spelling, or Notion's validation error for it.
fn path_id(raw: &str, param: &str) -> Result<String, ApiError> {
    ids::normalize(raw).ok_or_else(|| {
        ApiError::validation(format!(
            "path failed validation: path.{param} should be a valid uuid, instead was `\"{raw}\"`."
        ))
    })
}

/// `?filter_properties=id1&filter_properties=id2` (ids or names), limiting page properties.
fn filter_properties(raw_query: Option<&str>) -> Option<Vec<String>> {
    let q = raw_query?;
    let keys: Vec<String> = url::form_urlencoded::parse(q.as_bytes())
        .filter(|(k, _)| k == "filter_properties" || k == "filter_properties[]")
        .flat_map(|(_, v)| v.split(',').map(str::to_string).collect::<Vec<_>>())
        .collect();
    (!keys.is_empty()).then_some(keys)
}
