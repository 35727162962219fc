//! The window side: one connection, calls matched to replies by id, events in order.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use std::io::ErrorKind;
use sync_vocabulary::ErrorCode;

use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};

use crate::address::HostAddress;
use crate::proof::{self, Role};
use crate::protocol::{encode, read_line, Announce, Event, Reply, ToHost, ToWindow, MAX_LINE};

type Pending = Arc<Mutex<HashMap<u64, oneshot::Sender<Reply>>>>;

/// Calls into the host. Cheap to clone; every clone shares the one connection.
#[derive(Clone)]
pub struct Link {
    lines: mpsc::UnboundedSender<Vec<u8>>,
    pending: Pending,
    next_id: Arc<AtomicU64>,
    closed: Arc<AtomicBool>,
    host: Option<Arc<Announce>>,
}

/// The host's events, in order; `None` once the host has gone away.
pub struct LinkEvents(mpsc::UnboundedReceiver<Event>);

impl LinkEvents {
    pub async fn next(&mut self) -> Option<Event> {
        self.0.recv().await
    }
}

fn gone() -> Reply {
    Reply::Err(json!({
        "code": ErrorCode::Internal,
        "message": "The background app stopped. Start WHOOP → Notion Sync again.",
    }))
}

/// How a window says hello.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hello {
    /// With a challenge: the host must prove it knows the token before the window proves it
    /// does, and the token itself never crosses.
    Challenge,
    /// With the token, as windows from before the two-way proof did.
    Token,
}

type Handshaken = (
    BufReader<OwnedReadHalf>,
    OwnedWriteHalf,
    Option<Arc<Announce>>,
);

/// Connects and says hello; done when the host welcomed this window. `ConnectionAborted`: the
/// host hung up without a word.
async fn handshake(
    address: &HostAddress,
    window: Option<&Announce>,
    hello: Hello,
) -> std::io::Result<Handshaken> {
    let stream = tokio::time::timeout(WELCOME_WAIT, TcpStream::connect(address.addr))
        .await
        .map_err(|_| refused("the host did not answer"))??;
    let _ = stream.set_nodelay(true);
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let ours = proof::challenge();
    write
        .write_all(&encode(&ToHost::Hello {
            token: (hello == Hello::Token).then(|| address.token.clone()),
            window: window.cloned(),
            challenge: (hello == Hello::Challenge).then(|| ours.clone()),
        }))
        .await?;
    let mut answer = next_message(&mut reader).await?;
    if hello == Hello::Challenge {
        let Ok(ToWindow::Challenge { proof, challenge }) = answer else {
            return Err(refused("not our host: it didn't answer the challenge"));
        };
        let expected = proof::answer(&address.token, Role::Host, &ours, &challenge);
        if !proof::same(&proof, &expected) {
            return Err(refused("not our host: it doesn't know the token"));
        }
        let proof = proof::answer(&address.token, Role::Window, &challenge, &ours);
        write.write_all(&encode(&ToHost::Proof { proof })).await?;
        answer = next_message(&mut reader).await?;
    }
    match answer {
        Ok(ToWindow::Welcome { host }) => Ok((reader, write, host.map(Arc::new))),
        _ => Err(refused("not our host, or it refused this window")),
    }
}

/// The host's next message during the hello; the host hanging up is `ConnectionAborted`.
async fn next_message(
    reader: &mut BufReader<OwnedReadHalf>,
) -> std::io::Result<Result<ToWindow, serde_json::Error>> {
    let line = tokio::time::timeout(WELCOME_WAIT, read_line(reader, MAX_LINE))
        .await
        .map_err(|_| refused("the host did not welcome us"))?;
    match line {
        Ok(Some(line)) => Ok(serde_json::from_str(&line)),
        Ok(None) => Err(std::io::Error::new(
            ErrorKind::ConnectionAborted,
            "the host hung up without a word",
        )),
        Err(e) if e.kind() == ErrorKind::ConnectionReset => Err(std::io::Error::new(
            ErrorKind::ConnectionAborted,
            "the host hung up without a word",
        )),
        Err(e) => Err(e),
    }
}

/// How long a host has to welcome a window; anything slower is not our host.
const WELCOME_WAIT: Duration = Duration::from_secs(3);

fn refused(why: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::ConnectionRefused, why.to_string())
}

/// Connects, introduces itself with the token and waits to be welcomed, so a stale address
/// file (a port now used by something else) fails here instead of leaving calls hanging.
/// Whether the host it reached is one to use is [`reach`](crate::reach)'s to decide.
pub async fn connect(address: &HostAddress) -> std::io::Result<(Link, LinkEvents)> {
    connect_as(address, Some(&Announce::this_build())).await
}

/// [`connect`] as a window that says it is `window` (`None`: one from before versioned
/// hellos), for tests of other versions.
pub async fn connect_as(
    address: &HostAddress,
    window: Option<&Announce>,
) -> std::io::Result<(Link, LinkEvents)> {
    let (mut reader, mut write, host) = match handshake(address, window, Hello::Challenge).await {
        // A host from before the two-way proof hangs up on a hello without the token. The
        // token goes to it only when that process is the tray host program.
        Err(e)
            if e.kind() == ErrorKind::ConnectionAborted
                && crate::programs::runs_tray_host(address.pid) =>
        {
            log::info!("the tray host predates the two-way proof: saying the token to it");
            handshake(address, window, Hello::Token).await?
        }
        done => done?,
    };

    let (lines, mut to_send) = mpsc::unbounded_channel::<Vec<u8>>();
    tokio::spawn(async move {
        while let Some(line) = to_send.recv().await {
            if write.write_all(&line).await.is_err() {
                break;
            }
        }
    });

    let pending: Pending = Arc::default();
    let (events, events_rx) = mpsc::unbounded_channel();
    let waiting = pending.clone();
    let closed = Arc::new(AtomicBool::new(false));
    let reader_closed = closed.clone();
    tokio::spawn(async move {
        while let Ok(Some(line)) = read_line(&mut reader, MAX_LINE).await {
            match serde_json::from_str::<ToWindow>(&line) {
                Ok(ToWindow::Reply { id, reply }) => {
                    let sender = waiting
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .remove(&id);
                    if let Some(sender) = sender {
                        let _ = sender.send(reply);
                    }
                }
                Ok(ToWindow::Event(event)) => {
                    let _ = events.send(event);
                }
                Ok(ToWindow::Welcome { .. } | ToWindow::Challenge { .. }) => {}
                Err(e) => log::warn!("the host sent something unreadable: {e}"),
            }
        }
        // The host is gone (or refused the token): nobody will answer what is waiting. Marked
        // first, so a call racing this either is drained here or sees the mark.
        reader_closed.store(true, Ordering::SeqCst);
        for (_, sender) in waiting.lock().unwrap_or_else(|p| p.into_inner()).drain() {
            let _ = sender.send(gone());
        }
    });
    Ok((
        Link {
            lines,
            pending,
            next_id: Arc::default(),
            closed,
            host,
        },
        LinkEvents(events_rx),
    ))
}

impl Link {
    /// What the host said it is when it welcomed this window; `None` for a host from before
    /// versioned hellos.
    pub fn host(&self) -> Option<&Announce> {
        self.host.as_deref()
    }

    /// Asks the host to finish the sync it is running, then quit (a newer window replaces
    /// it). Sent even if this link is dropped right after. A host from before versioned
    /// hellos skips it: see [`reach`](crate::reach) for how those are stopped.
    pub fn quit_when_idle(&self) {
        let _ = self.lines.send(encode(&ToHost::QuitWhenIdle));
    }

    pub async fn call(&self, cmd: &str, args: Value) -> Reply {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let (tx, rx) = oneshot::channel();
        self.pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, tx);
        let line = encode(&ToHost::Call {
            id,
            cmd: cmd.into(),
            args,
        });
        if self.closed.load(Ordering::SeqCst) || self.lines.send(line).is_err() {
            self.pending
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&id);
            return gone();
        }
        rx.await.unwrap_or_else(|_| gone())
    }
}
