//! History → Export…'s save dialog. It is the window's own command, not the host's: the host
//! loads no GUI toolkit, and the dialog belongs over this window. The UI asks for a file with
//! `choose_export_file`, then sends `export_history` with the answer to the host; the window
//! lets `export_history` through only for the file the user just chose, once, since writing
//! replaces a file that is there and only the dialog asks the user about that.

use std::path::PathBuf;
use std::sync::Mutex;

use serde_json::{json, Value};
use sync_vocabulary::ErrorCode;
use tauri::{AppHandle, Manager, Runtime, Webview};
use tauri_plugin_dialog::DialogExt;

/// The command's name, as the UI invokes it.
pub const CHOOSE: &str = "choose_export_file";
/// The host's command that writes the file.
pub const EXPORT: &str = "export_history";

/// The file the dialog last answered, until an export takes it.
#[derive(Default)]
pub struct Chosen(Mutex<Option<PathBuf>>);

impl Chosen {
    pub fn remember(&self, path: PathBuf) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(path);
    }

    /// Whether `path` is the file chosen; either way it is forgotten, so each export needs
    /// its own choice.
    fn take_if(&self, path: &str) -> bool {
        let chosen = self.0.lock().unwrap_or_else(|e| e.into_inner()).take();
        chosen.is_some_and(|chosen| chosen.as_os_str() == path)
    }
}

fn invalid(message: &str) -> Value {
    json!({ "code": ErrorCode::InvalidInput, "message": message })
}

/// The native save dialog over the window, proposing `suggested_name` in the format's
/// filter. Answers the chosen path, or null when the user cancelled. Replacing a file that is
/// there is confirmed in the dialog itself (GTK, macOS and Windows each ask).
#[tauri::command]
pub async fn choose_export_file<R: Runtime>(
    app: AppHandle<R>,
    suggested_name: String,
    format: String,
) -> Result<Option<String>, Value> {
    let (filter, extension) = match format.as_str() {
        "csv" => ("CSV", "csv"),
        "json" => ("JSON", "json"),
        _ => return Err(invalid("Choose CSV or JSON for the export.")),
    };
    let name = file_name(&suggested_name, extension);
    let mut dialog = app
        .dialog()
        .file()
        .set_title("Export history")
        .set_file_name(name)
        .add_filter(filter, &[extension]);
    if let Some(window) = app.get_webview_window(crate::window::MAIN) {
        dialog = dialog.set_parent(&window);
    }
    // It waits for the user; the dialog itself runs on the main thread.
    let answer = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| {
            log::error!("the save dialog failed: {e}");
            json!({ "code": ErrorCode::Internal, "message": "The save dialog couldn't open." })
        })?;
    let Some(answer) = answer else {
        return Ok(None);
    };
    let path = answer
        .into_path()
        .ok()
        .filter(|p| p.to_str().is_some())
        .ok_or_else(|| invalid("The app can't save under that name. Choose another."))?;
    let shown = path.to_string_lossy().into_owned();
    if let Some(chosen) = app.try_state::<Chosen>() {
        chosen.remember(path);
    }
    Ok(Some(shown))
}

/// A plain file name ending in the format's extension: only its last part, whatever the UI
/// sent, so the proposal can't point the dialog into another folder.
pub fn file_name(suggested: &str, extension: &str) -> String {
    let base = suggested
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim();
    let base = base.trim_start_matches('.');
    let base = if base.is_empty() { "whoop" } else { base };
    let dotted = format!(".{extension}");
    if base.to_ascii_lowercase().ends_with(&dotted) {
        base.to_string()
    } else {
        format!("{base}{dotted}")
    }
}

/// `export_history` goes to the host only with the path the dialog just answered.
pub fn check_export<R: Runtime>(webview: &Webview<R>, args: &Value) -> Result<(), Value> {
    let path = args.get("path").and_then(Value::as_str).unwrap_or_default();
    let chosen = webview
        .try_state::<Chosen>()
        .is_some_and(|chosen| chosen.take_if(path));
    if chosen {
        Ok(())
    } else {
        Err(invalid("Choose where to save the export first."))
    }
}
