//! Notion's error body: `{"object":"error","status","code","message","request_id"}`.
//!
//! Handlers return `ApiError`; its response carries the error in an extension so the
//! pipeline (which owns the request id) can write the final body.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    /// Seconds for a `Retry-After` header (429 and 529 only).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(400, "validation_error", message)
    }

    pub fn invalid_json() -> Self {
        Self::new(400, "invalid_json", "Error parsing JSON body.")
    }

    pub fn invalid_url() -> Self {
        Self::new(400, "invalid_request_url", "Invalid request URL.")
    }

    pub fn unauthorized() -> Self {
        Self::new(401, "unauthorized", "API token is invalid.")
    }

    /// Unknown and unshared objects look the same, as in Notion.
    pub fn not_found(kind: &str, id: &str) -> Self {
        Self::new(
            404,
            "object_not_found",
            format!(
                "Could not find {kind} with ID: {id}. Make sure the relevant pages and databases are shared with your integration."
            ),
        )
    }

    /// The connection lacks a capability the endpoint needs (e.g. insert content).
    pub fn restricted() -> Self {
        Self::new(
            403,
            "restricted_resource",
            "Insufficient permissions for this endpoint.",
        )
    }

    pub fn rate_limited(retry_after: u64) -> Self {
        ApiError {
            retry_after: Some(retry_after.max(1)),
            ..Self::new(
                429,
                "rate_limited",
                "You have been rate limited. Please try again in a few minutes.",
            )
        }
    }

    pub fn overloaded(retry_after: u64) -> Self {
        ApiError {
            retry_after: Some(retry_after.max(1)),
            ..Self::new(
                529,
                "service_overload",
                "Notion is overloaded. Please try again later.",
            )
        }
    }

    pub fn conflict() -> Self {
        Self::new(
            409,
            "conflict_error",
            "Conflict occurred while saving. Please try again.",
        )
    }

    /// A server-side failure with the code Notion uses for that status.
    pub fn server(status: u16) -> Self {
        let (code, message) = match status {
            502 => ("bad_gateway", "Bad gateway. Please try again later."),
            503 => ("service_unavailable", "Notion is unavailable. Try again later."),
            504 => (
                "gateway_timeout",
                "Notion timed out while attempting to complete this request. Please try again later.",
            ),
            409 => return Self::conflict(),
            429 => return Self::rate_limited(1),
            529 => return Self::overloaded(1),
            _ => ("internal_server_error", "Unexpected error occurred."),
        };
        Self::new(status, code, message)
    }

    /// The final response, with the request id the pipeline assigned.
    pub fn render(&self, request_id: &str) -> Response {
        let body = json!({
            "object": "error",
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "request_id": request_id,
        });
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = (status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert("retry-after", HeaderValue::from(secs));
        }
        resp
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = self.render("");
        resp.extensions_mut().insert(self);
        resp
    }
}
