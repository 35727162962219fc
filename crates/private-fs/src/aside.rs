//! Setting a damaged file aside: a settings file or history the app can't read (edited by
//! hand, a disk error, another program's file) is renamed next to itself, never deleted or
//! overwritten, so the app can start afresh and the user (or support) still has the old one.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Renames `path` to `NAME.corrupt-YYYYMMDD-HHMMSS` beside it (its last-modified time, in UTC:
/// when it was last written, a fact of the file, so nothing here reads the clock), with `-2`,
/// `-3`, … when that name is taken; never replaces an existing file. `side_files` (suffixes
/// such as SQLite's `-wal` and `-shm`) go along under the new name, so a fresh file can't
/// pick up the old one's journal. `Ok(None)`: `path` was already gone (another process set it
/// aside first).
pub fn set_aside(path: &Path, side_files: &[&str]) -> io::Result<Option<PathBuf>> {
    let modified = match fs::metadata(path) {
        Ok(meta) => meta.modified().unwrap_or(UNIX_EPOCH),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let stamp = stamp(modified);
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".corrupt-{stamp}"));
    for n in 1.. {
        let mut target = name.clone();
        if n > 1 {
            target.push(format!("-{n}"));
        }
        let target = PathBuf::from(target);
        match move_no_clobber(path, &target) {
            Ok(()) => {
                for side in side_files {
                    let (mut from, mut to) =
                        (path.as_os_str().to_owned(), target.as_os_str().to_owned());
                    from.push(side);
                    to.push(side);
                    match move_no_clobber(Path::new(&from), Path::new(&to)) {
                        Ok(()) => {}
                        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                        Err(e) => return Err(e),
                    }
                }
                return Ok(Some(target));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        }
    }
    unreachable!("some suffix is free")
}

/// A rename that fails with `AlreadyExists` instead of replacing `to` (a hard link then the
/// old name's removal; a plain rename after a check where links aren't supported).
fn move_no_clobber(from: &Path, to: &Path) -> io::Result<()> {
    match fs::hard_link(from, to) {
        Ok(()) => fs::remove_file(from),
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::AlreadyExists | io::ErrorKind::NotFound
            ) =>
        {
            Err(e)
        }
        Err(_) if to.exists() => Err(io::ErrorKind::AlreadyExists.into()),
        Err(_) => fs::rename(from, to),
    }
}

/// `YYYYMMDD-HHMMSS` in UTC.
fn stamp(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil(days as i64);
    format!(
        "{y:04}{m:02}{d:02}-{:02}{:02}{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Days since 1970-01-01 to (year, month, day): Howard Hinnant's `civil_from_days`.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn stamps_are_utc_calendar_times() {
        assert_eq!(stamp(UNIX_EPOCH), "19700101-000000");
        // 2026-12-01 14:23:31 UTC
        assert_eq!(
            stamp(UNIX_EPOCH + Duration::from_secs(1_796_135_011)),
            "20261201-142331"
        );
        // A leap day.
        assert_eq!(
            stamp(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "20000229-000000"
        );
    }

    #[test]
    fn a_damaged_file_is_renamed_beside_itself_never_over_another() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite3");
        let mut moved = Vec::new();
        for n in 0..3 {
            fs::write(&path, format!("damaged {n}")).unwrap();
            let wal = dir.path().join("history.sqlite3-wal");
            fs::write(&wal, format!("wal {n}")).unwrap();
            let aside = set_aside(&path, &["-wal", "-shm"]).unwrap().unwrap();
            assert!(!path.exists() && !wal.exists());
            assert_eq!(fs::read_to_string(&aside).unwrap(), format!("damaged {n}"));
            let mut aside_wal = aside.as_os_str().to_owned();
            aside_wal.push("-wal");
            assert_eq!(fs::read_to_string(&aside_wal).unwrap(), format!("wal {n}"));
            moved.push(aside);
        }
        // Same second, three files: three names, none overwritten.
        moved.sort();
        moved.dedup();
        assert_eq!(moved.len(), 3);
        assert!(moved.iter().all(|m| m
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("history.sqlite3.corrupt-")));
        assert_eq!(
            set_aside(&path, &[]).unwrap(),
            None,
            "nothing left to set aside"
        );
    }
}
