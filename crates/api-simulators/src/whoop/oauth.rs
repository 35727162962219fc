//! `GET /oauth/oauth2/auth` and `POST /oauth/oauth2/token`.
//!
//! The authorize page auto-approves (the simulated user is logged in and clicks "allow"), but
//! validates the request the way WHOOP does: an unknown client or bad redirect URI gets an
//! error page (never a redirect to an unverified URI); other errors go back to the client
//! as `?error=…&state=…`. The token endpoint wants `client_secret_post` (credentials in the
//! form body), like WHOOP.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde_json::json;
use url::Url;

use super::server::Shared;
use super::tokens::{TokenError, KNOWN_SCOPES};

/// WHOOP rejects a `state` shorter than this (`invalid_state`).
const MIN_STATE_LEN: usize = 8;

fn pairs(raw: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw.as_bytes())
        .into_owned()
        .collect()
}

fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn error_page(msg: &str) -> Response {
    let body = format!(
        "<!doctype html><title>Error</title><h1>The request could not be authorized</h1><p>{msg}</p>"
    );
    (StatusCode::BAD_REQUEST, Html(body)).into_response()
}

fn redirect(to: &Url) -> Response {
    (
        StatusCode::FOUND,
        [(header::LOCATION, to.as_str().to_string())],
    )
        .into_response()
}

fn error_redirect(base: &Url, error: &str, desc: &str, state: Option<&str>) -> Response {
    let mut to = base.clone();
    {
        let mut q = to.query_pairs_mut();
        q.append_pair("error", error);
        q.append_pair("error_description", desc);
        if let Some(s) = state {
            q.append_pair("state", s);
        }
    }
    redirect(&to)
}

pub(crate) async fn authorize(State(s): State<Arc<Shared>>, RawQuery(q): RawQuery) -> Response {
    let p = pairs(q.as_deref().unwrap_or(""));
    if get(&p, "client_id") != Some(s.config.client_id.as_str()) {
        return error_page("invalid_client: unknown client_id");
    }
    let Some(redirect_uri) = get(&p, "redirect_uri") else {
        return error_page("invalid_request: redirect_uri is required");
    };
    // WHOOP's docs give `https://…` and a custom scheme (`whoop://example/redirect`) as the
    // valid forms; schemes a browser would run as code are never redirect targets.
    let base = match Url::parse(redirect_uri) {
        Ok(u)
            if !matches!(u.scheme(), "javascript" | "data" | "file" | "vbscript")
                && u.fragment().is_none()
                && (u.has_host() || !matches!(u.scheme(), "http" | "https")) =>
        {
            u
        }
        _ => return error_page("invalid_request: redirect_uri is not an absolute URI"),
    };
    let registered = &s.config.redirect_uris;
    if !registered.is_empty() && !registered.iter().any(|r| r == redirect_uri) {
        return error_page("invalid_request: redirect_uri is not registered for this client");
    }
    let state = get(&p, "state");
    if get(&p, "response_type") != Some("code") {
        return error_redirect(
            &base,
            "unsupported_response_type",
            "Only response_type=code is supported.",
            state,
        );
    }
    let scope = get(&p, "scope").unwrap_or("");
    let scopes: Vec<String> = scope
        .split(' ')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect();
    if scopes.iter().any(|x| !KNOWN_SCOPES.contains(&x.as_str())) {
        return error_redirect(
            &base,
            "invalid_scope",
            "The requested scope is invalid or unknown.",
            state,
        );
    }
    if state.is_none_or(|st| st.len() < MIN_STATE_LEN) {
        return error_redirect(
            &base,
            "invalid_state",
            "The state is missing or has fewer than 8 characters and is therefore considered too weak.",
            state,
        );
    }
    let challenge = get(&p, "code_challenge");
    let method = get(&p, "code_challenge_method");
    match (challenge, method) {
        (None, None) | (Some(_), Some("S256")) => {}
        _ => {
            return error_redirect(
                &base,
                "invalid_request",
                "PKCE needs code_challenge with code_challenge_method=S256.",
                state,
            )
        }
    }
    let code =
        s.tokens
            .lock()
            .unwrap()
            .issue_code(redirect_uri, scopes, challenge.map(str::to_string));
    let mut to = base;
    to.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("scope", scope)
        .append_pair("state", state.unwrap_or_default());
    redirect(&to)
}

fn token_error(status: StatusCode, error: &str, desc: &str) -> Response {
    let body = json!({ "error": error, "error_description": desc });
    (status, no_store(), Json(body)).into_response()
}

/// Token answers must not be cached (RFC 6749 §5.1).
fn no_store() -> [(header::HeaderName, &'static str); 2] {
    [
        (header::CACHE_CONTROL, "no-store"),
        (header::PRAGMA, "no-cache"),
    ]
}

pub(crate) async fn token(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form_type {
        return token_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The body must be application/x-www-form-urlencoded.",
        );
    }
    let p = pairs(&String::from_utf8_lossy(&body));
    let (id, secret) = (get(&p, "client_id"), get(&p, "client_secret"));
    if id.is_none() || secret.is_none() {
        let basic = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().starts_with("basic "));
        let desc = if basic {
            "This client authenticates with client_secret_post: send client_id and client_secret in the form body, not HTTP Basic."
        } else {
            "client_id and client_secret are required in the form body."
        };
        return token_error(StatusCode::UNAUTHORIZED, "invalid_client", desc);
    }
    if id != Some(s.config.client_id.as_str()) || secret != Some(s.config.client_secret.as_str()) {
        return token_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed.",
        );
    }
    let ttl = s.config.access_token_ttl_secs;
    let result = match get(&p, "grant_type") {
        Some("authorization_code") => {
            let Some(code) = get(&p, "code") else {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "code is required.",
                );
            };
            let r = s.tokens.lock().unwrap().exchange_code(
                code,
                get(&p, "redirect_uri"),
                get(&p, "code_verifier"),
                ttl,
            );
            if r.is_ok() {
                s.stats.lock().unwrap().code_exchanges += 1;
            }
            r
        }
        Some("refresh_token") => {
            let Some(rt) = get(&p, "refresh_token") else {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "refresh_token is required.",
                );
            };
            let r = s.tokens.lock().unwrap().refresh(rt, get(&p, "scope"), ttl);
            if r.is_ok() {
                s.stats.lock().unwrap().token_refreshes += 1;
            }
            r
        }
        _ => {
            return token_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "grant_type must be authorization_code or refresh_token.",
            )
        }
    };
    match result {
        Ok(t) => {
            let mut body = json!({
                "access_token": t.access_token,
                "expires_in": t.expires_in,
                "scope": t.scope,
                "token_type": "bearer",
            });
            if let Some(r) = t.refresh_token {
                body["refresh_token"] = json!(r);
            }
            (StatusCode::OK, no_store(), Json(body)).into_response()
        }
        Err(TokenError::InvalidGrant(desc)) => {
            s.stats.lock().unwrap().invalid_grant_responses += 1;
            token_error(StatusCode::BAD_REQUEST, "invalid_grant", desc)
        }
        Err(TokenError::InvalidScope(desc)) => {
            token_error(StatusCode::BAD_REQUEST, "invalid_scope", desc)
        }
    }
}
