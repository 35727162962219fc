//! The network between the app and both services, as a hotel's or a train's Wi-Fi can be:
//! until the user accepts its terms, it answers every request, whatever the address, with its
//! own sign-in page (HTTP 200, `text/html`). Give both simulators the same [`Network`] to put
//! them behind one Wi-Fi.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// What such a Wi-Fi sends (a real one's, trimmed).
pub const SIGN_IN_PAGE: &str = "<!DOCTYPE html><html><head><title>Hotel Wi-Fi</title></head>\
    <body><h1>Welcome</h1><form action=\"/accept\" method=\"post\">\
    <label><input type=\"checkbox\" name=\"terms\"> I accept the terms of use</label>\
    <button>Connect</button></form></body></html>";

/// A switch shared by clones: the sign-in page is in the way, or not.
#[derive(Debug, Clone, Default)]
pub struct Network {
    sign_in_page: Arc<AtomicBool>,
}

impl Network {
    /// `true`: every request gets the Wi-Fi's sign-in page; `false`: the user accepted its terms.
    pub fn set_sign_in_page(&self, shown: bool) {
        self.sign_in_page.store(shown, Ordering::SeqCst);
    }

    pub fn shows_sign_in_page(&self) -> bool {
        self.sign_in_page.load(Ordering::SeqCst)
    }
}

/// The outermost layer of a simulator: a request the Wi-Fi answers never reaches the service,
/// so it counts nowhere and changes nothing (no token is spent, no page written).
pub async fn intercept(State(network): State<Network>, req: Request, next: Next) -> Response {
    if !network.shows_sign_in_page() {
        return next.run(req).await;
    }
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(SIGN_IN_PAGE))
        .expect("a static response")
}
