use keyring::Entry;

use crate::{SecretError, SecretStore};

/// Secrets in the OS keychain (Secret Service on Linux via `keyring`), one entry per key:
/// service = the app's service name, username = the key.
///
/// Every call talks to the keychain synchronously over D-Bus and may block (e.g. while the
/// keyring daemon starts). Never call it on a tokio worker thread: wrap calls in
/// `tokio::task::spawn_blocking` (keyring's async backend even panics inside a runtime).
#[derive(Debug, Clone)]
pub struct KeychainStore {
    service: String,
}

impl KeychainStore {
    pub fn new(service: impl Into<String>) -> Self {
        KeychainStore {
            service: service.into(),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, key: &str) -> Result<Entry, SecretError> {
        Entry::new(&self.service, key).map_err(|e| self.map_error(key, e))
    }

    fn map_error(&self, key: &str, error: keyring::Error) -> SecretError {
        use keyring::Error as K;
        match error {
            K::NoStorageAccess(e) => {
                SecretError::Unavailable(format!("the keyring is locked or refused access: {e}"))
            }
            K::PlatformFailure(e) => SecretError::Unavailable(e.to_string()),
            K::BadEncoding(_) | K::Ambiguous(_) => SecretError::Corrupt(format!(
                "the keychain entry for service {:?}, key {key:?} is unreadable or duplicated; \
                 remove it (e.g. `secret-tool clear service {} username {key}`) and reconnect",
                self.service, self.service
            )),
            K::TooLong(attr, limit) => {
                SecretError::Invalid(format!("{attr} is longer than {limit} characters"))
            }
            K::Invalid(attr, why) => SecretError::Invalid(format!("{attr}: {why}")),
            // keyring's error enum is non-exhaustive; a new kind is most likely a platform issue.
            other => SecretError::Unavailable(other.to_string()),
        }
    }
}

impl SecretStore for KeychainStore {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        match self.entry(key)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(self.map_error(key, e)),
        }
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        self.entry(key)?
            .set_password(value)
            .map_err(|e| self.map_error(key, e))
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(self.map_error(key, e)),
        }
    }

    fn describe(&self) -> &'static str {
        "OS keychain"
    }
}
