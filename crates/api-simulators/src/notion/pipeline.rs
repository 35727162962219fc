//! What happens to every request before and after its handler, in Notion's order as far as
//! it is observable: count → auth (401) → early
//! after a Retry-After? (counted only) → rate limit (429) → version (400) → injected fault
//! → body limits and JSON → handler → lost-response faults → request id on errors.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use super::auth_version::{bearer, check_version};
use super::body::{self, JsonBody, ReqCtx};
use super::errors::ApiError;
use super::faults::{classify, FaultKind};
use super::ids;
use super::server::ConnKill;
use super::shared::{lock, Shared};

/// Far above Notion's 500 KB so oversize bodies get Notion's 400, not a transport error.
const READ_LIMIT: usize = 16 * 1024 * 1024;

pub async fn pipeline(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let request_id = ids::new_uuid();
    let (route, key) = classify(req.method(), req.uri().path());
    {
        let mut s = shared.stats();
        s.requests_total += 1;
        *s.by_route.entry(key).or_default() += 1;
    }
    let kill = req.extensions().get::<ConnKill>().cloned();
    let bot = requester(&shared, req.headers());
    let mut resp = match admit(&shared, req, bot.clone(), route, &request_id).await {
        Err(e) => e.render(&request_id),
        Ok((req, after)) => {
            let resp = next.run(req).await;
            match after {
                Some(FaultKind::ApplyThenStatus(status)) => {
                    ApiError::server(status).render(&request_id)
                }
                Some(FaultKind::ApplyThenDrop) => {
                    // The write is done; now vanish. Closing the connection from the
                    // accept loop drops this future too, so no response is ever written.
                    if let Some(k) = kill {
                        k.0.notify_one();
                        std::future::pending::<()>().await;
                    }
                    ApiError::server(500).render(&request_id)
                }
                _ => match resp.extensions().get::<ApiError>() {
                    Some(e) => e.render(&request_id),
                    None => resp,
                },
            }
        }
    };
    if resp.status().as_u16() == 429 {
        shared.stats().rate_limited += 1;
    }
    if let Ok(bot) = &bot {
        note_retry_after(&shared, bot, &resp);
    }
    *shared
        .stats()
        .by_status
        .entry(resp.status().as_u16())
        .or_default() += 1;
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        resp.headers_mut().insert("x-notion-request-id", v);
    }
    resp
}

/// A `Retry-After` sent (429, 529) holds until it is over, for `retry_after_violations`.
fn note_retry_after(shared: &Shared, bot: &str, resp: &Response) {
    let Some(secs) = resp
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    else {
        return;
    };
    let until = lock(&shared.config).clock.mono() + Duration::from_secs(secs);
    lock(&shared.limits).note_retry_after(bot, until);
}

/// The bot user of the connection whose token the request presents (the simulator's own, or
/// one added with `add_connection`), or Notion's 401.
fn requester(shared: &Shared, headers: &axum::http::HeaderMap) -> Result<String, ApiError> {
    let presented = bearer(headers)?;
    let token = lock(&shared.config).token.clone();
    let store = shared.store();
    if !token.is_empty() && presented == token {
        return Ok(store.bot_id.clone());
    }
    store
        .other_bots
        .get(presented)
        .cloned()
        .ok_or_else(ApiError::unauthorized)
}

/// The connection's capabilities, checked after who it is and before anything in the request.
fn check_capability(shared: &Shared, route: Option<super::faults::Route>) -> Result<(), ApiError> {
    use super::faults::Route as R;
    let config = lock(&shared.config);
    let allowed = match route {
        Some(
            R::GetPage
            | R::GetBlockChildren
            | R::Query
            | R::GetDataSource
            | R::GetDatabase
            | R::Search,
        ) => config.read_content,
        Some(R::UpdatePage | R::UpdateDataSource) => config.update_content,
        Some(R::CreatePage | R::CreateDatabase) => config.insert_content,
        Some(R::UsersMe | R::Any) | None => true,
    };
    if allowed {
        Ok(())
    } else {
        Err(ApiError::restricted())
    }
}

/// Checks that may refuse the request, then the parsed body. On success, returns the
/// request to run and a fault to apply after it (lost-response kinds).
async fn admit(
    shared: &Shared,
    req: Request,
    bot: Result<String, ApiError>,
    route: Option<super::faults::Route>,
    request_id: &str,
) -> Result<(Request, Option<FaultKind>), ApiError> {
    let bot_id = bot?;
    let config = lock(&shared.config).clone();
    let now = config.clock.mono();
    let taken = {
        let mut limits = lock(&shared.limits);
        if limits.told_to_wait(&bot_id, now) {
            shared.stats().retry_after_violations += 1;
        }
        limits.try_take(&bot_id, &config, now)
    };
    taken.map_err(ApiError::rate_limited)?;
    let version = check_version(req.headers())?;
    check_capability(shared, route)?;

    let fault = lock(&shared.faults).take(route);
    if fault.is_some() {
        shared.stats().faults_fired += 1;
    }
    let after = match fault {
        Some(FaultKind::Status(status)) => return Err(ApiError::server(status)),
        Some(FaultKind::RateLimited { retry_after_secs }) => {
            return Err(ApiError::rate_limited(retry_after_secs))
        }
        Some(FaultKind::Overloaded { retry_after_secs }) => {
            return Err(ApiError::overloaded(retry_after_secs))
        }
        Some(FaultKind::Conflict) => return Err(ApiError::conflict()),
        Some(FaultKind::Refused {
            status,
            code,
            message,
        }) => return Err(ApiError::new(status, code, message)),
        Some(FaultKind::Delay { ms }) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            None
        }
        other => other,
    };

    let (mut parts, body) = req.into_parts();
    let bytes = to_bytes(body, READ_LIMIT).await.map_err(|_| {
        ApiError::validation(format!(
            "Request body too large; the limit is {} bytes (500KB).",
            body::MAX_PAYLOAD
        ))
    })?;
    let json = body::parse(&bytes)?;
    parts.extensions.insert(JsonBody(json));
    parts.extensions.insert(ReqCtx {
        version,
        request_id: request_id.to_string(),
        bot_id,
    });
    Ok((Request::from_parts(parts, Body::empty()), after))
}
