//! Receiving the authorization code: a one-shot HTTP listener on loopback for
//! `http://localhost:PORT/…` / `http://127.0.0.1:PORT/…` redirect URIs, or the address-bar URL
//! pasted back by the user for any other redirect URI.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

use crate::WhoopError;

/// How the code comes back for a given redirect URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectKind {
    /// We can listen for it ourselves.
    Loopback { port: u16, path: String },
    /// The browser goes somewhere we can't serve; the user pastes the URL back.
    Paste,
}

impl RedirectKind {
    pub fn of(redirect_uri: &str) -> Result<Self, WhoopError> {
        let url = Url::parse(redirect_uri)
            .map_err(|e| WhoopError::InvalidRedirectUri(format!("{redirect_uri}: {e}")))?;
        let host = url.host_str().unwrap_or_default();
        let loopback_host = host == "localhost" || host == "127.0.0.1";
        if url.scheme() == "http" && loopback_host {
            let port = url.port().ok_or_else(|| {
                WhoopError::InvalidRedirectUri(format!(
                    "{redirect_uri} has no port; use e.g. http://127.0.0.1:8765/callback"
                ))
            })?;
            return Ok(RedirectKind::Loopback {
                port,
                path: url.path().to_string(),
            });
        }
        Ok(RedirectKind::Paste)
    }
}

/// A listener bound to 127.0.0.1 only, waiting for one sign-in redirect.
pub struct LoopbackCallback {
    listener: TcpListener,
    path: String,
}

impl LoopbackCallback {
    pub async fn bind(redirect_uri: &str) -> Result<Self, WhoopError> {
        let RedirectKind::Loopback { port, path } = RedirectKind::of(redirect_uri)? else {
            return Err(WhoopError::InvalidRedirectUri(format!(
                "{redirect_uri} is not an http://localhost or http://127.0.0.1 address"
            )));
        };
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let listener = TcpListener::bind(addr).await.map_err(|e| {
            WhoopError::InvalidRedirectUri(format!(
                "can't listen on {addr} ({e}); is another sign-in still waiting? Close it or pick another port"
            ))
        })?;
        Ok(Self { listener, path })
    }

    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Serves requests until the redirect arrives (other paths, like /favicon.ico, get 404),
    /// answers it with a small page and returns the code.
    pub async fn wait(self, expected_state: &str, timeout: Duration) -> Result<String, WhoopError> {
        let serve = async {
            loop {
                let Ok((stream, _)) = self.listener.accept().await else {
                    continue;
                };
                if let Some(result) = self.handle(stream, expected_state).await {
                    return result;
                }
            }
        };
        tokio::time::timeout(timeout, serve)
            .await
            .map_err(|_| WhoopError::CallbackTimeout(timeout.as_secs()))?
    }

    async fn handle(
        &self,
        mut stream: TcpStream,
        expected_state: &str,
    ) -> Option<Result<String, WhoopError>> {
        let target = read_request_target(&mut stream).await?;
        let url = Url::parse(&format!("http://127.0.0.1{target}")).ok()?;
        if url.path() != self.path {
            respond(&mut stream, "404 Not Found", "Not found").await;
            return None;
        }
        let result = code_from_query(&url, expected_state);
        let page = match &result {
            Ok(_) => {
                "WHOOP is connected. You can close this tab and return to WHOOP → Notion Sync."
            }
            Err(WhoopError::AuthorizationDenied(_)) => {
                "WHOOP did not authorize the app. You can close this tab and try again."
            }
            Err(_) => "This sign-in answer was not expected. Close this tab and start again.",
        };
        respond(&mut stream, "200 OK", page).await;
        Some(result)
    }
}

/// Reads the request head and returns its target (`/callback?code=…`), or `None` for junk.
async fn read_request_target(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(&head);
    let mut parts = line.lines().next()?.split_whitespace();
    let (method, target) = (parts.next()?, parts.next()?);
    (method == "GET" && target.starts_with('/')).then(|| target.to_string())
}

async fn respond(stream: &mut TcpStream, status: &str, message: &str) {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>WHOOP → Notion Sync</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:4rem auto;max-width:32rem;\
         text-align:center;color:#222}}@media(prefers-color-scheme:dark){{body{{background:#111;color:#eee}}}}</style>\
         </head><body><h1>WHOOP → Notion Sync</h1><p>{message}</p></body></html>"
    );
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

fn code_from_query(url: &Url, expected_state: &str) -> Result<String, WhoopError> {
    let get = |key: &str| {
        url.query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    };
    if let Some(error) = get("error") {
        let description = get("error_description").unwrap_or_default();
        return Err(WhoopError::AuthorizationDenied(
            format!("{error} {description}").trim().to_string(),
        ));
    }
    if get("state").as_deref() != Some(expected_state) {
        return Err(WhoopError::StateMismatch);
    }
    get("code")
        .filter(|c| !c.is_empty())
        .ok_or_else(|| WhoopError::AuthorizationDenied("the answer carried no code".into()))
}

/// The code from an address-bar URL the user pasted back (for non-loopback redirect URIs).
pub fn parse_redirect(pasted: &str, expected_state: &str) -> Result<String, WhoopError> {
    let url = Url::parse(pasted.trim()).map_err(|_| {
        WhoopError::InvalidRedirectUri(
            "that is not a URL; paste the whole address from the browser's address bar".into(),
        )
    })?;
    code_from_query(&url, expected_state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_uris_are_listened_for_and_others_pasted() {
        assert_eq!(
            RedirectKind::of("http://localhost:8765/callback").unwrap(),
            RedirectKind::Loopback {
                port: 8765,
                path: "/callback".into()
            }
        );
        assert!(matches!(
            RedirectKind::of("http://127.0.0.1:9/cb").unwrap(),
            RedirectKind::Loopback { port: 9, .. }
        ));
        assert_eq!(
            RedirectKind::of("https://localhost:8765/callback").unwrap(),
            RedirectKind::Paste
        );
        assert_eq!(
            RedirectKind::of("https://example.com/cb").unwrap(),
            RedirectKind::Paste
        );
        assert!(RedirectKind::of("http://localhost/callback").is_err());
        assert!(RedirectKind::of("not a uri").is_err());
    }

    #[test]
    fn pasted_urls_are_checked_against_the_state() {
        let ok = parse_redirect("https://localhost:8765/cb?code=abc&state=S1", "S1").unwrap();
        assert_eq!(ok, "abc");
        let err = parse_redirect("https://localhost:8765/cb?code=abc&state=S2", "S1").unwrap_err();
        assert!(matches!(err, WhoopError::StateMismatch), "{err:?}");
        let err = parse_redirect("https://x/cb?error=access_denied&state=S1", "S1").unwrap_err();
        assert!(matches!(err, WhoopError::AuthorizationDenied(_)), "{err:?}");
    }

    #[tokio::test]
    async fn listener_answers_the_browser_and_returns_the_code() {
        let port = free_port();
        let uri = format!("http://127.0.0.1:{port}/callback");
        let callback = LoopbackCallback::bind(&uri).await.unwrap();
        let waiter =
            tokio::spawn(async move { callback.wait("STATE", Duration::from_secs(10)).await });
        let client = reqwest::Client::new();
        let favicon = client
            .get(format!("http://127.0.0.1:{port}/favicon.ico"))
            .send()
            .await
            .unwrap();
        assert_eq!(favicon.status(), 404);
        let page = client
            .get(format!("{uri}?code=the-code&state=STATE"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("close this tab"));
        assert_eq!(waiter.await.unwrap().unwrap(), "the-code");
    }

    #[tokio::test]
    async fn listener_times_out_with_a_clear_error() {
        let uri = format!("http://127.0.0.1:{}/cb", free_port());
        let callback = LoopbackCallback::bind(&uri).await.unwrap();
        let err = callback
            .wait("S", Duration::from_millis(200))
            .await
            .unwrap_err();
        assert!(matches!(err, WhoopError::CallbackTimeout(_)), "{err:?}");
    }

    fn free_port() -> u16 {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    }
}
