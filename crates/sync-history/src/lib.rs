//! The local SQLite record of sync runs and per-day outcomes — and nothing else.
//!
//! Both the tray app and a cron job may write at once, so the database runs in WAL mode with
//! a 5 s busy timeout. Times are passed in by callers; nothing here reads the clock. There is
//! no column for secrets: only what was written to Notion and why.

mod codec;
mod error;
mod read;
mod schema;
mod types;
mod write;

pub use error::HistoryError;
pub use schema::SCHEMA_VERSION;
pub use types::{
    ActionCounts, DayAction, DayRecord, RunId, RunOutcome, RunStatus, RunSummary, Trigger,
};

use std::path::Path;

use rusqlite::Connection;

pub type Result<T, E = HistoryError> = std::result::Result<T, E>;

/// An open history database. Blocking (SQLite): call it off the async executor. One per
/// thread; open the same file again for another thread or process.
#[derive(Debug)]
pub struct History {
    conn: Connection,
    /// For error messages: the file path, or ":memory:".
    location: String,
}

impl History {
    /// Opens (creating the file, its folder and the schema if needed) and migrates forward.
    ///
    /// The history is health data: the file is made private (0600) before SQLite opens it,
    /// and SQLite gives its `-wal` and `-shm` files the main file's permissions. A file an
    /// older version left readable by others is narrowed, side files included.
    pub fn open(path: &Path) -> Result<History> {
        let location = path.display().to_string();
        let io = |source| HistoryError::Io {
            path: location.clone(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            private_fs::create_dir_all(dir).map_err(io)?;
        }
        private_fs::ensure_file(path).map_err(io)?;
        for side in ["-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(side);
            private_fs::tighten(Path::new(&name)).map_err(io)?;
        }
        let conn = Connection::open(path).map_err(|e| error::classify(&location, e))?;
        Self::prepare(conn, location, true)
    }

    /// A private database that disappears when dropped (tests, dry runs).
    pub fn open_in_memory() -> Result<History> {
        let location = ":memory:".to_owned();
        let conn = Connection::open_in_memory().map_err(|e| error::classify(&location, e))?;
        Self::prepare(conn, location, false)
    }

    fn prepare(mut conn: Connection, location: String, on_disk: bool) -> Result<History> {
        schema::prepare(&mut conn, on_disk).map_err(|e| e.at(&location))?;
        Ok(History { conn, location })
    }

    fn err(&self, e: rusqlite::Error) -> HistoryError {
        error::classify(&self.location, e)
    }
}
