//! Receiving the authorization code: a one-shot HTTP listener on loopback for
//! `http://localhost:PORT/…` / `http://127.0.0.1:PORT/…` redirect URIs, or the address-bar URL
//! pasted back by the user for any other redirect URI.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
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

/// How long one connection has to send its request head: the browser sends it at once.
const HEAD_WAIT: Duration = Duration::from_secs(5);

/// The longest request head read; a browser's redirect is a few kB.
const MAX_HEAD: usize = 16 * 1024;

/// Connections answered at once. Any local process can connect; past this many, new ones are
/// closed at once instead of each holding a task and a buffer.
const MAX_OPEN: usize = 32;

/// What one request to the redirect path said.
enum Verdict {
    /// The answer to this sign-in: its code.
    Code(String),
    /// The answer to this sign-in, and it is a refusal (or has no code): the sign-in ends.
    Denied(WhoopError),
    /// Not the answer to this sign-in (another `state`, none, or a parameter twice): a forged,
    /// replayed or stale request. It changes nothing; the sign-in keeps waiting.
    Unexpected(WhoopError),
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

    /// Serves requests until the redirect of this sign-in arrives (other paths, like
    /// /favicon.ico, get 404), answers it with a small page and returns the code. Connections
    /// are served side by side, so one that stalls can't hold up the browser's. A request that
    /// isn't this sign-in's answer (a wrong `state`) is answered and ignored, so another
    /// local process can't end the sign-in; if nothing else came by the timeout, the error
    /// says what did come.
    pub async fn wait(self, expected_state: &str, timeout: Duration) -> Result<String, WhoopError> {
        let mut unexpected = None;
        let serve = async {
            let mut answering = JoinSet::new();
            loop {
                tokio::select! {
                    accepted = self.listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        if answering.len() < MAX_OPEN {
                            answering.spawn(handle(stream, self.path.clone(), expected_state.to_owned()));
                        }
                    }
                    Some(done) = answering.join_next() => match done {
                        Ok(Some(Verdict::Code(code))) => return Ok(code),
                        Ok(Some(Verdict::Denied(e))) => return Err(e),
                        Ok(Some(Verdict::Unexpected(e))) => unexpected = Some(e),
                        Ok(None) | Err(_) => {}
                    },
                }
            }
        };
        let result = tokio::time::timeout(timeout, serve).await;
        result.unwrap_or_else(|_| {
            Err(unexpected.unwrap_or(WhoopError::CallbackTimeout(timeout.as_secs())))
        })
    }
}

/// Answers one connection; the verdict when it was a request to the redirect path.
async fn handle(mut stream: TcpStream, path: String, expected_state: String) -> Option<Verdict> {
    let target = match tokio::time::timeout(HEAD_WAIT, read_request_target(&mut stream)).await {
        Ok(Ok(target)) => target,
        Ok(Err(status)) => {
            respond(
                &mut stream,
                status,
                "This is not a request this page answers.",
            )
            .await;
            return None;
        }
        // Too slow: not a browser.
        Err(_) => return None,
    };
    let url = match Url::parse("http://127.0.0.1/").and_then(|base| base.join(&target)) {
        Ok(url) if url.host_str() == Some("127.0.0.1") => url,
        _ => {
            respond(
                &mut stream,
                "400 Bad Request",
                "This is not a request this page answers.",
            )
            .await;
            return None;
        }
    };
    if url.path() != path {
        respond(&mut stream, "404 Not Found", "Not found").await;
        return None;
    }
    let verdict = judge(&url, &expected_state);
    let (status, page) = match &verdict {
        Verdict::Code(_) => (
            "200 OK",
            "WHOOP is connected. You can close this tab and return to WHOOP → Notion Sync.",
        ),
        Verdict::Denied(WhoopError::AuthorizationDenied(_)) => (
            "200 OK",
            "WHOOP did not authorize the app. You can close this tab and try again.",
        ),
        Verdict::Denied(_) | Verdict::Unexpected(_) => (
            "400 Bad Request",
            "This sign-in answer was not expected. Close this tab and start again.",
        ),
    };
    respond(&mut stream, status, page).await;
    Some(verdict)
}

/// Reads the request head and returns its target (`/callback?code=…`), or the status to
/// answer junk with.
async fn read_request_target(stream: &mut TcpStream) -> Result<String, &'static str> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        if head.len() >= MAX_HEAD {
            return Err("431 Request Header Fields Too Large");
        }
        let n = stream.read(&mut buf).await.map_err(|_| "400 Bad Request")?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(&head);
    let mut parts = line.lines().next().unwrap_or_default().split_whitespace();
    match (parts.next(), parts.next()) {
        (Some("GET"), Some(target)) if target.starts_with('/') => Ok(target.to_string()),
        (Some(_), Some(_)) => Err("405 Method Not Allowed"),
        _ => Err("400 Bad Request"),
    }
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

/// Whether a redirect is this sign-in's answer. The `state` is checked first, for refusals
/// too: only WHOOP (through the user's browser) knows it, so only a request carrying it,
/// once, can end the sign-in.
fn judge(url: &Url, expected_state: &str) -> Verdict {
    let all = |key: &str| -> Vec<String> {
        url.query_pairs()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
            .collect()
    };
    let (states, codes, errors) = (all("state"), all("code"), all("error"));
    let refusal = || {
        let description = all("error_description").join(" ");
        let said = format!("{} {description}", errors.join(" "))
            .trim()
            .to_string();
        // The developer app decides which scopes may be asked for: one made before the app
        // asked for workouts lacks read:workout until its owner ticks it.
        if errors.iter().any(|e| e == "invalid_scope") {
            return WhoopError::AuthorizationDenied(format!(
                "{said}. Your WHOOP developer app (developer-dashboard.whoop.com) must allow \
                 every scope this app asks for: tick {}, save, and connect again",
                crate::SCOPES.join(", ")
            ));
        }
        WhoopError::AuthorizationDenied(said)
    };
    if states.len() != 1 || states[0] != expected_state || codes.len() > 1 || errors.len() > 1 {
        return Verdict::Unexpected(if errors.is_empty() {
            WhoopError::StateMismatch
        } else {
            refusal()
        });
    }
    if !errors.is_empty() {
        return Verdict::Denied(refusal());
    }
    match codes.into_iter().next().filter(|c| !c.is_empty()) {
        Some(code) => Verdict::Code(code),
        None => Verdict::Denied(WhoopError::AuthorizationDenied(
            "the answer carried no code".into(),
        )),
    }
}

fn code_from_query(url: &Url, expected_state: &str) -> Result<String, WhoopError> {
    match judge(url, expected_state) {
        Verdict::Code(code) => Ok(code),
        Verdict::Denied(e) | Verdict::Unexpected(e) => Err(e),
    }
}

/// Whether `address` is this sign-in's answer at all (it carries its `state`, once), whatever
/// the answer is: one that isn't can't end the sign-in, so a forged app link or a stale tab
/// leaves it waiting for the real one.
pub fn is_answer_to(address: &str, expected_state: &str) -> bool {
    Url::parse(address.trim())
        .is_ok_and(|url| !matches!(judge(&url, expected_state), Verdict::Unexpected(_)))
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
        // A developer app that doesn't allow a scope the app asks for: say which to tick.
        let err = parse_redirect("https://x/cb?error=invalid_scope&state=S1", "S1").unwrap_err();
        let said = err.to_string();
        assert!(said.contains("invalid_scope"), "{said}");
        assert!(said.contains("tick offline, read:recovery"), "{said}");
        assert!(said.contains("read:workout"), "{said}");
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
