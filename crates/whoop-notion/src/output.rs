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
        eprintln!("error: {} ({})", plain(&message), error.code);
    }

    /// A human note on stderr (kept off stdout so `--json` output stays parseable).
    pub fn note(&self, text: &str) {
        eprintln!("{text}");
    }
}

/// Text from elsewhere (a server's error description, a Notion title, a file name) as it can
/// be printed to a terminal: control characters, which could move the cursor, recolour or
/// retitle the terminal, become `\u{fffd}`. Line breaks and tabs stay.
pub fn plain(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn escape_codes_from_elsewhere_are_not_printed() {
        assert_eq!(
            plain("bad\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m code\n\tok"),
            "bad\u{fffd}]0;owned\u{fffd}\u{fffd}[2J\u{fffd}31m code\n\tok"
        );
        assert_eq!(plain("Daily Tracking · 78%"), "Daily Tracking · 78%");
    }
}
