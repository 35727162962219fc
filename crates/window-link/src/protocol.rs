//! What travels on the link, one JSON object per line.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt};

/// Longest line either side accepts; a history page is a few hundred kB at most.
pub(crate) const MAX_LINE: usize = 8 * 1024 * 1024;

/// A message as one line.
pub(crate) fn encode(message: &impl Serialize) -> Vec<u8> {
    let mut line = serde_json::to_vec(message).expect("messages serialize");
    line.push(b'\n');
    line
}

/// One message of at most `max` bytes; `None` at the end of the stream. Longer lines are
/// refused once `max` bytes were read, never buffered whole.
pub(crate) async fn read_line<R: tokio::io::AsyncBufRead + Unpin>(
    reader: &mut R,
    max: usize,
) -> std::io::Result<Option<String>> {
    let mut buf = Vec::new();
    let n = reader
        .take(max as u64 + 1)
        .read_until(b'\n', &mut buf)
        .await?;
    if n == 0 {
        return Ok(None);
    }
    if buf.len() > max || buf.last() != Some(&b'\n') {
        // Over the limit, or the stream ended inside a line: either way not a message.
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            if buf.len() > max {
                "line too long"
            } else {
                "the stream ended inside a line"
            },
        ));
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// [`read_line`] for a side that may stay quiet for hours between messages but must not hold
/// a connection with half a message: waiting for a line to begin has no limit, finishing one
/// that has begun has `finish`.
pub(crate) async fn read_line_once_begun<R: tokio::io::AsyncBufRead + Unpin>(
    reader: &mut R,
    max: usize,
    finish: std::time::Duration,
) -> std::io::Result<Option<String>> {
    if reader.fill_buf().await?.is_empty() {
        return Ok(None);
    }
    tokio::time::timeout(finish, read_line(reader, max))
        .await
        .map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "a line was begun and not finished in time",
            )
        })?
}

/// The link's protocol version. Raise it whenever a window of this build may send something
/// a host of the previous protocol doesn't understand (a new command, argument or link
/// message) or relies on something it doesn't do; see docs/ARCHITECTURE.md ("Upgrades").
/// A host from before versioned hellos counts as protocol 0. 2: the `trends`,
/// `forget_everything` and `diagnostics` commands. 3: `export_history` (and the `workouts_*`
/// commands, which came without a raise).
pub const PROTOCOL: u32 = 3;

/// The oldest window protocol a host of this build still serves in full: raise it only when a
/// command or event an older window uses is removed or changed incompatibly.
pub const OLDEST_WINDOW: u32 = 1;

/// This build's program version (both programs are built from this workspace).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What each side says of itself: in the window's hello and in the host's welcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announce {
    /// The link protocol this side speaks ([`PROTOCOL`]).
    pub protocol: u32,
    /// A host: the oldest window protocol it still serves ([`OLDEST_WINDOW`]).
    pub oldest_window: u32,
    /// The program's version, for the log and to tell an upgrade from a downgrade.
    pub version: String,
}

impl Announce {
    /// This build's.
    pub fn this_build() -> Announce {
        Announce {
            protocol: PROTOCOL,
            oldest_window: OLDEST_WINDOW,
            version: VERSION.into(),
        }
    }
}

impl std::fmt::Display for Announce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (link protocol {})", self.version, self.protocol)
    }
}

// Every field added to a message is optional and skipped when absent, and each side ignores
// fields and skips messages it doesn't know: a window and a host of different versions can
// always get as far as the hello and the welcome, and so learn each other's version.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum ToHost {
    Hello {
        /// The token said outright, by windows from before the two-way proof (and by this
        /// build only to a host from before it, checked to be the tray host program).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        token: Option<String>,
        /// Absent from windows before versioned hellos.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        window: Option<Announce>,
        /// The window's challenge: the host proves it knows the token by answering it
        /// ([`ToWindow::Challenge`]), before the window says anything more.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        challenge: Option<String>,
    },
    /// The window's answer to the host's challenge: it knows the token too.
    Proof {
        proof: String,
    },
    Call {
        id: u64,
        cmd: String,
        args: Value,
    },
    /// A newer window replaces this host: finish the sync that is running, then quit. Hosts
    /// before versioned hellos don't know it (the window stops those another way).
    QuitWhenIdle,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum ToWindow {
    /// The host's answer to the window's challenge, and its own challenge to the window.
    Challenge {
        proof: String,
        challenge: String,
    },
    /// The token was right: this is our host, and it is listening. Hosts before versioned
    /// hellos welcome without saying what they are.
    Welcome {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        host: Option<Announce>,
    },
    Reply {
        id: u64,
        reply: Reply,
    },
    Event(Event),
}

/// A command's answer: its result, or the `{code, message}` error the UI acts on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    Ok(Value),
    Err(Value),
}

/// Something the host tells every window: a new overview, backfill progress, "come forward".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub name: String,
    pub payload: Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The messages as the link spoke them before versioned hellos.
    #[derive(Debug, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum OldToHost {
        Hello {
            token: String,
        },
        #[allow(dead_code)]
        Call {
            id: u64,
            cmd: String,
            args: Value,
        },
    }

    #[derive(Debug, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum OldToWindow {
        Welcome,
    }

    #[test]
    fn versioned_hellos_and_welcomes_are_read_by_both_old_and_new_sides() {
        // The hello this build sends an old host (checked to be the tray host program): old
        // hosts read it. The one it sends otherwise carries no token: an old host refuses it.
        let hello = encode(&ToHost::Hello {
            token: Some("t".into()),
            window: Some(Announce::this_build()),
            challenge: None,
        });
        let old: OldToHost = serde_json::from_slice(&hello).unwrap();
        assert!(matches!(old, OldToHost::Hello { token } if token == "t"));
        let challenging = encode(&ToHost::Hello {
            token: None,
            window: Some(Announce::this_build()),
            challenge: Some("c".into()),
        });
        assert!(serde_json::from_slice::<OldToHost>(&challenging).is_err());
        assert!(!String::from_utf8(challenging).unwrap().contains("token"));
        let welcome = encode(&ToWindow::Welcome {
            host: Some(Announce::this_build()),
        });
        let old: OldToWindow = serde_json::from_slice(&welcome).unwrap();
        assert!(matches!(old, OldToWindow::Welcome));
        let new: ToWindow = serde_json::from_slice(&welcome).unwrap();
        assert!(matches!(new, ToWindow::Welcome { host: Some(a) } if a == Announce::this_build()));

        // What an old host and an old window send.
        let new: ToWindow = serde_json::from_str(r#"{"type":"welcome"}"#).unwrap();
        assert!(matches!(new, ToWindow::Welcome { host: None }));
        let new: ToHost = serde_json::from_str(r#"{"type":"hello","token":"t"}"#).unwrap();
        assert!(matches!(
            new,
            ToHost::Hello { window: None, token: Some(t), challenge: None } if t == "t"
        ));
        // And an old side reading the new message is an unreadable line it skips, no more.
        let quit = encode(&ToHost::QuitWhenIdle);
        assert!(serde_json::from_slice::<OldToHost>(&quit).is_err());
        assert_eq!(
            String::from_utf8(encode(&ToWindow::Welcome { host: None })).unwrap(),
            "{\"type\":\"welcome\"}\n"
        );
    }
}
