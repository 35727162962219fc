#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use secret_store::{FileStore, SecretError, SecretStore};

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn round_trip_delete_and_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::in_config_dir(dir.path());
    assert_eq!(store.path(), dir.path().join("secrets.json"));
    assert_eq!(store.get("a").unwrap(), None, "missing file reads as empty");
    store.delete("a").unwrap();
    assert!(
        !store.path().exists(),
        "deleting from nothing creates nothing"
    );

    store.set("a", "1").unwrap();
    store.set("b", "two \"quoted\" ✓").unwrap();
    store.set("a", "3").unwrap();
    assert_eq!(store.get("a").unwrap().as_deref(), Some("3"));
    assert_eq!(store.get("b").unwrap().as_deref(), Some("two \"quoted\" ✓"));

    store.delete("a").unwrap();
    store.delete("a").unwrap();
    assert_eq!(store.get("a").unwrap(), None);
    assert_eq!(store.get("b").unwrap().as_deref(), Some("two \"quoted\" ✓"));

    // The format is a plain JSON map, so a user can inspect it.
    let text = fs::read_to_string(store.path()).unwrap();
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(map.len(), 1);
}

#[test]
fn created_with_mode_0600_in_new_private_folder() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("nested").join("whoop-notion");
    let store = FileStore::in_config_dir(&config);
    store.set("k", "v").unwrap();
    assert_eq!(mode(store.path()), 0o600);
    assert_eq!(mode(&config), 0o700);
    // Still 0600 after being replaced by later writes.
    store.set("k", "v2").unwrap();
    assert_eq!(mode(store.path()), 0o600);
}

#[test]
fn write_is_atomic_replace_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::in_config_dir(dir.path());
    store.set("k", "v1").unwrap();
    let inode_before = fs::metadata(store.path()).unwrap().ino();
    store.set("k", "v2").unwrap();
    let inode_after = fs::metadata(store.path()).unwrap().ino();
    // A new inode means the file was replaced by rename, not rewritten in place (where a
    // crash could leave it half-written).
    assert_ne!(inode_before, inode_after);

    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["secrets.json", "secrets.json.lock"]);
    let lock = fs::read(dir.path().join("secrets.json.lock")).unwrap();
    assert!(lock.is_empty(), "the lock file holds nothing");
}

#[test]
fn refuses_a_file_others_can_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secrets.json");
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .unwrap();
    fs::write(&path, r#"{"k":"v"}"#).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();

    let store = FileStore::new(&path);
    let err = store.get("k").unwrap_err();
    assert!(matches!(
        err,
        SecretError::InsecurePermissions { mode: 0o644, .. }
    ));
    let message = err.to_string();
    assert!(
        message.contains(&format!("chmod 600 {}", path.display())),
        "{message}"
    );
    // Writing must not silently "fix" and trust it either.
    assert!(matches!(
        store.set("k", "new").unwrap_err(),
        SecretError::InsecurePermissions { .. }
    ));

    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(store.get("k").unwrap().as_deref(), Some("v"));
}

#[test]
fn corrupt_file_gives_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secrets.json");
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .unwrap();
    fs::write(&path, "not json {").unwrap();
    let err = FileStore::new(&path).get("k").unwrap_err();
    assert!(matches!(err, SecretError::Corrupt(_)), "{err:?}");
    assert!(
        err.to_string().contains("not a valid secrets file"),
        "{err}"
    );
}

#[test]
fn two_instances_see_each_others_values() {
    let dir = tempfile::tempdir().unwrap();
    let a = FileStore::in_config_dir(dir.path());
    let b = FileStore::in_config_dir(dir.path());
    a.set("whoop", "w").unwrap();
    b.set("notion", "n").unwrap();
    assert_eq!(a.get("notion").unwrap().as_deref(), Some("n"));
    assert_eq!(b.get("whoop").unwrap().as_deref(), Some("w"));
    b.delete("whoop").unwrap();
    assert_eq!(a.get("whoop").unwrap(), None);
}

#[test]
fn concurrent_writers_lose_no_updates() {
    let dir = tempfile::tempdir().unwrap();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let store = FileStore::in_config_dir(dir.path());
            std::thread::spawn(move || {
                for i in 0..15 {
                    store.set(&format!("t{t}-{i}"), "x").unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let store = FileStore::in_config_dir(dir.path());
    for t in 0..4 {
        for i in 0..15 {
            assert!(
                store.get(&format!("t{t}-{i}")).unwrap().is_some(),
                "t{t}-{i}"
            );
        }
    }
}

#[test]
fn a_write_held_up_by_another_writer_is_busy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secrets.json");
    let store = FileStore::new(&path).with_lock_timeout(std::time::Duration::from_millis(200));
    store.set("k", "v").unwrap();
    // Another writer (its own handle on the lock file, as another process has) holds it.
    let held = private_fs::ProcessLock::acquire(&dir.path().join("secrets.json.lock")).unwrap();
    let err = store.set("k", "new").unwrap_err();
    assert!(matches!(err, SecretError::Busy { .. }), "{err:?}");
    assert!(err.to_string().contains("try again"), "{err}");
    drop(held);
    store.set("k", "new").unwrap();
    assert_eq!(store.get("k").unwrap().as_deref(), Some("new"));
}
