//! The accept loop. It is written by hand (hyper per connection rather than `axum::serve`)
//! so that a handler can close its own TCP connection without sending anything — the only
//! honest way to simulate a response lost after the write was applied.

use std::sync::Arc;

use axum::Router;
use hyper::body::Incoming;
use hyper::service::Service as _;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};

/// Put in every request's extensions: notifying it closes that request's connection.
#[derive(Clone)]
pub struct ConnKill(pub Arc<Notify>);

pub async fn serve(listener: TcpListener, router: Router, shutdown: watch::Receiver<bool>) {
    loop {
        let mut stop = shutdown.clone();
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.wait_for(|s| *s) => return,
        };
        let Ok((stream, _)) = accepted else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let mut stop = shutdown.clone();
        tokio::spawn(async move {
            let kill = Arc::new(Notify::new());
            let tag = ConnKill(kill.clone());
            let svc = TowerToHyperService::new(router);
            let per_request =
                hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                    req.extensions_mut().insert(tag.clone());
                    svc.call(req)
                });
            let conn = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), per_request);
            // Dropping `conn` drops the socket (and any in-flight handler) at once.
            tokio::select! {
                _ = conn => {}
                _ = kill.notified() => {}
                _ = stop.wait_for(|s| *s) => {}
            }
        });
    }
}
