//! Files and folders only their owner can read. The profile (settings, history, locks) and
//! the app's own state hold health data: on a shared machine, other users must not read them.
//!
//! On unix the mode is set when a file or folder is created (never created wide and then
//! narrowed, which would leave a moment when others could open it), and [`tighten`] narrows
//! what an older version created with the default 0644 / 0755. Elsewhere these are the plain
//! `std::fs` calls: the OS's per-user folders already keep other users out.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

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

/// Opens for appending (a log), creating it private; an existing file is narrowed.
pub fn append(path: &Path) -> io::Result<File> {
    let file = options().create(true).append(true).open(path)?;
    tighten(path)?;
    Ok(file)
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

    fn set(path: &Path, mode: u32) {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
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
}
