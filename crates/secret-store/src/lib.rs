//! Where secrets live — and nothing else.
//!
//! Secrets (WHOOP refresh tokens, the Notion token) go to the OS keychain by default
//! ([`KeychainStore`]). Machines without a usable keychain can opt in to a 0600 JSON file
//! ([`FileStore`]); tests use [`MemoryStore`]. (The cross-process lock the file store and the
//! engine use is `private_fs::ProcessLock`.)
//!
//! Nothing here reads environment variables or the clock: which store to use is the
//! caller's decision (the CLI maps `WHOOP_NOTION_SECRETS=file` to [`FileStore`]).

mod error;
mod file_store;
mod keychain;
mod memory;
mod secret;

pub use error::SecretError;
pub use file_store::FileStore;
pub use keychain::KeychainStore;
pub use memory::MemoryStore;
pub use secret::Secret;

/// A place to keep secrets by key. Implementations are blocking: call them from a
/// thread that may block (e.g. `tokio::task::spawn_blocking`), never from an async task.
pub trait SecretStore: Send + Sync {
    /// `Ok(None)` when nothing is stored under `key`.
    fn get(&self, key: &str) -> Result<Option<String>, SecretError>;
    /// Stores `value` under `key`, replacing any previous value.
    fn set(&self, key: &str, value: &str) -> Result<(), SecretError>;
    /// Removes `key`; removing a missing key is not an error.
    fn delete(&self, key: &str) -> Result<(), SecretError>;
    /// Short human description for status output ("OS keychain", ...); never a secret.
    fn describe(&self) -> &'static str;
}
