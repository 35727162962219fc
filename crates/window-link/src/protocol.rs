//! What travels on the link, one JSON object per line.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Longest line either side accepts; a history page is a few hundred kB at most.
pub(crate) const MAX_LINE: usize = 8 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum ToHost {
    Hello { token: String },
    Call { id: u64, cmd: String, args: Value },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum ToWindow {
    /// The token was right: this is our host, and it is listening.
    Welcome,
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
