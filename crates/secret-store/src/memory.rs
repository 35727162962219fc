use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::{SecretError, SecretStore};

/// In-memory store for tests. Clones share one map, so a test can hand a clone to the
/// code under test and inspect what it stored.
#[derive(Clone, Default)]
pub struct MemoryStore {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Default)]
struct Inner {
    map: HashMap<String, String>,
    unavailable: bool,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes every call fail with [`SecretError::Unavailable`], to test how callers
    /// handle a missing or locked keychain.
    pub fn set_unavailable(&self, unavailable: bool) {
        self.lock().unavailable = unavailable;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic in another test thread must not hide the map from this one.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn checked(&self) -> Result<std::sync::MutexGuard<'_, Inner>, SecretError> {
        let inner = self.lock();
        if inner.unavailable {
            return Err(SecretError::Unavailable(
                "the in-memory test store was made unavailable".into(),
            ));
        }
        Ok(inner)
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        Ok(self.checked()?.map.get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        self.checked()?.map.insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        self.checked()?.map.remove(key);
        Ok(())
    }

    fn describe(&self) -> &'static str {
        "in-memory store (tests only)"
    }
}

impl std::fmt::Debug for MemoryStore {
    // Only the keys: values are secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = self.lock();
        let mut keys: Vec<&String> = inner.map.keys().collect();
        keys.sort();
        f.debug_struct("MemoryStore").field("keys", &keys).finish()
    }
}
