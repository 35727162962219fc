//! Runs against the real OS keychain only when `WHOOP_NOTION_TEST_KEYCHAIN=1`
//! (as `scripts/with-keychain.sh` sets); then any keychain failure fails the test.

use std::io::ErrorKind;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use secret_store::{KeychainStore, SecretError, SecretStore};

const SERVICE: &str = "whoop-notion-sync-test";

/// What the child process does, when this test binary is started as one (see `child`).
const CHILD_ACTION: &str = "WHOOP_NOTION_TEST_KEYCHAIN_CHILD";

fn keychain_tests_on() -> bool {
    if std::env::var("WHOOP_NOTION_TEST_KEYCHAIN").as_deref() == Ok("1") {
        return true;
    }
    eprintln!(
        "skipped: set WHOOP_NOTION_TEST_KEYCHAIN=1 (scripts/with-keychain.sh) \
         to test the OS keychain"
    );
    false
}

fn unique_key(what: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("test-{what}-{}-{nanos}", std::process::id())
}

/// A store that keeps nothing (keyring's mock: what keyring uses on a system whose native
/// store isn't compiled in) is refused on every call, with a message that says why, instead
/// of taking a secret and losing it.
#[test]
fn a_credential_store_that_keeps_nothing_is_refused() {
    let store =
        KeychainStore::with_credential_store(SERVICE, keyring::mock::default_credential_builder());
    for err in [
        store.set("k", "v").unwrap_err(),
        store.get("k").unwrap_err(),
        store.delete("k").unwrap_err(),
    ] {
        assert!(matches!(err, SecretError::NotPersistent(_)), "{err:?}");
        let message = err.to_string();
        assert!(message.contains("would not last"), "{message}");
        assert!(message.contains("WHOOP_NOTION_SECRETS=file"), "{message}");
    }
}

/// The store this build uses by default keeps secrets until they are deleted, on every
/// system the tests run on: the native feature is on for this target.
#[test]
fn this_systems_credential_store_keeps_secrets_on_disk() {
    let persistence = keyring::default::default_credential_builder().persistence();
    assert!(
        matches!(
            persistence,
            keyring::credential::CredentialPersistence::UntilDelete
        ),
        "keyring's default store on this target doesn't persist; turn on its native feature"
    );
}

/// A secret written by one process is read by another and deleted by a third: what a sign-in
/// in the window and a sync in the tray host (or two CLI runs) do. Each process is this test
/// binary again, started with `CHILD_ACTION`.
#[test]
fn keychain_keeps_a_secret_across_processes() {
    if !keychain_tests_on() {
        return;
    }
    let key = unique_key("processes");
    let value = "refresh token ✓ from another process";
    assert_eq!(run_child(&format!("set {key} {value}")), "done");
    assert_eq!(run_child(&format!("get {key}")), format!("found {value}"));
    assert_eq!(
        KeychainStore::new(SERVICE).get(&key).unwrap().as_deref(),
        Some(value)
    );
    assert_eq!(run_child(&format!("delete {key}")), "done");
    assert_eq!(run_child(&format!("get {key}")), "missing");
}

/// Runs `child` in a new process of this test binary; returns the line it printed.
fn run_child(action: &str) -> String {
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "keychain::child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ACTION, action)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child {action:?} failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        // The test harness may print "test keychain::child ... " on the same line first.
        .find_map(|line| {
            line.split_once("child: ")
                .map(|(_, answer)| answer.trim_end())
        })
        .unwrap_or_else(|| panic!("child {action:?} printed no answer: {stdout}"))
        .to_string()
}

/// The child's half of `keychain_keeps_a_secret_across_processes`; does nothing in a normal
/// run.
#[test]
fn child() {
    let Ok(action) = std::env::var(CHILD_ACTION) else {
        return;
    };
    let store = KeychainStore::new(SERVICE);
    let mut words = action.splitn(3, ' ');
    let answer = match (words.next(), words.next(), words.next()) {
        (Some("set"), Some(key), Some(value)) => {
            store.set(key, value).unwrap();
            "done".to_string()
        }
        (Some("get"), Some(key), None) => match store.get(key).unwrap() {
            Some(value) => format!("found {value}"),
            None => "missing".to_string(),
        },
        (Some("delete"), Some(key), None) => {
            store.delete(key).unwrap();
            "done".to_string()
        }
        _ => panic!("unknown child action {action:?}"),
    };
    println!("child: {answer}");
}

#[test]
fn keychain_round_trip() {
    if !keychain_tests_on() {
        return;
    }
    let key = unique_key("round-trip");
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
