//! One archive that tells a bug's story: what program and version, on what system, the setup
//! check in the asking surface's own words, the profile's settings, the recent runs and both
//! of the desktop app's logs — with anything shaped like a secret blanked ([`redact`]).
//! The CLI (`whoop-notion diagnostics`) and the window ("Copy diagnostics") both build it
//! here; neither reads a secret to do so.

mod bundle;
mod redact;

use std::path::Path;

use sync_engine::Engine;

pub use bundle::Bundle;
pub use redact::{redact, BLANK};

/// The program asking, for `version.txt`.
pub struct About<'a> {
    pub program: &'a str,
    pub version: &'a str,
}

/// How many recent runs go in (about two weeks of mornings with their retries).
const RECENT_RUNS: usize = 30;

const README: &str = "\
WHOOP -> Notion Sync diagnostics

version.txt       the program, its version and the system
setup-check.txt   every link the sync depends on, checked when this was made
config.json       the profile's settings (no secrets are kept there)
recent-runs.json  the last runs from the sync history: when, why, outcome, error code
logs/             the tray host's and the window's logs

Secrets are never written to the logs or the settings; anything shaped like a token,
password or OAuth code was blanked as [redacted] all the same.
";

/// The archive's entries for `engine`'s profile; `setup_check` is the surface's own report.
pub fn collect(engine: &Engine, about: &About, setup_check: &str, log_dir: &Path) -> Bundle {
    let env = engine.env();
    let now = env.clock.now();
    let mut bundle = Bundle::default();
    bundle.text("README.txt", README);
    bundle.text(
        "version.txt",
        &format!(
            "{} {}\nsystem: {} ({} {})\nsecret store: {}\nprofile: {}\nmade: {}\n",
            about.program,
            about.version,
            os_name(),
            std::env::consts::OS,
            std::env::consts::ARCH,
            env.secrets.describe(),
            env.config_dir.root().display(),
            now.to_rfc3339(),
        ),
    );
    bundle.text("setup-check.txt", setup_check);
    bundle.file("config.json", &env.config_dir.config_file());
    match engine.history(RECENT_RUNS) {
        Ok(runs) => bundle.text(
            "recent-runs.json",
            &serde_json::to_string_pretty(&runs).unwrap_or_default(),
        ),
        Err(e) => bundle.text("recent-runs.missing", &format!("{e}\n")),
    }
    bundle.logs(log_dir);
    bundle
}

/// The distribution's own name for itself on Linux (`PRETTY_NAME`), else the OS family.
fn os_name() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_string())
        })
        .unwrap_or_else(|| std::env::consts::OS.to_string())
}
