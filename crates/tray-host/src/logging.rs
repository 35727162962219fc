//! The host's log: one file in the log folder (kept under about 2 MB by starting a new one
//! at launch), and stderr. `tracing` events and spans (the engine's sync runs, the request
//! lines) and the `log` lines of the crates that still use it go through one
//! `tracing-subscriber` fmt layer; `RUST_LOG` chooses what is written (default: info).
//! Nothing secret is ever logged by the crates below.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

const FILE_NAME: &str = "whoop-notion-tray.log";
const KEEP_BYTES: u64 = 2 * 1024 * 1024;

/// Where each formatted line goes: stderr, and the log file when it could be opened.
#[derive(Clone)]
struct LogFile {
    file: Option<Arc<Mutex<std::fs::File>>>,
}

/// One event's text (the fmt layer writes a whole line at once).
struct Line<'a>(&'a LogFile);

impl Write for Line<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let _ = std::io::stderr().write_all(bytes);
        if let Some(file) = &self.0.file {
            let _ = file
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .write_all(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for LogFile {
    type Writer = Line<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        Line(self)
    }
}

pub fn init(dir: &Path) {
    let writer = LogFile {
        // The log names days and outcomes: the owner's only (0700 folder, 0600 files).
        file: private_fs::open_log(dir, FILE_NAME, KEEP_BYTES)
            .ok()
            .map(|file| Arc::new(Mutex::new(file))),
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Also installs the `log` → `tracing` bridge, so `log::info!` lines arrive here too.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init();
    tracing::debug!("logging to {}", dir.join(FILE_NAME).display());
}

/// A panic goes into the log with where it happened, then to the default hook (stderr), so a
/// host that died leaves its reason behind for "Copy diagnostics"; then `and_then` (the host
/// ends itself there).
pub fn log_panics(and_then: impl Fn() + Send + Sync + 'static) {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_else(|| "an unknown place".into());
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        let thread = std::thread::current();
        tracing::error!(
            thread = thread.name().unwrap_or("unnamed"),
            %location,
            "panicked: {message}"
        );
        default(info);
        and_then();
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracing_and_log_lines_reach_the_rotated_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("logs");
        private_fs::ensure_dir(&logs).unwrap();
        let path = logs.join(FILE_NAME);
        std::fs::write(&path, vec![b'x'; KEEP_BYTES as usize + 1]).unwrap();

        init(&logs);
        tracing::info_span!("sync", trigger = "manual").in_scope(|| {
            tracing::info!(created = 2, "sync finished");
            tracing::debug!("not at the default level");
        });
        log::info!("a log crate line");
        log_panics(|| {});
        let line = line!() + 1;
        let died = std::thread::spawn(|| panic!("a test panic")).join();
        assert!(died.is_err());

        let old = std::fs::metadata(logs.join(format!("{FILE_NAME}.1"))).unwrap();
        assert!(old.len() > KEEP_BYTES, "the big file was moved aside");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("INFO sync{trigger=\"manual\"}: ") && text.contains("created=2"),
            "{text}"
        );
        assert!(text.contains("a log crate line"), "{text}");
        let location = format!("src/logging.rs:{line}:");
        assert!(
            text.lines().any(|l| l.contains(" ERROR ")
                && l.contains("panicked: a test panic")
                && l.contains(&location)),
            "{text}"
        );
        if std::env::var_os("RUST_LOG").is_none() {
            assert!(!text.contains("not at the default level"), "{text}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
            assert_eq!(old.permissions().mode() & 0o777, 0o600);
        }
    }
}
