use std::io;

use rusqlite::ErrorCode;
use sync_vocabulary::{ErrorCode as Code, SyncError};

/// Why the history could not be read or written. Messages say what to do; callers match on
/// the variants (`From` below gives each its `ErrorCode`).
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(
        "{path} is not a sync history database ({detail}); move it aside and the app will \
         start a new history there"
    )]
    NotADatabase { path: String, detail: String },
    #[error(
        "{path} was written by a newer version of WHOOP → Notion Sync (history schema v{found}, \
         this version understands up to v{supported}); update the app, or move the file aside \
         to start a new history"
    )]
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error(
        "the history database {path} stayed busy for more than 5 s ({detail}); another sync \
         is probably writing to it, so try again in a moment"
    )]
    Busy { path: String, detail: String },
    #[error(
        "the history database {path} is damaged ({detail}); move it aside and the app will \
         start a new history there"
    )]
    Corrupt { path: String, detail: String },
    /// The file was not a readable history (see [`HistoryError::set_aside`]): it was renamed
    /// beside itself, and the next open starts a new history.
    #[error(
        "the history database {path} could not be read ({detail}), so it was moved to \
         {moved_to}; a new history starts with the next sync"
    )]
    MovedAside {
        path: String,
        moved_to: String,
        detail: String,
    },
    #[error("run {0} is not in the history (was the history file replaced during the run?)")]
    UnknownRun(i64),
    #[error("could not create the folder for the history database {path}: {source}; check its permissions")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error(
        "history database error on {path}: {source}; check free disk space and that you can \
         write to the file"
    )]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
}

impl HistoryError {
    /// A file no history can be made of: not SQLite, damaged, or another program's or a
    /// hand-edited schema. Busy, too new (a newer version's, which it still reads), and disk
    /// or permission trouble are not: setting those aside would lose a good history.
    pub(crate) fn set_aside(&self) -> bool {
        matches!(
            self,
            HistoryError::NotADatabase { .. } | HistoryError::Corrupt { .. }
        )
    }
}

/// Schema checks happen before the location is known to them; `at` fills it in.
#[derive(Debug)]
pub(crate) enum SchemaError {
    Sql(rusqlite::Error),
    Foreign(String),
    /// SQLite's own check found damaged pages.
    Damaged(String),
    TooNew {
        found: i64,
        supported: i64,
    },
}

impl From<rusqlite::Error> for SchemaError {
    fn from(e: rusqlite::Error) -> Self {
        SchemaError::Sql(e)
    }
}

impl SchemaError {
    pub(crate) fn at(self, location: &str) -> HistoryError {
        match self {
            SchemaError::Sql(e) => classify(location, e),
            SchemaError::Foreign(detail) => HistoryError::NotADatabase {
                path: location.to_owned(),
                detail,
            },
            SchemaError::Damaged(detail) => HistoryError::Corrupt {
                path: location.to_owned(),
                detail,
            },
            SchemaError::TooNew { found, supported } => HistoryError::TooNew {
                path: location.to_owned(),
                found,
                supported,
            },
        }
    }
}

/// Turns SQLite's codes into errors that say what happened to the file.
/// While a file on disk is opened and its schema checked, SQLite's generic error ("unsupported
/// file format", "table runs already exists": a damaged header or catalogue) means the file
/// can't be a working history: damage, to be moved aside. Busy, full or unreadable disks keep
/// their own errors, so a healthy history is never moved for them.
pub(crate) fn damage_at_open(e: HistoryError) -> HistoryError {
    match e {
        HistoryError::Sqlite { path, source }
            if matches!(
                &source,
                rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::Unknown
            ) || matches!(&source, rusqlite::Error::SqlInputError { .. }) =>
        {
            HistoryError::Corrupt {
                path,
                detail: source.to_string(),
            }
        }
        other => other,
    }
}

pub(crate) fn classify(location: &str, e: rusqlite::Error) -> HistoryError {
    let path = location.to_owned();
    match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            ErrorCode::NotADatabase => HistoryError::NotADatabase {
                path,
                detail: e.to_string(),
            },
            ErrorCode::DatabaseCorrupt => HistoryError::Corrupt {
                path,
                detail: e.to_string(),
            },
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => HistoryError::Busy {
                path,
                detail: format!("{e} (code {})", f.extended_code),
            },
            _ => HistoryError::Sqlite { path, source: e },
        },
        // A row we wrote can't be decoded: the file was edited or damaged.
        rusqlite::Error::FromSqlConversionFailure(..)
        | rusqlite::Error::InvalidColumnType(..)
        | rusqlite::Error::IntegralValueOutOfRange(..) => HistoryError::Corrupt {
            path,
            detail: e.to_string(),
        },
        _ => HistoryError::Sqlite { path, source: e },
    }
}

/// The code each error is known by on every surface (the CLI, the window, the history).
impl From<HistoryError> for SyncError {
    fn from(e: HistoryError) -> Self {
        let code = match &e {
            // Another sync is writing to it: that passes by itself.
            HistoryError::Busy { .. } => Code::Busy,
            HistoryError::MovedAside { .. } => Code::HistoryMovedAside,
            HistoryError::NotADatabase { .. }
            | HistoryError::TooNew { .. }
            | HistoryError::Corrupt { .. }
            | HistoryError::UnknownRun(_)
            | HistoryError::Io { .. }
            | HistoryError::Sqlite { .. } => Code::History,
        };
        SyncError::new(code, e.to_string())
    }
}
