//! The host's log: one file in the log folder (kept under about 2 MB by starting a new one
//! at launch), and stderr. Nothing secret is ever logged by the crates below.

use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

const FILE_NAME: &str = "whoop-notion-tray.log";
const KEEP_BYTES: u64 = 2 * 1024 * 1024;

struct FileLogger {
    file: Option<Mutex<std::fs::File>>,
}

impl log::Log for FileLogger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Info
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let line = format!(
            "{} {} {}: {}\n",
            chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
            record.level(),
            record.target(),
            record.args()
        );
        eprint!("{line}");
        if let Some(file) = &self.file {
            let _ = file
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .write_all(line.as_bytes());
        }
    }

    fn flush(&self) {}
}

pub fn init(dir: &Path) {
    let path = dir.join(FILE_NAME);
    // The log names days and outcomes: the owner's only (0700 folder, 0600 files).
    let file = private_fs::ensure_dir(dir).ok().and_then(|_| {
        if std::fs::metadata(&path).is_ok_and(|m| m.len() > KEEP_BYTES) {
            let old = dir.join(format!("{FILE_NAME}.1"));
            if std::fs::rename(&path, &old).is_ok() {
                let _ = private_fs::tighten(&old);
            }
        }
        private_fs::append(&path).ok()
    });
    let logger = Box::new(FileLogger {
        file: file.map(Mutex::new),
    });
    if log::set_boxed_logger(logger).is_ok() {
        log::set_max_level(log::LevelFilter::Info);
    }
}
