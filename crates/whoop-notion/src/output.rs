//! Printing: human text, or JSON on stdout with `--json`. Errors always end with one line on
//! stderr (`error: … (code)`), so scripts can show it as is.

use std::io::Write;

use serde::Serialize;
use sync_engine::SyncError;

pub struct Output {
    pub json: bool,
}

impl Output {
    pub fn new(json: bool) -> Self {
        Self { json }
    }

    /// Prints `value` as JSON when `--json` was given, else calls `human`.
    pub fn emit<T: Serialize>(&self, value: &T, human: impl FnOnce()) {
        if self.json {
            let text = serde_json::to_string_pretty(value).expect("serializable output");
            println!("{text}");
        } else {
            human();
        }
        let _ = std::io::stdout().flush();
    }

    pub fn error(&self, error: &SyncError) {
        let message = crate::hints::with_hint(error.code, &error.message);
        if self.json {
            let body = serde_json::json!({"error": {"code": error.code, "message": message}});
            println!("{body}");
        }
        eprintln!("error: {message} ({})", error.code);
    }

    /// A human note on stderr (kept off stdout so `--json` output stays parseable).
    pub fn note(&self, text: &str) {
        eprintln!("{text}");
    }
}
