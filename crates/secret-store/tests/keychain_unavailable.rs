//! Without a reachable D-Bus session the keychain must fail with a clear, coded error
//! (not panic and not hang). Runs in its own test binary because it changes the
//! environment of the process.

#![cfg(target_os = "linux")]

use secret_store::{KeychainStore, SecretError, SecretStore};

#[test]
fn no_dbus_session_is_reported_as_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("no-bus-here");
    // Only test in this binary, so changing the environment races with nothing.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", socket.display()),
    );

    let store = KeychainStore::new("whoop-notion-sync-test");
    for err in [
        store.get("k").unwrap_err(),
        store.set("k", "v").unwrap_err(),
        store.delete("k").unwrap_err(),
    ] {
        assert!(matches!(err, SecretError::Unavailable(_)), "{err:?}");
        let message = err.to_string();
        assert!(message.contains("unlock your keyring"), "{message}");
        assert!(message.contains("WHOOP_NOTION_SECRETS=file"), "{message}");
    }
}
