//! `whoop-notion diagnostics`: one archive for a bug report — the version, `doctor`'s lines,
//! the settings, recent runs and the desktop app's logs (when the app runs on this computer),
//! with no secrets. The CLI's own log goes to stderr (RUST_LOG), so it isn't in there.

use std::path::PathBuf;

use sync_engine::{Engine, ErrorCode, Result, SyncError};

use crate::output::Output;

pub async fn run(engine: &Engine, output: Option<PathBuf>, out: &Output) -> Result<()> {
    // A check that can't run is part of the story, not a reason to make no archive.
    let setup_check = match engine.doctor().await {
        Ok(checks) => checks
            .iter()
            .map(|c| format!("{}\n", super::doctor::line(c)))
            .collect::<String>(),
        Err(e) => format!("the checks could not run: {} ({})\n", e.message, e.code),
    };
    let about = diagnostics::About {
        program: "whoop-notion",
        version: env!("CARGO_PKG_VERSION"),
    };
    let bundle = diagnostics::collect(engine, &about, &setup_check, &profile_dir::app_log_dir());
    let dir = match output {
        Some(dir) => dir,
        None => std::env::current_dir().map_err(|e| {
            SyncError::new(
                ErrorCode::InvalidInput,
                format!("the current folder can't be read ({e}); pass --output DIR"),
            )
        })?,
    };
    let path = bundle.save(&dir, engine.env().clock.now()).map_err(|e| {
        SyncError::new(
            ErrorCode::InvalidInput,
            format!("could not write the archive into {}: {e}", dir.display()),
        )
    })?;
    out.emit(&serde_json::json!({ "path": path }), || {
        println!("{}", path.display());
    });
    out.note("Attach this file to your bug report. It holds no tokens or passwords.");
    Ok(())
}
