//! Where the app keeps its own files: the same folders Tauri's path resolver gives the window
//! process for the app's identifier, so both halves agree.

use std::path::PathBuf;

/// `identifier` in tauri.conf.json.
pub const IDENTIFIER: &str = profile_dir::APP_IDENTIFIER;
/// `productName` in tauri.conf.json: the name of the login item.
pub const PRODUCT_NAME: &str = "WHOOP Notion Sync";

fn home() -> PathBuf {
    dirs::home_dir().unwrap_or_else(std::env::temp_dir)
}

/// The morning notification's memory and the demo profile.
pub fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| home().join(".local/share"))
        .join(IDENTIFIER)
}

/// What "Open logs" opens; the window process's log plugin writes here too.
pub fn log_dir() -> PathBuf {
    profile_dir::app_log_dir()
}

#[cfg(test)]
mod tests {
    /// The window gets these from tauri.conf.json; the host's copies must say the same, or the
    /// two halves would look for each other's files in different folders.
    #[test]
    fn names_match_the_tauri_config() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../../../tauri.conf.json")).unwrap();
        assert_eq!(conf["identifier"], super::IDENTIFIER);
        assert_eq!(conf["productName"], super::PRODUCT_NAME);
        assert_eq!(conf["mainBinaryName"], window_link::programs::WINDOW);
    }
}
