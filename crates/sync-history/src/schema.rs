//! The schema, versioned with `PRAGMA user_version` and migrated forward on open.

use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, Transaction, TransactionBehavior};

use crate::error::SchemaError;

/// Marks the file as ours (`PRAGMA application_id`), so pointing the app at some other
/// SQLite file is refused instead of adding tables to it. ASCII "WNSH".
const APPLICATION_ID: i64 = 0x574E_5348;

/// Migration `i` takes the schema from version `i` to `i + 1`. Only ever append.
const MIGRATIONS: &[&str] = &[
    // v1
    "CREATE TABLE runs (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        trigger         TEXT NOT NULL,
        started_at      TEXT NOT NULL,
        ended_at        TEXT,
        range_start     TEXT NOT NULL,
        range_end       TEXT NOT NULL,
        dry_run         INTEGER NOT NULL,
        ok              INTEGER,
        error_code      TEXT,
        error_message   TEXT,
        requests_whoop  INTEGER NOT NULL DEFAULT 0,
        requests_notion INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX runs_by_start ON runs (started_at, id);
    CREATE TABLE run_days (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        day         TEXT NOT NULL,
        action      TEXT NOT NULL,
        reason      TEXT,
        page_id     TEXT,
        page_url    TEXT,
        error_code  TEXT,
        values_json TEXT
    );
    CREATE INDEX run_days_by_run ON run_days (run_id, id);
    CREATE INDEX run_days_by_day ON run_days (day, id);",
    // v2: what each run did with workouts, and each workout's latest values (for export).
    "ALTER TABLE runs ADD COLUMN workouts_json TEXT;
    CREATE TABLE workouts (
        whoop_id    TEXT PRIMARY KEY,
        day         TEXT NOT NULL,
        page_id     TEXT,
        values_json TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX workouts_by_day ON workouts (day, whoop_id);",
];

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a writer waits for another before reporting the database busy.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Connection settings plus schema check/migration.
pub(crate) fn prepare(conn: &mut Connection, on_disk: bool) -> Result<(), SchemaError> {
    // The tray app and a cron job write at once: wait for each other instead of failing.
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Before anything is written (switching to WAL writes the header): a file that isn't
    // ours, or is newer, is left exactly as it is.
    check(conn)?;
    if on_disk {
        enable_wal(conn)?;
        // Safe with WAL: a power cut may lose the last commit, never corrupt the file.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    conn.pragma_update(None, "foreign_keys", true)?;

    // Fast path: an up-to-date file needs no write lock, so concurrent opens don't queue.
    if check(conn)? == SCHEMA_VERSION {
        return verify(conn, on_disk);
    }
    // IMMEDIATE takes the write lock before reading the version, so two processes opening
    // a new file at once can't both run the same migration.
    let tx = Transaction::new(conn, TransactionBehavior::Immediate)?;
    let version = check(&tx)?;
    if version == 0 {
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    for migration in &MIGRATIONS[usize::try_from(version).unwrap_or(0)..] {
        tx.execute_batch(migration).map_err(|e| match e {
            // A plain SQL error here ("table runs already exists"): the file's tables don't
            // match the version it claims, so it was edited or damaged.
            rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::Unknown => {
                SchemaError::Foreign(format!(
                    "its tables don't match its schema version v{version} ({e})"
                ))
            }
            e => SchemaError::Sql(e),
        })?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    verify(conn, on_disk)
}

/// The schema this build's migrations make (each table's, index's and trigger's SQL), from
/// an empty database, once.
fn expected_schema() -> &'static [SchemaObject] {
    static SCHEMA: OnceLock<Vec<SchemaObject>> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let conn = Connection::open_in_memory().expect("an in-memory database");
        for migration in MIGRATIONS {
            conn.execute_batch(migration).expect("the migrations run");
        }
        schema(&conn).expect("its schema can be listed")
    })
}

/// (type, name, SQL) of one entry of `sqlite_master`. SQLite's own `sqlite_sequence` is
/// listed too: AUTOINCREMENT writes it on every insert, and SQLite reads its definition from
/// the file, so a changed byte there ("sqlitE_sequence(name,seq)") passes `integrity_check` yet
/// fails every write as "malformed". Automatic indexes have no SQL and are checked by
/// `quick_check` with their tables.
type SchemaObject = (String, String, Option<String>);

fn schema(conn: &Connection) -> rusqlite::Result<Vec<SchemaObject>> {
    let mut rows = conn.prepare(
        "SELECT type, name, sql FROM sqlite_master
         WHERE name NOT LIKE 'sqlite\\_autoindex\\_%' ESCAPE '\\' ORDER BY type, name",
    )?;
    let rows = rows.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// A file that says it is ours must have the schema its migrations make: a table, index or
/// trigger edited by hand or damaged on disk would make every later write fail ("no such
/// table"). Tables of its own are let be. On disk its pages must be intact too (`quick_check`): a truncated or
/// overwritten file would otherwise fail only when a sync reads the damaged part.
fn verify(conn: &Connection, on_disk: bool) -> Result<(), SchemaError> {
    let found = schema(conn)?;
    let expected = expected_schema();
    if let Some((kind, name, _)) = expected.iter().find(|object| !found.contains(object)) {
        let what = if found.iter().any(|(_, n, _)| n == name) {
            "was changed"
        } else {
            "is missing"
        };
        return Err(SchemaError::Foreign(format!(
            "its {kind} {name} {what} (edited by hand, or damaged)"
        )));
    }
    // A table of its own harms nothing; an index, trigger or view of its own runs with every
    // write, so one that doesn't parse any more would fail them all.
    if let Some((kind, name, _)) = found
        .iter()
        .find(|object| object.0 != "table" && !expected.contains(object))
    {
        return Err(SchemaError::Foreign(format!(
            "it has a {kind} {name} the history doesn't make (edited by hand, or damaged)"
        )));
    }
    if on_disk && !pages_checked(conn) {
        let verdict: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
        if verdict != "ok" {
            return Err(SchemaError::Damaged(verdict));
        }
        if let Some(path) = conn.path() {
            checked_files()
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(path.to_owned());
        }
    }
    Ok(())
}

/// Files whose pages this process has checked. `quick_check` reads the whole file, and the
/// tray host opens the history for every overview it publishes: once per process is enough,
/// as damage that comes later is found by the read that meets it (`History::set_aside_damaged`).
fn checked_files() -> &'static std::sync::Mutex<std::collections::HashSet<String>> {
    static CHECKED: OnceLock<std::sync::Mutex<std::collections::HashSet<String>>> = OnceLock::new();
    CHECKED.get_or_init(Default::default)
}

fn pages_checked(conn: &Connection) -> bool {
    conn.path().is_some_and(|path| {
        checked_files()
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(path)
    })
}

/// WAL lets readers (the UI) proceed while a sync writes. The mode is stored in the file,
/// so after the first open this is a no-op. Switching needs an exclusive lock, and SQLite
/// answers BUSY at once there instead of calling the busy handler — two processes creating
/// the file together hit that — so wait here with the same budget.
fn enable_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())) {
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == ErrorCode::DatabaseBusy && Instant::now() < deadline =>
            {
                thread::sleep(Duration::from_millis(10));
            }
            result => return result,
        }
    }
}

/// Returns the file's schema version if it is ours (or empty) and not newer than this build.
fn check(conn: &Connection) -> Result<i64, SchemaError> {
    // One statement, so one snapshot: read separately, another process's creation could
    // commit in between, and a new file would look half ours ("another program's").
    let (app_id, version, is_empty): (i64, i64, bool) = conn.query_row(
        "SELECT a.application_id, v.user_version, (SELECT COUNT(*) = 0 FROM sqlite_master)
         FROM pragma_application_id() AS a, pragma_user_version() AS v",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    if app_id != APPLICATION_ID && !(app_id == 0 && version == 0 && is_empty) {
        return Err(SchemaError::Foreign(
            "it is an SQLite database of another program".into(),
        ));
    }
    if version > SCHEMA_VERSION {
        return Err(SchemaError::TooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(version)
}
