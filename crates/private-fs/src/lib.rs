//! Files and folders only their owner can read. The profile (settings, history, locks) and
//! the app's own state hold health data: on a shared machine, other users must not read them.
//!
//! On unix the mode is set when a file or folder is created (never created wide and then
//! narrowed, which would leave a moment when others could open it), and [`tighten`] narrows
//! what an older version created with the default 0644 / 0755. Elsewhere these are the plain
//! `std::fs` calls: the OS's per-user folders already keep other users out.
//!
//! Also the profile's two file primitives everyone shares: [`write_atomic`] (a file replaced
//! whole, never torn) and [`ProcessLock`] (a cross-process lock on a file).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

mod aside;
mod lock;

pub use aside::set_aside;
pub use lock::{LockAttempt, ProcessLock, ProcessLockGuard};

/// The mode of a private file: read and write for the owner only.
pub const FILE_MODE: u32 = 0o600;
/// The mode of a private folder: the owner only.
pub const DIR_MODE: u32 = 0o700;

/// `OpenOptions` whose newly created file is private (0600); set read/write/create as usual.
/// The mode applies only when the file is created: an existing file keeps its mode.
pub fn options() -> OpenOptions {
    #[allow(unused_mut)]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    options
}

/// Like `fs::create_dir_all`, but every folder it creates is private (0700). Folders that
/// already exist are left as they are: they may not be ours (`~/.config`).
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    #[allow(unused_mut)]
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(dir)
}

/// Our own folder: created private, or, when an older version created it readable by
/// others, narrowed to the owner. Its parents are never touched.
pub fn ensure_dir(dir: &Path) -> io::Result<()> {
    create_dir_all(dir)?;
    tighten(dir)
}

/// Creates the file (private) if it is missing, without truncating it, and narrows an
/// existing one. For files another library opens by name, such as a SQLite database.
pub fn ensure_file(path: &Path) -> io::Result<()> {
    options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    tighten(path)
}

/// Writes the whole file (created private; an existing file is narrowed first).
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    tighten(path)?;
    let mut file = options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    file.write_all(bytes)
}

/// Replaces the whole file atomically: readers (and a crash) see the old contents or the new,
/// never a mix. The bytes go to a temp file of its own in the same folder, created private
/// (0600, so the file is private whatever its old mode), flushed to disk, then renamed over
/// `path`; on any failure the temp file is removed. Concurrent writers (threads or
/// processes) each use their own temp file, so the last rename wins whole. The folder must
/// exist.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (temp, mut file) = create_temp(path)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            fs::rename(&temp, path)
        });
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    // Make the rename itself durable; failing here doesn't undo the write, so it is ignored.
    #[cfg(unix)]
    if let Ok(dir) = File::open(folder_of(path)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

static TEMP_SEQ: AtomicU64 = AtomicU64::new(0);

/// A new private file next to `path`, named `.NAME.PID.SEQ.tmp`: unique per process and call.
/// A leftover of a crashed process that had our pid is skipped, never reused (its mode could
/// be wider than ours).
fn create_temp(path: &Path) -> io::Result<(PathBuf, File)> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let dir = folder_of(path);
    loop {
        let seq = TEMP_SEQ.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.{}.{seq}.tmp", std::process::id()));
        match options().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Opens for appending (a log), creating it private; an existing file is narrowed.
pub fn append(path: &Path) -> io::Result<File> {
    let file = options().create(true).append(true).open(path)?;
    tighten(path)?;
    Ok(file)
}

/// Opens a log file for appending, private (0600 in a 0700 folder it creates), after moving
/// one past `keep_bytes` aside to `NAME.1` (the one before it is dropped): each program's log
/// stays under about twice that, rotated at launch, so a long-running process never renames
/// a file under its own writer.
pub fn open_log(dir: &Path, file_name: &str, keep_bytes: u64) -> io::Result<File> {
    ensure_dir(dir)?;
    let path = dir.join(file_name);
    if fs::metadata(&path).is_ok_and(|m| m.len() > keep_bytes) {
        let old = dir.join(format!("{file_name}.1"));
        if fs::rename(&path, &old).is_ok() {
            tighten(&old)?;
        }
    }
    append(&path)
}

/// Takes the group's and others' permissions away from a file or folder that has them
/// (0644 → 0600, 0755 → 0700); the owner's stay. A missing path, or one owned by someone
/// else (the OS refuses), is left alone.
pub fn tighten(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = match fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        let mode = meta.permissions().mode();
        if mode & 0o077 != 0 {
            match fs::set_permissions(path, fs::Permissions::from_mode(mode & !0o077 & 0o7777)) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {}
                Err(e) => return Err(e),
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// The permission bits (`0o600`); for tests and diagnostics. `None` off unix.
pub fn mode(path: &Path) -> io::Result<Option<u32>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Ok(Some(fs::metadata(path)?.permissions().mode() & 0o777))
    }
    #[cfg(not(unix))]
    {
        fs::metadata(path)?;
        Ok(None)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;
    use std::thread;

    fn set(path: &Path, mode: u32) {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn a_log_past_its_size_is_moved_aside_once_and_both_stay_private() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("logs");
        let mut file = open_log(&logs, "app.log", 10).unwrap();
        file.write_all(b"0123456789ab").unwrap();
        drop(file);
        assert_eq!(mode(&logs).unwrap(), Some(0o700));

        // Under the size: appended to.
        let mut small = open_log(&logs, "other.log", 100).unwrap();
        small.write_all(b"x").unwrap();
        drop(small);
        open_log(&logs, "other.log", 100)
            .unwrap()
            .write_all(b"y")
            .unwrap();
        assert_eq!(fs::read_to_string(logs.join("other.log")).unwrap(), "xy");

        // Past it: the old text moves to .1, the new file starts empty.
        let mut fresh = open_log(&logs, "app.log", 10).unwrap();
        fresh.write_all(b"new").unwrap();
        assert_eq!(fs::read_to_string(logs.join("app.log")).unwrap(), "new");
        assert_eq!(
            fs::read_to_string(logs.join("app.log.1")).unwrap(),
            "0123456789ab"
        );
        assert_eq!(mode(&logs.join("app.log")).unwrap(), Some(0o600));
        assert_eq!(mode(&logs.join("app.log.1")).unwrap(), Some(0o600));
    }

    #[test]
    fn created_private() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b");
        create_dir_all(&dir).unwrap();
        assert_eq!(mode(&tmp.path().join("a")).unwrap(), Some(0o700));
        assert_eq!(mode(&dir).unwrap(), Some(0o700));
        let file = dir.join("f");
        write(&file, b"x").unwrap();
        assert_eq!(mode(&file).unwrap(), Some(0o600));
        let log = dir.join("log");
        drop(append(&log).unwrap());
        assert_eq!(mode(&log).unwrap(), Some(0o600));
        let db = dir.join("db");
        ensure_file(&db).unwrap();
        assert_eq!(mode(&db).unwrap(), Some(0o600));
        assert_eq!(fs::read(&db).unwrap(), b"");
    }

    #[test]
    fn old_wide_ones_are_narrowed_and_parents_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let parent = tmp.path().join("parent");
        let dir = parent.join("profile");
        fs::create_dir_all(&dir).unwrap();
        set(&parent, 0o755);
        set(&dir, 0o755);
        let file = dir.join("f");
        fs::write(&file, b"keep").unwrap();
        set(&file, 0o644);

        ensure_dir(&dir).unwrap();
        ensure_file(&file).unwrap();
        assert_eq!(mode(&dir).unwrap(), Some(0o700));
        assert_eq!(mode(&parent).unwrap(), Some(0o755));
        assert_eq!(mode(&file).unwrap(), Some(0o600));
        assert_eq!(fs::read(&file).unwrap(), b"keep", "never truncated");

        // An existing file written whole or appended to is narrowed too.
        set(&file, 0o664);
        write(&file, b"new").unwrap();
        assert_eq!(mode(&file).unwrap(), Some(0o600));
        set(&file, 0o644);
        drop(append(&file).unwrap());
        assert_eq!(mode(&file).unwrap(), Some(0o600));

        // Already private, or missing: nothing to do.
        set(&file, 0o400);
        tighten(&file).unwrap();
        assert_eq!(mode(&file).unwrap(), Some(0o400));
        tighten(&dir.join("missing")).unwrap();
    }

    fn temps(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn atomic_write_is_private_and_replaces_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("config.json");
        write_atomic(&file, b"first").unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"first");
        assert_eq!(mode(&file).unwrap(), Some(0o600));
        // An old file readable by others is replaced by a private one.
        set(&file, 0o644);
        write_atomic(&file, b"second").unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"second");
        assert_eq!(mode(&file).unwrap(), Some(0o600));
        assert!(temps(tmp.path()).is_empty(), "no temp file left behind");
    }

    #[test]
    fn atomic_write_removes_its_temp_file_on_failure() {
        let tmp = tempfile::tempdir().unwrap();
        // The rename fails: a non-empty folder stands where the file should go.
        let target = tmp.path().join("taken");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), b"x").unwrap();
        assert!(write_atomic(&target, b"new").is_err());
        assert!(temps(tmp.path()).is_empty(), "{:?}", temps(tmp.path()));
        assert!(target.is_dir());
        // A folder that doesn't exist: nothing is created.
        assert!(write_atomic(&tmp.path().join("missing/f"), b"x").is_err());
        assert!(!tmp.path().join("missing").exists());
    }

    #[test]
    fn atomic_write_skips_a_stale_temp_file() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("f");
        // What a crashed process with our pid might have left, readable by others.
        let next = TEMP_SEQ.load(Ordering::Relaxed);
        for seq in next..next + 64 {
            let stale = tmp
                .path()
                .join(format!(".f.{}.{seq}.tmp", std::process::id()));
            fs::write(&stale, b"stale").unwrap();
            set(&stale, 0o644);
        }
        write_atomic(&file, b"fresh").unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"fresh");
        assert_eq!(mode(&file).unwrap(), Some(0o600));
    }

    #[test]
    fn concurrent_atomic_writers_never_leave_a_torn_file() {
        let tmp = tempfile::tempdir().unwrap();
        let file = Arc::new(tmp.path().join("shared.json"));
        const SIZE: usize = 256 * 1024;
        write_atomic(&file, &[b'0'; SIZE]).unwrap();
        let done = Arc::new(AtomicBool::new(false));
        let reader = {
            let (file, done) = (file.clone(), done.clone());
            thread::spawn(move || {
                let mut reads = 0;
                while !done.load(Ordering::Relaxed) {
                    let bytes = fs::read(&*file).unwrap();
                    assert_eq!(bytes.len(), SIZE, "a torn file");
                    assert!(bytes.iter().all(|b| *b == bytes[0]), "a mix of two writes");
                    reads += 1;
                }
                reads
            })
        };
        let writers: Vec<_> = (0..8u8)
            .map(|w| {
                let file = file.clone();
                thread::spawn(move || {
                    for _ in 0..20 {
                        write_atomic(&file, &[b'a' + w; SIZE]).unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        done.store(true, Ordering::Relaxed);
        assert!(reader.join().unwrap() > 0);
        let last = fs::read(&*file).unwrap();
        assert_eq!(last.len(), SIZE);
        assert!((b'a'..b'a' + 8).contains(&last[0]));
        assert!(last.iter().all(|b| *b == last[0]));
        assert_eq!(mode(&file).unwrap(), Some(0o600));
        assert!(temps(tmp.path()).is_empty(), "{:?}", temps(tmp.path()));
    }
}
