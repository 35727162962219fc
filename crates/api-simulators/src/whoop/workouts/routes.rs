//! `GET /v2/activity/workout` and `GET /v2/activity/workout/{workoutId}`, scope `read:workout`:
//! the same bearer check, query rules, paging and error answers as the other collections.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::whoop::api::{authorize, found_or_404, is_uuid, ok, parse_query, ApiError};
use crate::whoop::server::Shared;

const SCOPE: &str = "read:workout";

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/v2/activity/workout", get(workouts))
        .route("/v2/activity/workout/{id}", get(workout_by_id))
}

async fn workouts(State(s): State<Arc<Shared>>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    workouts_body(&s, &h, q.as_deref()).unwrap_or_else(IntoResponse::into_response)
}

/// Newest first by start, filtered on the start like the other collections.
fn workouts_body(s: &Shared, h: &HeaderMap, q: Option<&str>) -> Result<Response, ApiError> {
    authorize(s, h, Some(SCOPE))?;
    let query = parse_query(s, q, "workout")?;
    let ds = s.dataset.read().unwrap();
    let items = ds
        .workouts
        .iter()
        .map(|w| (w.start, w.id.clone(), w.clone()))
        .collect();
    Ok(ok(query.page("workout", items)))
}

async fn workout_by_id(
    State(s): State<Arc<Shared>>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    workout_by_id_body(&s, &h, &id).unwrap_or_else(IntoResponse::into_response)
}

fn workout_by_id_body(s: &Shared, h: &HeaderMap, id: &str) -> Result<Response, ApiError> {
    authorize(s, h, Some(SCOPE))?;
    if !is_uuid(id) {
        return Err(ApiError::bad_request("workoutId must be a UUID"));
    }
    let ds = s.dataset.read().unwrap();
    Ok(found_or_404(
        ds.workouts.iter().find(|w| w.id.eq_ignore_ascii_case(id)),
    ))
}
