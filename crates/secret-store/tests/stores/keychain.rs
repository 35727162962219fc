//! Runs against the real OS keychain only when `WHOOP_NOTION_TEST_KEYCHAIN=1`
//! (as `scripts/with-keychain.sh` sets); then any keychain failure fails the test.

use std::io::ErrorKind;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use secret_store::{KeychainStore, SecretStore};

const SERVICE: &str = "whoop-notion-sync-test";

#[test]
fn keychain_round_trip() {
    if std::env::var("WHOOP_NOTION_TEST_KEYCHAIN").as_deref() != Ok("1") {
        eprintln!(
            "skipped: set WHOOP_NOTION_TEST_KEYCHAIN=1 (scripts/with-keychain.sh) \
             to test the OS keychain"
        );
        return;
    }
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let key = format!("test-{}-{nanos}", std::process::id());
    let store = KeychainStore::new(SERVICE);
    assert_eq!(store.describe(), "OS keychain");

    assert_eq!(store.get(&key).unwrap(), None);
    store.set(&key, "first value").unwrap();
    assert_eq!(store.get(&key).unwrap().as_deref(), Some("first value"));
    store.set(&key, "second value ✓").unwrap();
    assert_eq!(store.get(&key).unwrap().as_deref(), Some("second value ✓"));
    // A separate instance (as another process would use) sees the same entry.
    let other = KeychainStore::new(SERVICE);
    assert_eq!(other.get(&key).unwrap().as_deref(), Some("second value ✓"));

    // Check with an independent client that the value really is in the keychain.
    match secret_tool_lookup(&key) {
        None => eprintln!("secret-tool not installed; skipped the independent lookup"),
        Some(found) => assert_eq!(found.as_deref(), Some("second value ✓")),
    }

    store.delete(&key).unwrap();
    assert_eq!(store.get(&key).unwrap(), None);
    store.delete(&key).unwrap(); // deleting a missing entry is fine
    if let Some(found) = secret_tool_lookup(&key) {
        assert_eq!(found, None, "secret-tool still finds the deleted entry");
    }
}

/// `None` when secret-tool isn't installed; `Some(None)` when it finds nothing.
fn secret_tool_lookup(key: &str) -> Option<Option<String>> {
    let output = match Command::new("secret-tool")
        .args(["lookup", "service", SERVICE, "username", key])
        .output()
    {
        Ok(output) => output,
        Err(e) if e.kind() == ErrorKind::NotFound => return None,
        Err(e) => panic!("could not run secret-tool: {e}"),
    };
    if !output.status.success() {
        return Some(None);
    }
    Some(Some(String::from_utf8(output.stdout).unwrap()))
}
