//! The middleware every request passes: counting, then (for the API) rate limiting and
//! injected faults; the token endpoint has its own fault queue.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::faults::FaultAction;
use super::rate_limit::set_headers;
use super::server::Shared;

pub(crate) const TOKEN_PATH: &str = "/oauth/oauth2/token";

fn is_api(path: &str) -> bool {
    path == "/developer" || path.starts_with("/developer/")
}

fn fault_status(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let msg = status.canonical_reason().unwrap_or("Injected fault");
    (status, Json(json!({ "message": msg }))).into_response()
}

fn too_many() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        Json(json!({ "message": "Too Many Requests" })),
    )
        .into_response()
}

pub(crate) async fn guard(State(s): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    {
        let mut st = s.stats.lock().unwrap();
        st.requests_total += 1;
        *st.requests_by_path.entry(path.clone()).or_insert(0) += 1;
    }
    let resp = if is_api(&path) {
        api_request(&s, req, next).await
    } else if path == TOKEN_PATH && req.method() == Method::POST {
        let fault = s.faults.lock().unwrap().take(true);
        match fault {
            Some(FaultAction::Status(code)) => {
                s.stats.lock().unwrap().faults_served += 1;
                fault_status(code)
            }
            _ => next.run(req).await,
        }
    } else {
        next.run(req).await
    };
    let mut st = s.stats.lock().unwrap();
    match resp.status() {
        StatusCode::UNAUTHORIZED => st.unauthorized_responses += 1,
        StatusCode::TOO_MANY_REQUESTS => st.rate_limited_responses += 1,
        _ => {}
    }
    resp
}

/// Rate limit first (every API request counts, whatever happens next), then faults.
async fn api_request(s: &Shared, req: Request, next: Next) -> Response {
    let decision = s.rate.lock().unwrap().check();
    if !decision.allowed {
        let mut r = too_many();
        decision.apply(r.headers_mut());
        return r;
    }
    let fault = s.faults.lock().unwrap().take(false);
    if fault.is_some() {
        s.stats.lock().unwrap().faults_served += 1;
    }
    let mut r = match fault {
        Some(FaultAction::Status(code)) => fault_status(code),
        Some(FaultAction::RateLimited(reset)) => {
            let mut r = too_many();
            set_headers(r.headers_mut(), &decision.limit_header, 0, reset);
            return r;
        }
        Some(FaultAction::Delay(d)) => {
            tokio::time::sleep(d).await;
            next.run(req).await
        }
        None => next.run(req).await,
    };
    decision.apply(r.headers_mut());
    r
}
