//! Where the app keeps its own files: the same folders Tauri's path resolver gives the window
//! process for the app's identifier, so both halves agree (named in `profile-dir`, which
//! `whoop-notion reset` asks too).

/// The name notifications go out under; macOS takes the app bundle's instead.
#[cfg(not(target_os = "macos"))]
pub use profile_dir::PRODUCT_NAME;
pub use profile_dir::{app_data_dir as data_dir, app_log_dir as log_dir};

#[cfg(test)]
mod tests {
    /// The window gets these from tauri.conf.json; the host's copies must say the same, or the
    /// two halves would look for each other's files in different folders.
    #[test]
    fn names_match_the_tauri_config() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../../../tauri.conf.json")).unwrap();
        assert_eq!(conf["identifier"], profile_dir::IDENTIFIER);
        assert_eq!(conf["productName"], profile_dir::PRODUCT_NAME);
        assert_eq!(conf["mainBinaryName"], window_link::programs::WINDOW);
    }
}
