//! Asking the user for things on a terminal — and refusing to hang when there is none.

use std::io::{BufRead, IsTerminal, Write};

use sync_engine::SyncError;

pub fn stdin_is_terminal() -> bool {
    std::io::stdin().is_terminal()
}

/// A hidden prompt (for secrets).
pub fn secret(question: &str, missing_hint: &str) -> Result<String, SyncError> {
    if !stdin_is_terminal() {
        return Err(SyncError::invalid(missing_hint.to_string()));
    }
    let value = rpassword::prompt_password(question)
        .map_err(|e| SyncError::invalid(format!("could not read from the terminal: {e}")))?;
    Ok(value.trim().to_string())
}

/// A visible prompt, answered on one line.
pub fn line(question: &str, missing_hint: &str) -> Result<String, SyncError> {
    if !stdin_is_terminal() {
        return Err(SyncError::invalid(missing_hint.to_string()));
    }
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| SyncError::invalid(format!("could not read from the terminal: {e}")))?;
    Ok(answer.trim().to_string())
}

/// All of standard input.
pub fn read_stdin() -> Result<String, SyncError> {
    let mut text = String::new();
    for line in std::io::stdin().lock().lines() {
        let line =
            line.map_err(|e| SyncError::invalid(format!("could not read standard input: {e}")))?;
        text.push_str(&line);
        text.push('\n');
    }
    Ok(text.trim().to_string())
}

/// Opens a URL in the system browser; false when no opener worked.
pub fn open_browser(url: &str) -> bool {
    let attempts: &[(&str, &[&str])] = if cfg!(target_os = "macos") {
        &[("open", &[])]
    } else if cfg!(windows) {
        &[("rundll32", &["url.dll,FileProtocolHandler"])]
    } else {
        &[("xdg-open", &[]), ("gio", &["open"])]
    };
    attempts.iter().any(|(program, args)| {
        std::process::Command::new(program)
            .args(*args)
            .arg(url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    })
}
