//! The host side: accepts windows that know the token, answers their calls through a
//! [`Handler`], and sends every event to every window.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{broadcast, mpsc, watch};

use crate::protocol::{encode, read_line, Announce, Event, Reply, ToHost, ToWindow};

/// How long a new connection has to say the token.
const HELLO_WAIT: Duration = Duration::from_secs(5);

#[async_trait::async_trait]
pub trait Handler: Send + Sync + 'static {
    async fn call(&self, cmd: String, args: Value) -> Reply;
}

/// The host's side of every open window: events go to all of them.
#[derive(Clone)]
pub struct Host {
    events: broadcast::Sender<Event>,
    windows: Arc<AtomicUsize>,
    announce: Option<Arc<Announce>>,
    quit: Arc<watch::Sender<bool>>,
}

/// A host of this build.
impl Default for Host {
    fn default() -> Self {
        Host::announcing(Some(Announce::this_build()))
    }
}

impl Host {
    /// A host that says it is `announce`, for tests of other versions. `None` is a host from
    /// before versioned hellos: it welcomes without saying what it is and doesn't understand
    /// "quit when idle".
    pub fn announcing(announce: Option<Announce>) -> Host {
        Host {
            events: broadcast::channel(64).0,
            windows: Arc::default(),
            announce: announce.map(Arc::new),
            quit: Arc::new(watch::channel(false).0),
        }
    }

    /// Resolves once a (newer) window asked this host to quit when idle: the host finishes
    /// what it is doing, then quits, and that window starts its own version.
    pub async fn quit_requested(&self) {
        let mut asked = self.quit.subscribe();
        let _ = asked.wait_for(|asked| *asked).await;
    }

    pub fn emit(&self, name: &str, payload: Value) {
        // No window open is the usual case, not an error.
        let _ = self.events.send(Event {
            name: name.into(),
            payload,
        });
    }

    /// Windows connected right now.
    pub fn windows(&self) -> usize {
        self.windows.load(Ordering::SeqCst)
    }
}

/// Serves windows until the listener fails; each connection runs on its own task.
pub async fn serve(listener: TcpListener, token: String, handler: Arc<dyn Handler>, host: Host) {
    let token = Arc::new(token);
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                let (token, handler, host) = (token.clone(), handler.clone(), host.clone());
                tokio::spawn(async move {
                    if let Err(e) = connection(stream, &token, handler, host).await {
                        log::debug!("a window's connection ended: {e}");
                    }
                });
            }
            Err(e) => {
                log::warn!("the window link stopped accepting: {e}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
}

/// Counts a window while its connection lives.
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn same_token(given: &str, expected: &str) -> bool {
    // Constant time over the expected length, so timing says nothing about the token.
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

async fn connection(
    stream: TcpStream,
    token: &str,
    handler: Arc<dyn Handler>,
    host: Host,
) -> std::io::Result<()> {
    let _ = stream.set_nodelay(true);
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let hello = tokio::time::timeout(HELLO_WAIT, read_line(&mut reader))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "no hello"))??;
    match hello.as_deref().map(serde_json::from_str::<ToHost>) {
        Some(Ok(ToHost::Hello {
            token: given,
            window,
        })) if same_token(&given, token) => match window {
            Some(window) => log::debug!("a window of version {window} connected"),
            None => log::debug!("a window from before versioned hellos connected"),
        },
        _ => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "a connection without the token",
            ))
        }
    }
    host.windows.fetch_add(1, Ordering::SeqCst);
    let _counted = Counted(host.windows.clone());

    let (replies, mut outgoing) = mpsc::unbounded_channel::<ToWindow>();
    let _ = replies.send(ToWindow::Welcome {
        host: host.announce.as_deref().cloned(),
    });
    let mut events = host.events.subscribe();
    let writer = tokio::spawn(async move {
        loop {
            let message = tokio::select! {
                m = outgoing.recv() => match m { Some(m) => m, None => break },
                e = events.recv() => match e {
                    Ok(event) => ToWindow::Event(event),
                    // A slow window misses old events; the next overview replaces them.
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => break,
                },
            };
            if write.write_all(&encode(&message)).await.is_err() {
                break;
            }
        }
    });

    while let Some(line) = read_line(&mut reader).await? {
        match serde_json::from_str::<ToHost>(&line) {
            Ok(ToHost::Call { id, cmd, args }) => {
                let (handler, replies) = (handler.clone(), replies.clone());
                tokio::spawn(async move {
                    let reply = handler.call(cmd, args).await;
                    let _ = replies.send(ToWindow::Reply { id, reply });
                });
            }
            Ok(ToHost::Hello { .. }) => {}
            Ok(ToHost::QuitWhenIdle) if host.announce.is_some() => {
                log::info!("a newer window asked this host to make way for it when idle");
                host.quit.send_replace(true);
            }
            // What a host from before versioned hellos does with it.
            Ok(ToHost::QuitWhenIdle) => log::warn!("a window sent something unreadable"),
            Err(e) => log::warn!("a window sent something unreadable: {e}"),
        }
    }
    writer.abort();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::same_token;

    #[test]
    fn tokens_must_match_exactly() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abd", "abc"));
        assert!(!same_token("ab", "abc"));
        assert!(!same_token("", "abc"));
    }
}
