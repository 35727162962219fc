use std::sync::Arc;

use keyring::credential::{CredentialBuilder, CredentialPersistence};
use keyring::Entry;

use crate::{SecretError, SecretStore};

/// Secrets in the OS keychain, one entry per key: service = the app's service name,
/// username = the key. Secret Service on Linux, the login Keychain on macOS, the Credential
/// Manager on Windows (keyring's native stores, turned on per target in Cargo.toml).
///
/// A credential store that doesn't keep secrets on disk (keyring's mock, which is its default
/// on a system whose native feature is off) is refused with [`SecretError::NotPersistent`] on
/// every call: with it `set` succeeds and the next `get` finds nothing, so a sign-in would be
/// lost without a word.
///
/// Every call talks to the keychain synchronously over D-Bus and may block (e.g. while the
/// keyring daemon starts). Never call it on a tokio worker thread: wrap calls in
/// `tokio::task::spawn_blocking` (keyring's async backend even panics inside a runtime).
#[derive(Debug, Clone)]
pub struct KeychainStore {
    service: String,
    credentials: Arc<CredentialBuilder>,
}

impl KeychainStore {
    /// The system's own keychain.
    pub fn new(service: impl Into<String>) -> Self {
        Self::with_credential_store(service, keyring::default::default_credential_builder())
    }

    /// Another of keyring's credential stores (tests pass its mock, to see it refused).
    pub fn with_credential_store(
        service: impl Into<String>,
        credentials: Box<CredentialBuilder>,
    ) -> Self {
        KeychainStore {
            service: service.into(),
            credentials: Arc::from(credentials),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, key: &str) -> Result<Entry, SecretError> {
        // Only a store that keeps secrets until they are deleted will do; the reboot-scoped
        // kernel keyring loses a sign-in as surely as the in-memory mock.
        let lasts = match self.credentials.persistence() {
            CredentialPersistence::UntilDelete => None,
            CredentialPersistence::UntilReboot => Some("until the computer restarts"),
            CredentialPersistence::ProcessOnly => Some("while the program runs"),
            CredentialPersistence::EntryOnly => Some("in memory, for one call"),
            _ => Some("for an unknown time"),
        };
        if let Some(lasts) = lasts {
            return Err(SecretError::NotPersistent(lasts));
        }
        let credential = self
            .credentials
            .build(None, &self.service, key)
            .map_err(|e| self.map_error(key, e))?;
        Ok(Entry::new_with_credential(credential))
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
                 remove it ({}) and reconnect",
                self.service,
                removal_hint(&self.service, key)
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

/// How to remove one entry by hand with the system's own tool.
fn removal_hint(service: &str, key: &str) -> String {
    if cfg!(target_os = "macos") {
        format!("in Keychain Access, or `security delete-generic-password -s {service} -a {key}`")
    } else if cfg!(windows) {
        format!("in Credential Manager, Windows Credentials: {key}.{service}")
    } else {
        format!("e.g. `secret-tool clear service {service} username {key}`")
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
