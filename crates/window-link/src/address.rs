//! Where the running host listens, and the token it wants: a small file in the profile.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub const FILE_NAME: &str = sync_vocabulary::profile_layout::HOST_ADDRESS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostAddress {
    pub addr: SocketAddr,
    pub token: String,
    pub pid: u32,
}

impl HostAddress {
    pub fn path(profile_dir: &Path) -> PathBuf {
        profile_dir.join(FILE_NAME)
    }

    pub fn new(addr: SocketAddr) -> Self {
        use rand::RngCore;
        let mut bytes = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        HostAddress {
            addr,
            token,
            pid: std::process::id(),
        }
    }

    pub fn read(profile_dir: &Path) -> io::Result<HostAddress> {
        let text = std::fs::read_to_string(Self::path(profile_dir))?;
        serde_json::from_str(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }

    /// Written whole (the profile's one atomic write) and readable by the owner only.
    pub fn write(&self, profile_dir: &Path) -> io::Result<()> {
        profile_dir::prepare(profile_dir)?;
        private_fs::write_atomic(
            &Self::path(profile_dir),
            serde_json::to_string(self)?.as_bytes(),
        )
    }

    /// Removed on the way out, unless another host has taken over the file meanwhile.
    pub fn remove_if_ours(&self, profile_dir: &Path) {
        if Self::read(profile_dir).is_ok_and(|on_disk| on_disk == *self) {
            let _ = std::fs::remove_file(Self::path(profile_dir));
        }
    }
}
