//! The host side: accepts windows that know the token, answers their calls through a
//! [`Handler`], and sends every event to every window.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use sync_vocabulary::ErrorCode;
use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{broadcast, mpsc, watch};

use crate::proof::{self, Role};
use crate::protocol::{
    encode, read_line, read_line_once_begun, Announce, Event, Reply, ToHost, ToWindow, MAX_LINE,
};

/// What a connection may cost the host. Any local process can connect, so a stranger gets
/// little (a short hello, soon), and a window that stalls mid-message or stops reading is
/// let go instead of holding a task and its buffers for ever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long a new connection has to say the token.
    pub hello_wait: Duration,
    /// The longest hello: a token and a version, a few hundred bytes.
    pub max_hello: usize,
    /// The longest call a window may send.
    pub max_line: usize,
    /// How long a window has to finish a line it began.
    pub line_wait: Duration,
    /// How long a window may leave a reply or event unread before it is let go.
    pub write_wait: Duration,
    /// Connections that haven't said the token yet, at most: past it a new one is closed at
    /// once, so strangers can't hold tasks and sockets open by the thousand.
    pub max_unproven: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            hello_wait: Duration::from_secs(5),
            max_hello: 16 * 1024,
            max_line: MAX_LINE,
            line_wait: Duration::from_secs(30),
            write_wait: Duration::from_secs(30),
            max_unproven: 16,
        }
    }
}

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
    serve_with(listener, token, handler, host, Limits::default()).await
}

/// [`serve`] with other [`Limits`] (tests use short ones).
pub async fn serve_with(
    listener: TcpListener,
    token: String,
    handler: Arc<dyn Handler>,
    host: Host,
    limits: Limits,
) {
    let token = Arc::new(token);
    let unproven = Arc::new(AtomicUsize::new(0));
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                if unproven.load(Ordering::SeqCst) >= limits.max_unproven {
                    log::debug!("too many connections without the token: one closed");
                    drop(stream);
                    continue;
                }
                unproven.fetch_add(1, Ordering::SeqCst);
                let greeting = Counted(unproven.clone());
                let (token, handler, host) = (token.clone(), handler.clone(), host.clone());
                tokio::spawn(async move {
                    let ended = connection(stream, &token, handler, host, limits, greeting).await;
                    if let Err(e) = ended {
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

/// The hello: the window proves it knows the token, by answering this host's challenge after
/// the host answered its own (a window of this build), or by saying it (a window from before
/// the two-way proof). What the window says it is, when it says.
async fn prove(
    reader: &mut BufReader<OwnedReadHalf>,
    write: &mut OwnedWriteHalf,
    token: &str,
    limits: &Limits,
) -> std::io::Result<Option<Announce>> {
    let denied = || {
        std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "a connection that didn't prove it knows the token",
        )
    };
    match next_hello_line(reader, limits).await? {
        Some(ToHost::Hello {
            token: Some(given),
            window,
            challenge: None,
        }) if proof::same(&given, token) => Ok(window),
        Some(ToHost::Hello {
            token: None,
            window,
            challenge: Some(theirs),
        }) => {
            let ours = proof::challenge();
            let challenge = ToWindow::Challenge {
                proof: proof::answer(token, Role::Host, &theirs, &ours),
                challenge: ours.clone(),
            };
            tokio::time::timeout(limits.write_wait, write.write_all(&encode(&challenge)))
                .await
                .map_err(|_| denied())??;
            let expected = proof::answer(token, Role::Window, &ours, &theirs);
            match next_hello_line(reader, limits).await? {
                Some(ToHost::Proof { proof }) if proof::same(&proof, &expected) => Ok(window),
                _ => Err(denied()),
            }
        }
        _ => Err(denied()),
    }
}

/// A line of the hello, within its wait and size; `None` if it isn't a message.
async fn next_hello_line(
    reader: &mut BufReader<OwnedReadHalf>,
    limits: &Limits,
) -> std::io::Result<Option<ToHost>> {
    let line = tokio::time::timeout(limits.hello_wait, read_line(reader, limits.max_hello))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "no hello"))??;
    Ok(line.and_then(|l| serde_json::from_str(&l).ok()))
}

async fn connection(
    stream: TcpStream,
    token: &str,
    handler: Arc<dyn Handler>,
    host: Host,
    limits: Limits,
    greeting: Counted,
) -> std::io::Result<()> {
    let _ = stream.set_nodelay(true);
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    match prove(&mut reader, &mut write, token, &limits).await? {
        Some(window) => log::debug!("a window of version {window} connected"),
        None => log::debug!("a window from before versioned hellos connected"),
    }
    // Proven: it no longer counts against the strangers' allowance.
    drop(greeting);
    host.windows.fetch_add(1, Ordering::SeqCst);
    let _counted = Counted(host.windows.clone());

    let (replies, mut outgoing) = mpsc::unbounded_channel::<ToWindow>();
    let _ = replies.send(ToWindow::Welcome {
        host: host.announce.as_deref().cloned(),
    });
    let mut events = host.events.subscribe();
    let mut writer = tokio::spawn(async move {
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
            // A window that doesn't read what it is sent is let go: its replies would pile up.
            let line = encode(&message);
            let written = tokio::time::timeout(limits.write_wait, write.write_all(&line)).await;
            if !matches!(written, Ok(Ok(()))) {
                break;
            }
        }
    });

    let result = loop {
        let line = tokio::select! {
            line = read_line_once_begun(&mut reader, limits.max_line, limits.line_wait) => line,
            // The writer gave up on this window (or it went away): so does the reader.
            _ = &mut writer => break Ok(()),
        };
        let line = match line {
            Ok(Some(line)) => line,
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        };
        match serde_json::from_str::<ToHost>(&line) {
            Ok(ToHost::Call { id, cmd, args }) => {
                let (handler, replies) = (handler.clone(), replies.clone());
                tokio::spawn(async move {
                    let reply = handler.call(cmd, args).await;
                    let _ = replies.send(ToWindow::Reply { id, reply });
                });
            }
            Ok(ToHost::Hello { .. } | ToHost::Proof { .. }) => {}
            Ok(ToHost::QuitWhenIdle) if host.announce.is_some() => {
                log::info!("a newer window asked this host to make way for it when idle");
                host.quit.send_replace(true);
            }
            // What a host from before versioned hellos does with it.
            Ok(ToHost::QuitWhenIdle) => log::warn!("a window sent something unreadable"),
            Err(e) => match unreadable(&line) {
                Unreadable::Call(id) => {
                    log::warn!("a window sent a call this host can't read: {e}");
                    let _ = replies.send(ToWindow::Reply {
                        id,
                        reply: Reply::Err(json!({
                            "code": ErrorCode::InvalidInput,
                            "message": format!("this call could not be read ({e})"),
                        })),
                    });
                }
                Unreadable::Unknown => {
                    log::warn!("a window sent a message this host doesn't know: {e}")
                }
                Unreadable::Garbage => {
                    break Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("a line that is not a message ({e})"),
                    ))
                }
            },
        }
    };
    writer.abort();
    result
}

/// What a line that isn't a message of this build is.
#[derive(Debug, PartialEq, Eq)]
enum Unreadable {
    /// A call whose id can be read: it gets an `invalid_input` reply, so its caller doesn't
    /// wait for ever.
    Call(u64),
    /// A message of a type this host doesn't know (a newer window's): skipped, as the
    /// versioning rule says.
    Unknown,
    /// Not a message at all: no window of ours sends it, so the connection ends.
    Garbage,
}

fn unreadable(line: &str) -> Unreadable {
    let Ok(Value::Object(message)) = serde_json::from_str::<Value>(line) else {
        return Unreadable::Garbage;
    };
    match (
        message.get("type"),
        message.get("id").and_then(Value::as_u64),
    ) {
        (Some(Value::String(kind)), Some(id)) if kind == "call" => Unreadable::Call(id),
        (Some(Value::String(kind)), None) if kind == "call" => Unreadable::Garbage,
        (Some(Value::String(_)), _) => Unreadable::Unknown,
        _ => Unreadable::Garbage,
    }
}
