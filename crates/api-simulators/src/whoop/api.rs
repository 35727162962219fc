//! The `/developer/v2/...` data routes: bearer + scope check, then records from the dataset.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::json;

use super::paging::{int_key, CollectionQuery};
use super::records::UserBasicProfile;
use super::server::Shared;

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/v2/recovery", get(recoveries))
        .route("/v2/activity/sleep", get(sleeps))
        .route("/v2/activity/sleep/{id}", get(sleep_by_id))
        .route("/v2/cycle", get(cycles))
        .route("/v2/cycle/{id}", get(cycle_by_id))
        .route("/v2/cycle/{id}/recovery", get(recovery_for_cycle))
        .route("/v2/cycle/{id}/sleep", get(sleep_for_cycle))
        .route("/v2/user/profile/basic", get(profile))
        .route("/v2/user/measurement/body", get(body))
        .route("/v2/user/access", delete(revoke_access))
        .merge(super::workouts::routes::routes())
        // Unknown paths, and every `/v1/...` (v1 is gone), are 404.
        .fallback(not_found)
}

fn message(status: StatusCode, msg: &str) -> Response {
    (status, Json(json!({ "message": msg }))).into_response()
}

pub(crate) async fn not_found() -> Response {
    message(StatusCode::NOT_FOUND, "No resource found")
}

/// An early answer of a handler. Small on purpose (a `Response` in `Err` is large).
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
    /// The RFC 6750 `error` of a 401's `WWW-Authenticate: Bearer` header.
    bearer_error: Option<&'static str>,
}

impl ApiError {
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            bearer_error: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = message(self.status, &self.message);
        if let Some(e) = self.bearer_error {
            if let Ok(v) = format!("Bearer error=\"{e}\"").parse() {
                r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
            }
        }
        r
    }
}

fn unauthorized(detail: &'static str) -> ApiError {
    ApiError {
        status: StatusCode::UNAUTHORIZED,
        message: "Authorization was not valid".into(),
        bearer_error: Some(detail),
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
        .filter(|t| !t.is_empty())
}

/// A live access token carrying `scope` (if any), or the 401 to answer. The spec lists no 403,
/// so a token without the scope is a 401 too.
pub(crate) fn authorize(
    s: &Shared,
    headers: &HeaderMap,
    scope: Option<&str>,
) -> Result<String, ApiError> {
    let token = bearer(headers).ok_or_else(|| unauthorized("invalid_request"))?;
    let scopes = s
        .tokens
        .lock()
        .unwrap()
        .authenticate(token)
        .ok_or_else(|| unauthorized("invalid_token"))?;
    match scope {
        Some(need) if !scopes.iter().any(|x| x == need) => Err(unauthorized("insufficient_scope")),
        _ => Ok(token.to_string()),
    }
}

pub(crate) fn ok<T: Serialize>(v: T) -> Response {
    (StatusCode::OK, Json(v)).into_response()
}

pub(crate) fn parse_query(
    s: &Shared,
    raw: Option<&str>,
    kind: &str,
) -> Result<CollectionQuery, ApiError> {
    let mut seen = None;
    let r = CollectionQuery::parse(raw, kind, s.config.clock.now(), &mut seen);
    if let Some(n) = seen {
        let mut st = s.stats.lock().unwrap();
        st.max_limit_seen = st.max_limit_seen.max(n);
    }
    r.map_err(|e| ApiError::bad_request(e.message))
}

fn cycle_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::bad_request("cycleId must be an int64"))
}

// Each handler is a thin async shell over a sync body that returns early with the error
// answer; locks are never held across an await.

async fn recoveries(State(s): State<Arc<Shared>>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    recoveries_body(&s, &h, q.as_deref()).unwrap_or_else(IntoResponse::into_response)
}

fn recoveries_body(s: &Shared, h: &HeaderMap, q: Option<&str>) -> Result<Response, ApiError> {
    authorize(s, h, Some("read:recovery"))?;
    let query = parse_query(s, q, "recovery")?;
    let ds = s.dataset.read().unwrap();
    // A recovery has no time of its own: it sorts and filters by its sleep's start.
    let items = ds
        .recoveries
        .iter()
        .map(|r| {
            let t = ds.sleep(&r.sleep_id).map(|sl| sl.start);
            let t = t.or_else(|| ds.cycle(r.cycle_id).map(|c| c.start));
            (t.unwrap_or(r.created_at), int_key(r.cycle_id), r.clone())
        })
        .collect();
    Ok(ok(query.page("recovery", items)))
}

async fn sleeps(State(s): State<Arc<Shared>>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    sleeps_body(&s, &h, q.as_deref()).unwrap_or_else(IntoResponse::into_response)
}

fn sleeps_body(s: &Shared, h: &HeaderMap, q: Option<&str>) -> Result<Response, ApiError> {
    authorize(s, h, Some("read:sleep"))?;
    let query = parse_query(s, q, "sleep")?;
    let ds = s.dataset.read().unwrap();
    let items = ds
        .sleeps
        .iter()
        .map(|x| (x.start, x.id.clone(), x.clone()))
        .collect();
    Ok(ok(query.page("sleep", items)))
}

async fn cycles(State(s): State<Arc<Shared>>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    cycles_body(&s, &h, q.as_deref()).unwrap_or_else(IntoResponse::into_response)
}

fn cycles_body(s: &Shared, h: &HeaderMap, q: Option<&str>) -> Result<Response, ApiError> {
    authorize(s, h, Some("read:cycles"))?;
    let query = parse_query(s, q, "cycle")?;
    let ds = s.dataset.read().unwrap();
    let items = ds
        .cycles
        .iter()
        .map(|x| (x.start, int_key(x.id), x.clone()))
        .collect();
    Ok(ok(query.page("cycle", items)))
}

/// WHOOP ids are UUIDs: 8-4-4-4-12 hex digits.
pub(crate) fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub(crate) fn found_or_404<T: Serialize>(v: Option<&T>) -> Response {
    v.map_or_else(|| message(StatusCode::NOT_FOUND, "No resource found"), ok)
}

async fn sleep_by_id(
    State(s): State<Arc<Shared>>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sleep_by_id_body(&s, &h, &id).unwrap_or_else(IntoResponse::into_response)
}

fn sleep_by_id_body(s: &Shared, h: &HeaderMap, id: &str) -> Result<Response, ApiError> {
    authorize(s, h, Some("read:sleep"))?;
    if !is_uuid(id) {
        return Err(ApiError::bad_request("sleepId must be a UUID"));
    }
    let ds = s.dataset.read().unwrap();
    Ok(found_or_404(
        ds.sleeps.iter().find(|x| x.id.eq_ignore_ascii_case(id)),
    ))
}

async fn cycle_by_id(
    State(s): State<Arc<Shared>>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    cycle_by_id_body(&s, &h, &id).unwrap_or_else(IntoResponse::into_response)
}

fn cycle_by_id_body(s: &Shared, h: &HeaderMap, id: &str) -> Result<Response, ApiError> {
    authorize(s, h, Some("read:cycles"))?;
    let id = cycle_id(id)?;
    let ds = s.dataset.read().unwrap();
    Ok(found_or_404(ds.cycle(id)))
}

async fn recovery_for_cycle(
    State(s): State<Arc<Shared>>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    recovery_for_cycle_body(&s, &h, &id).unwrap_or_else(IntoResponse::into_response)
}

fn recovery_for_cycle_body(s: &Shared, h: &HeaderMap, id: &str) -> Result<Response, ApiError> {
    authorize(s, h, Some("read:recovery"))?;
    let id = cycle_id(id)?;
    let ds = s.dataset.read().unwrap();
    Ok(found_or_404(
        ds.recoveries.iter().find(|r| r.cycle_id == id),
    ))
}

async fn sleep_for_cycle(
    State(s): State<Arc<Shared>>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sleep_for_cycle_body(&s, &h, &id).unwrap_or_else(IntoResponse::into_response)
}

/// The main sleep that opened the cycle (naps of the same cycle are not "its" sleep).
fn sleep_for_cycle_body(s: &Shared, h: &HeaderMap, id: &str) -> Result<Response, ApiError> {
    // The spec names no scope for this route; the data is sleep data, so ask for read:sleep.
    authorize(s, h, Some("read:sleep"))?;
    let id = cycle_id(id)?;
    let ds = s.dataset.read().unwrap();
    Ok(found_or_404(
        ds.sleeps.iter().find(|x| x.cycle_id == id && !x.nap),
    ))
}

async fn profile(State(s): State<Arc<Shared>>, h: HeaderMap) -> Response {
    profile_body(&s, &h).unwrap_or_else(IntoResponse::into_response)
}

fn profile_body(s: &Shared, h: &HeaderMap) -> Result<Response, ApiError> {
    authorize(s, h, Some("read:profile"))?;
    let u = &s.config.user;
    Ok(ok(UserBasicProfile {
        user_id: u.user_id,
        email: u.email.clone(),
        first_name: u.first_name.clone(),
        last_name: u.last_name.clone(),
    }))
}

async fn body(State(s): State<Arc<Shared>>, h: HeaderMap) -> Response {
    body_body(&s, &h).unwrap_or_else(IntoResponse::into_response)
}

fn body_body(s: &Shared, h: &HeaderMap) -> Result<Response, ApiError> {
    authorize(s, h, Some("read:body_measurement"))?;
    Ok(ok(s.body.read().unwrap().clone()))
}

async fn revoke_access(State(s): State<Arc<Shared>>, h: HeaderMap) -> Response {
    revoke_access_body(&s, &h).unwrap_or_else(IntoResponse::into_response)
}

/// Disconnect: the grant behind the token is revoked (its refresh token too); 204, no body.
fn revoke_access_body(s: &Shared, h: &HeaderMap) -> Result<Response, ApiError> {
    let token = authorize(s, h, None)?;
    s.tokens.lock().unwrap().revoke_by_access(&token);
    Ok(StatusCode::NO_CONTENT.into_response())
}
