//! Injected failures. The real API fails in these ways, and the ones that matter most for a
//! sync without idempotency keys are the *lost responses*: the write happened but the client
//! never learns it (`ApplyThenStatus`, `ApplyThenDrop`).

use axum::http::Method;

/// Which requests a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `POST /v1/pages`
    CreatePage,
    /// `PATCH /v1/pages/{id}`
    UpdatePage,
    /// `GET /v1/pages/{id}`
    GetPage,
    /// `GET /v1/blocks/{id}/children`
    GetBlockChildren,
    /// `POST /v1/data_sources/{id}/query`
    Query,
    /// `GET /v1/data_sources/{id}`
    GetDataSource,
    /// `PATCH /v1/data_sources/{id}`
    UpdateDataSource,
    /// `GET /v1/databases/{id}`
    GetDatabase,
    /// `POST /v1/databases`
    CreateDatabase,
    /// `POST /v1/search`
    Search,
    /// `GET /v1/users/me`
    UsersMe,
    /// Any request.
    Any,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FaultKind {
    /// The request is refused with this status (500, 502, 503, 504...) and a proper error
    /// body; nothing is applied.
    Status(u16),
    /// The request is applied, then this status is returned instead of the result.
    ApplyThenStatus(u16),
    /// The request is applied, then the TCP connection is closed without any response.
    ApplyThenDrop,
    /// 429 `rate_limited` with this `Retry-After`; nothing applied.
    RateLimited { retry_after_secs: u64 },
    /// 529 `service_overload` with this `Retry-After`; nothing applied.
    Overloaded { retry_after_secs: u64 },
    /// 409 `conflict_error`; nothing applied.
    Conflict,
    /// The request is served normally after this many milliseconds.
    Delay { ms: u64 },
    /// Notion's own refusal, as recorded from the live API: this status, `code` and
    /// `message`; nothing applied.
    Refused {
        status: u16,
        code: &'static str,
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct NotionFault {
    pub route: Route,
    pub kind: FaultKind,
    /// How many matching requests it affects before it is used up.
    pub times: u32,
}

impl NotionFault {
    pub fn new(route: Route, kind: FaultKind, times: u32) -> Self {
        NotionFault { route, kind, times }
    }
}

/// Faults waiting to fire, first injected first.
#[derive(Debug, Default)]
pub struct FaultQueue {
    pending: Vec<NotionFault>,
}

impl FaultQueue {
    pub fn push(&mut self, fault: NotionFault) {
        if fault.times > 0 {
            self.pending.push(fault);
        }
    }

    /// The kind of the first fault matching `route`, consuming one of its uses.
    pub fn take(&mut self, route: Option<Route>) -> Option<FaultKind> {
        let idx = self
            .pending
            .iter()
            .position(|f| f.route == Route::Any || Some(f.route) == route)?;
        let fault = &mut self.pending[idx];
        fault.times -= 1;
        let kind = fault.kind.clone();
        if fault.times == 0 {
            self.pending.remove(idx);
        }
        Some(kind)
    }

    pub fn clear(&mut self) {
        self.pending.clear();
    }
}

/// The route a request is for, and the templated key used in stats.
pub fn classify(method: &Method, path: &str) -> (Option<Route>, String) {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let (route, template) = match (method.as_str(), parts.as_slice()) {
        ("GET", ["v1", "users", "me"]) => (Some(Route::UsersMe), "/v1/users/me"),
        ("POST", ["v1", "search"]) => (Some(Route::Search), "/v1/search"),
        ("POST", ["v1", "databases"]) => (Some(Route::CreateDatabase), "/v1/databases"),
        ("GET", ["v1", "databases", _]) => (Some(Route::GetDatabase), "/v1/databases/{id}"),
        ("GET", ["v1", "data_sources", _]) => (Some(Route::GetDataSource), "/v1/data_sources/{id}"),
        ("PATCH", ["v1", "data_sources", _]) => {
            (Some(Route::UpdateDataSource), "/v1/data_sources/{id}")
        }
        ("POST", ["v1", "data_sources", _, "query"]) => {
            (Some(Route::Query), "/v1/data_sources/{id}/query")
        }
        ("POST", ["v1", "pages"]) => (Some(Route::CreatePage), "/v1/pages"),
        ("GET", ["v1", "pages", _]) => (Some(Route::GetPage), "/v1/pages/{id}"),
        ("PATCH", ["v1", "pages", _]) => (Some(Route::UpdatePage), "/v1/pages/{id}"),
        ("GET", ["v1", "blocks", _, "children"]) => {
            (Some(Route::GetBlockChildren), "/v1/blocks/{id}/children")
        }
        _ => return (None, "OTHER".to_string()),
    };
    (route, format!("{} {}", method.as_str(), template))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_used_up_in_order() {
        let mut q = FaultQueue::default();
        q.push(NotionFault::new(
            Route::CreatePage,
            FaultKind::Status(500),
            2,
        ));
        q.push(NotionFault::new(Route::Any, FaultKind::Conflict, 1));
        assert_eq!(q.take(Some(Route::Query)), Some(FaultKind::Conflict));
        assert_eq!(q.take(Some(Route::Query)), None);
        assert_eq!(
            q.take(Some(Route::CreatePage)),
            Some(FaultKind::Status(500))
        );
        assert_eq!(
            q.take(Some(Route::CreatePage)),
            Some(FaultKind::Status(500))
        );
        assert_eq!(q.take(Some(Route::CreatePage)), None);
    }

    #[test]
    fn routes_are_templated() {
        let (r, k) = classify(&Method::PATCH, "/v1/pages/abc");
        assert_eq!(r, Some(Route::UpdatePage));
        assert_eq!(k, "PATCH /v1/pages/{id}");
        let (r, k) = classify(&Method::POST, "/v1/data_sources/x/query");
        assert_eq!(r, Some(Route::Query));
        assert_eq!(k, "POST /v1/data_sources/{id}/query");
        assert_eq!(classify(&Method::DELETE, "/v1/pages/x").0, None);
    }
}
