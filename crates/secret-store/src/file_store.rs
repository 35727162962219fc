use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use private_fs::ProcessLock;

use crate::{SecretError, SecretStore};

/// Opt-in fallback for machines without a usable keychain: a JSON object of key → value in
/// one file (normally `<config dir>/secrets.json`) that only its owner can read.
///
/// - The file is created with mode 0600 from the start (never chmod-ed afterwards, so it is
///   never briefly readable by others) and replaced atomically (temp file + rename), so a
///   crash leaves either the old or the new contents.
/// - A file that group or others can access is refused rather than trusted or silently fixed.
/// - Read-modify-write is serialised with a [`ProcessLock`] on `<file>.lock`, so the tray
///   app and a cron job don't lose each other's updates.
#[derive(Debug, Clone)]
pub struct FileStore {
    path: PathBuf,
    lock_timeout: Duration,
}

type SecretMap = BTreeMap<String, String>;

/// How long a writer waits for another process's write before giving up.
const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

impl FileStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileStore {
            path: path.into(),
            lock_timeout: LOCK_TIMEOUT,
        }
    }

    /// How long a write waits for another process's before failing with
    /// [`SecretError::Busy`] (default 10 s).
    pub fn with_lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// The conventional location: `<config_dir>/secrets.json`.
    pub fn in_config_dir(config_dir: &Path) -> Self {
        Self::new(config_dir.join(sync_vocabulary::profile_layout::SECRETS))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock_path(&self) -> PathBuf {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        self.path.with_file_name(name)
    }

    fn read_map(&self) -> Result<SecretMap, SecretError> {
        let mut file = match File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(SecretMap::new()),
            Err(e) => return Err(SecretError::io("read", &self.path, e)),
        };
        // Checked on the open handle, so the file can't be swapped between check and read.
        check_private(&file, &self.path)?;
        let mut text = String::new();
        file.read_to_string(&mut text)
            .map_err(|e| SecretError::io("read", &self.path, e))?;
        if text.trim().is_empty() {
            return Ok(SecretMap::new());
        }
        serde_json::from_str(&text).map_err(|e| {
            SecretError::Corrupt(format!(
                "{} is not a valid secrets file ({e}); fix it, or delete it and reconnect \
                 WHOOP and Notion",
                self.path.display()
            ))
        })
    }

    fn update(&self, change: impl FnOnce(&mut SecretMap) -> bool) -> Result<(), SecretError> {
        let dir = self.dir();
        private_fs::create_dir_all(dir)
            .map_err(|e| SecretError::io("create the folder", dir, e))?;
        let _lock = ProcessLock::acquire_timeout(&self.lock_path(), self.lock_timeout).map_err(
            |e| match e.kind() {
                io::ErrorKind::TimedOut => SecretError::Busy {
                    path: self.lock_path(),
                    source: e,
                },
                _ => SecretError::io("lock", self.lock_path(), e),
            },
        )?;
        let mut map = self.read_map()?;
        if change(&mut map) {
            self.write_atomically(&map)?;
        }
        Ok(())
    }

    fn dir(&self) -> &Path {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    }

    fn write_atomically(&self, map: &SecretMap) -> Result<(), SecretError> {
        let bytes = serde_json::to_vec_pretty(map).expect("a string map always serialises");
        private_fs::write_atomic(&self.path, &bytes)
            .map_err(|e| SecretError::io("write", &self.path, e))
    }
}

impl SecretStore for FileStore {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        Ok(self.read_map()?.remove(key))
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        self.update(|map| map.insert(key.to_owned(), value.to_owned()).as_deref() != Some(value))
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        if !self.path.exists() {
            return Ok(());
        }
        self.update(|map| map.remove(key).is_some())
    }

    fn describe(&self) -> &'static str {
        "file store (secrets.json, mode 0600)"
    }
}

#[cfg(unix)]
fn check_private(file: &File, path: &Path) -> Result<(), SecretError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = file
        .metadata()
        .map_err(|e| SecretError::io("inspect", path, e))?
        .permissions()
        .mode()
        & 0o777;
    if mode & 0o077 != 0 {
        return Err(SecretError::InsecurePermissions {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_file: &File, _path: &Path) -> Result<(), SecretError> {
    Ok(())
}
