use secret_store::{MemoryStore, SecretError, SecretStore};

#[test]
fn round_trip_and_delete() {
    let store = MemoryStore::new();
    assert_eq!(store.get("k").unwrap(), None);
    store.set("k", "v1").unwrap();
    store.set("k", "v2").unwrap();
    assert_eq!(store.get("k").unwrap().as_deref(), Some("v2"));
    store.delete("k").unwrap();
    store.delete("k").unwrap(); // missing is fine
    assert_eq!(store.get("k").unwrap(), None);
}

#[test]
fn clones_share_one_map() {
    let a = MemoryStore::new();
    let b = a.clone();
    a.set("token", "abc").unwrap();
    assert_eq!(b.get("token").unwrap().as_deref(), Some("abc"));
    b.delete("token").unwrap();
    assert_eq!(a.get("token").unwrap(), None);
}

#[test]
fn can_pretend_to_be_unavailable() {
    let store = MemoryStore::new();
    store.set("k", "v").unwrap();
    store.set_unavailable(true);
    let err = store.get("k").unwrap_err();
    assert!(matches!(err, SecretError::Unavailable(_)), "{err:?}");
    assert!(
        err.to_string().contains("WHOOP_NOTION_SECRETS=file"),
        "{err}"
    );
    store.set_unavailable(false);
    assert_eq!(store.get("k").unwrap().as_deref(), Some("v"));
}

#[test]
fn debug_shows_keys_not_values() {
    let store = MemoryStore::new();
    store.set("notion_token", "secret-value").unwrap();
    let debug = format!("{store:?}");
    assert!(debug.contains("notion_token"));
    assert!(!debug.contains("secret-value"));
}

#[test]
fn usable_as_a_trait_object_across_threads() {
    let store: std::sync::Arc<dyn SecretStore> = std::sync::Arc::new(MemoryStore::new());
    let s2 = store.clone();
    std::thread::spawn(move || s2.set("k", "from thread").unwrap())
        .join()
        .unwrap();
    assert_eq!(store.get("k").unwrap().as_deref(), Some("from thread"));
}
