//! Every file and folder name the app writes in a profile, in one place: what the programs
//! open, and what `reset` may remove. A name not listed here is the user's.

use std::path::{Path, PathBuf};

/// Written when the app creates a profile folder: the folder is the app's to remove once it is
/// empty, and the app's to keep private. A folder without it was there before (the user's).
pub const MARKER: &str = ".whoop-notion-sync-profile";
/// The settings.
pub const CONFIG: &str = "config.json";
/// The sync history (SQLite), with its side files.
pub const HISTORY: &str = "history.sqlite3";
/// SQLite's journal files beside a database.
pub const SQLITE_SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];
/// The opt-in file secret store, and its lock.
pub const SECRETS: &str = "secrets.json";
pub const SECRETS_LOCK: &str = "secrets.json.lock";
/// Where the running tray host listens for the window, and the lock that keeps it single.
pub const HOST_ADDRESS: &str = "tray-host.json";
pub const HOST_LOCK: &str = "tray-host.lock";
/// The folder of cross-process locks, and what is in it.
pub const LOCKS: &str = "locks";
pub const TOKEN_LOCK: &str = "whoop-token.lock";
pub const SYNC_LOCK: &str = "sync.lock";
pub const CONFIG_LOCK: &str = "config.lock";
pub const BACKGROUND_LOCK: &str = "background.lock";
/// When the background syncer last started (its restart back-off).
pub const BACKGROUND_START: &str = "background-start.json";

/// The profile's background lock: the tray host and `whoop-notion daemon` both take it and
/// write who they are into it; a window only reads it.
pub fn background_lock(profile: &Path) -> PathBuf {
    profile.join(LOCKS).join(BACKGROUND_LOCK)
}

/// The files the app writes whole through a temp file beside them (`.NAME.PID.SEQ.tmp`).
const WRITTEN_ATOMICALLY: [&str; 4] = [CONFIG, SECRETS, HOST_ADDRESS, BACKGROUND_START];
/// What a damaged file is renamed to (`NAME.corrupt-STAMP[-N]`), kept for the user until reset.
const SET_ASIDE: [&str; 2] = [CONFIG, HISTORY];

/// Whether `name`, in the profile folder itself, is a file the app writes.
pub fn is_apps_file(name: &str) -> bool {
    [
        MARKER,
        CONFIG,
        SECRETS,
        SECRETS_LOCK,
        HOST_ADDRESS,
        HOST_LOCK,
    ]
    .contains(&name)
        || is_database(name, HISTORY)
        || SET_ASIDE.iter().any(|base| is_set_aside(name, base))
        || is_temp_of(name)
}

/// Whether `name`, in the profile's `locks` folder, is a file the app writes.
pub fn is_apps_lock_file(name: &str) -> bool {
    [
        TOKEN_LOCK,
        SYNC_LOCK,
        CONFIG_LOCK,
        BACKGROUND_LOCK,
        BACKGROUND_START,
    ]
    .contains(&name)
        || is_temp_of(name)
}

fn is_database(name: &str, base: &str) -> bool {
    name.strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || SQLITE_SIDE_FILES.contains(&rest))
}

/// `NAME.corrupt-YYYYMMDD-HHMMSS`, `-N` after it when taken, and a database's side files.
fn is_set_aside(name: &str, base: &str) -> bool {
    let Some(rest) = name
        .strip_prefix(base)
        .and_then(|r| r.strip_prefix(".corrupt-"))
    else {
        return false;
    };
    let rest = SQLITE_SIDE_FILES
        .iter()
        .find_map(|side| rest.strip_suffix(side))
        .unwrap_or(rest);
    let mut parts = rest.split('-');
    let date = parts.next().unwrap_or("");
    let time = parts.next().unwrap_or("");
    let n = parts.next();
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    digits(date, 8)
        && digits(time, 6)
        && n.is_none_or(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && parts.next().is_none()
}

/// `.NAME.PID.SEQ.tmp` for a file the app writes atomically.
fn is_temp_of(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    WRITTEN_ATOMICALLY.iter().any(|base| {
        inner
            .strip_prefix(base)
            .and_then(|r| r.strip_prefix('.'))
            .and_then(|r| r.split_once('.'))
            .is_some_and(|(pid, seq)| {
                [pid, seq]
                    .iter()
                    .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_apps_names_and_only_those() {
        for name in [
            MARKER,
            "config.json",
            "history.sqlite3",
            "history.sqlite3-wal",
            "history.sqlite3-shm",
            "history.sqlite3-journal",
            "config.json.corrupt-20261206-233700",
            "config.json.corrupt-20261206-233700-2",
            "history.sqlite3.corrupt-20261206-233700-wal",
            "secrets.json",
            "secrets.json.lock",
            "tray-host.json",
            "tray-host.lock",
            ".config.json.4242.7.tmp",
            ".tray-host.json.1.0.tmp",
        ] {
            assert!(is_apps_file(name), "{name}");
        }
        for name in [
            "notes.txt",
            "budget.xlsx",
            "config.json.bak",
            "config.json.corrupt-yesterday",
            "history.sqlite3-old",
            ".config.json.tmp",
            ".notes.txt.1.2.tmp",
            "locks",
            "Config.json",
        ] {
            assert!(!is_apps_file(name), "{name}");
        }
        assert!(is_apps_lock_file("sync.lock"));
        assert!(is_apps_lock_file(".background-start.json.9.1.tmp"));
        assert!(!is_apps_lock_file("my.lock"));
    }
}
