//! Settings → "Copy diagnostics": the bug-report archive (crates/diagnostics) saved where the
//! user finds downloads, and that folder shown. Its setup check is the window's, each line
//! with the engine's facts beside the desktop's sentence, since the reader is whoever fixes
//! the bug.

use app_core::setup_check::for_desktop;
use sync_engine::{ErrorCode, SyncError};

use crate::contract::DiagnosticsSaved;
use crate::service::AppService;

impl AppService {
    pub(super) async fn diagnostics(&self) -> Result<DiagnosticsSaved, SyncError> {
        let setup_check = match self.live_checks().await {
            Ok(checks) => checks
                .iter()
                .map(|check| {
                    let shown = for_desktop(check);
                    format!(
                        "{:?} {}: {} [{}{}]\n",
                        check.status,
                        shown.title,
                        shown.message,
                        check.detail,
                        check.code.map(|c| format!(", {c}")).unwrap_or_default(),
                    )
                })
                .collect::<String>(),
            Err(e) => format!("the checks could not run: {} ({})\n", e.message, e.code),
        };
        let engine = self.engine().await;
        let about = diagnostics::About {
            program: "whoop-notion-tray",
            version: env!("CARGO_PKG_VERSION"),
        };
        let bundle = diagnostics::collect(&engine, &about, &setup_check, &self.log_dir);
        let folder = self.desktop.downloads_dir();
        let path = bundle
            .save(&folder, engine.env().clock.now())
            .map_err(|e| {
                SyncError::new(
                    ErrorCode::Internal,
                    format!(
                        "could not save the diagnostics in {}: {e}",
                        folder.display()
                    ),
                )
            })?;
        log::info!("diagnostics saved: {}", path.display());
        // Shown, not opened: the user drags the file into the bug report.
        if let Err(e) = self.desktop.open_path(&folder) {
            log::warn!("could not show {}: {e}", folder.display());
        }
        Ok(DiagnosticsSaved {
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            folder: folder.display().to_string(),
        })
    }
}
