//! The local SQLite record of sync runs and per-day outcomes — and nothing else.
//!
//! Both the tray app and a cron job may write at once, so the database runs in WAL mode with
//! a 5 s busy timeout. Times are passed in by callers; nothing here reads the clock. There is
//! no column for secrets: only what was written to Notion and why.

mod codec;
mod error;
mod read;
mod schema;
mod write;

pub use error::HistoryError;
pub use schema::SCHEMA_VERSION;
pub use sync_vocabulary::history::{
    ActionCounts, DayAction, DayRecord, RunId, RunOutcome, RunStatus, RunSummary, WorkoutRecord,
};
pub use sync_vocabulary::Trigger;

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
    ///
    /// A file that can't be a history (not SQLite, damaged, another program's, a schema
    /// edited by hand) is moved aside, never deleted or written to, and the error says where
    /// ([`HistoryError::MovedAside`]); the next open starts a new history, so a damaged file
    /// never fails every sync.
    pub fn open(path: &Path) -> Result<History> {
        let first = match Self::open_as_is(path) {
            Err(e) if e.set_aside() => e,
            opened => return opened,
        };
        // Another process may have replaced it meanwhile: look again before moving anything.
        match Self::open_as_is(path) {
            Err(e) if e.set_aside() => {}
            opened => return opened,
        }
        match Self::set_aside_damaged(path, first) {
            // Someone else set it aside first: theirs is the message; ours opens afresh.
            HistoryError::MovedAside { moved_to, .. } if moved_to.is_empty() => {
                Self::open_as_is(path)
            }
            e => Err(e),
        }
    }

    /// After `error` from a history that opened (a row damaged on disk or edited by hand,
    /// found only when read), with every connection to it closed: a damaged file is moved
    /// aside like one found at [`History::open`], so the next open starts afresh instead of
    /// the same read failing for ever. Other errors come back as they were.
    pub fn set_aside_damaged(path: &Path, error: HistoryError) -> HistoryError {
        let detail = match &error {
            HistoryError::NotADatabase { detail, .. } | HistoryError::Corrupt { detail, .. } => {
                detail.clone()
            }
            _ => return error,
        };
        let location = path.display().to_string();
        match private_fs::set_aside(path, &["-wal", "-shm"]) {
            Ok(moved) => HistoryError::MovedAside {
                path: location,
                moved_to: moved.map(|m| m.display().to_string()).unwrap_or_default(),
                detail,
            },
            Err(source) => HistoryError::Io {
                path: location,
                source,
            },
        }
    }

    fn open_as_is(path: &Path) -> Result<History> {
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
        writable_format(path).map_err(|detail| HistoryError::Corrupt {
            path: location.clone(),
            detail,
        })?;
        let conn = Connection::open(path).map_err(|e| error::classify(&location, e))?;
        // Damage that reads don't meet can still fail the first write, and then every sync:
        // SQLite's structural check finds it here, where the file is moved aside. A history is
        // small (a year is about 2 MB): this costs milliseconds.
        match conn.query_row("PRAGMA quick_check(1)", [], |row| row.get::<_, String>(0)) {
            Ok(verdict) if verdict == "ok" => {}
            Ok(verdict) => {
                return Err(HistoryError::Corrupt {
                    path: location,
                    detail: format!("SQLite's check found damage: {verdict}"),
                })
            }
            Err(e) => return Err(error::damage_at_open(error::classify(&location, e))),
        }
        Self::prepare(conn, location, true).map_err(error::damage_at_open)
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

/// SQLite opens a file whose header asks for a newer write format (byte 18 above 2) read-only,
/// so every write would fail; no SQLite makes such files, so it is damage. A file shorter
/// than the header is new (empty) or not SQLite, which opening finds out.
fn writable_format(path: &Path) -> Result<(), String> {
    use std::io::Read;
    let mut header = [0u8; 100];
    let Ok(mut file) = std::fs::File::open(path) else {
        return Ok(());
    };
    if file.read_exact(&mut header).is_err() || !header.starts_with(b"SQLite format 3\0") {
        return Ok(());
    }
    match header[18] {
        1 | 2 => Ok(()),
        v => Err(format!(
            "its header asks for SQLite write format {v}, which no SQLite makes"
        )),
    }
}
