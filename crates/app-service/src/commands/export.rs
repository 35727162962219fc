//! History → Export…: the history's days or workouts as CSV or JSON, written to the file the
//! window's save dialog chose. The table is the engine's (`sync_engine::export`), the same the
//! CLI's `whoop-notion export` writes; only the words around it are the desktop's.

use std::path::Path;

use sync_engine::export::{before_any_record, Format};
use sync_engine::{ErrorCode, SyncError};

use crate::contract::{ExportFormat, ExportHistoryArgs, ExportSaved};
use crate::service::AppService;

impl AppService {
    /// Reads the history only (the demo's in demo mode). The file is replaced whole or not at
    /// all; replacing one that was there is the save dialog's question, asked before this.
    pub(super) async fn export_history(
        &self,
        args: ExportHistoryArgs,
    ) -> Result<ExportSaved, SyncError> {
        let path = Path::new(&args.path);
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|_| path.is_absolute() && !path.is_dir())
            .ok_or_else(|| {
                SyncError::invalid(format!(
                    "Choose a file to save the export in, not {}.",
                    args.path
                ))
            })?;
        let engine = self.engine().await;
        let today = engine.today();
        let since = args.since.unwrap_or_else(before_any_record);
        if since > today {
            return Err(SyncError::invalid(format!(
                "The first day to export, {since}, is after today."
            )));
        }
        let table = if args.workouts {
            engine.workouts_table(since, today)?
        } else {
            engine.history_table(since, today)?
        };
        let Some((first, last)) = table.first_and_last() else {
            // In the log's words; the window shows the code's sentence.
            let rows = if args.workouts {
                "workouts"
            } else {
                "synced days"
            };
            return Err(SyncError::new(
                ErrorCode::NothingToExport,
                format!("the history holds no {rows} from {since} to {today}"),
            ));
        };
        let format = match args.format {
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Json => Format::Json,
        };
        let text = table.write(format);
        private_fs::write_atomic(path, text.as_bytes()).map_err(|e| {
            let folder = path.parent().unwrap_or(path).display();
            SyncError::invalid(format!("Couldn't save {file_name} in {folder}: {e}."))
        })?;
        let rows = table.days().len();
        log::info!(
            "exported {rows} rows ({first} to {last}) to {}",
            path.display()
        );
        Ok(ExportSaved {
            path: args.path,
            file_name,
            rows,
            first,
            last,
        })
    }
}
