//! What started a run: the history keeps it, the CLI and the window show it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What started a run. Stored as its `as_str()` text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    Manual,
    Schedule,
    Wake,
    Backfill,
    Startup,
    Cli,
    Daemon,
}

impl Trigger {
    pub const ALL: [Trigger; 7] = [
        Trigger::Manual,
        Trigger::Schedule,
        Trigger::Wake,
        Trigger::Backfill,
        Trigger::Startup,
        Trigger::Cli,
        Trigger::Daemon,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Manual => "manual",
            Trigger::Schedule => "schedule",
            Trigger::Wake => "wake",
            Trigger::Backfill => "backfill",
            Trigger::Startup => "startup",
            Trigger::Cli => "cli",
            Trigger::Daemon => "daemon",
        }
    }

    /// The inverse of [`Trigger::as_str`].
    pub fn parse(text: &str) -> Option<Trigger> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
