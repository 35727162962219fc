//! The window's log, told the way the tray host tells its own (tracing-subscriber's format:
//! `2026-12-01T07:40:02.123456Z  INFO target: message`), into its own file in the same folder
//! (`whoop-notion-sync.log` beside `whoop-notion-tray.log`, private and rotated at launch the
//! same way) and stderr. `RUST_LOG` chooses what is written, as for the host and the CLI
//! (default: info). So "Open logs" and "Copy diagnostics" find one story in one format.

use std::fmt::Arguments;

use tauri_plugin_log::{fern, Target, TargetKind};

const FILE_NAME: &str = "whoop-notion-sync.log";
const KEEP_BYTES: u64 = 2 * 1024 * 1024;

/// One line: UTC time to the microsecond, the level right-aligned in five, the target.
pub fn line(
    now: time::OffsetDateTime,
    level: log::Level,
    target: &str,
    message: &Arguments,
) -> String {
    let t = now.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z {:>5} {target}: {message}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond(),
        level.as_str(),
    )
}

/// `RUST_LOG` when set (the same directives as the host's), else info.
fn filter() -> env_filter::Filter {
    let spec = std::env::var("RUST_LOG").unwrap_or_default();
    let mut builder = env_filter::Builder::new();
    if spec.trim().is_empty() {
        builder.filter_level(log::LevelFilter::Info);
    } else {
        builder.parse(&spec);
    }
    builder.build()
}

pub fn plugin<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    let filter = filter();
    let mut builder = tauri_plugin_log::Builder::new()
        .clear_targets()
        .level(filter.filter())
        .filter(move |metadata| filter.enabled(metadata))
        .format(|out, message, record| {
            out.finish(format_args!(
                "{}",
                line(
                    time::OffsetDateTime::now_utc(),
                    record.level(),
                    record.target(),
                    message
                )
            ))
        })
        .target(Target::new(TargetKind::Stderr));
    // The log names what the user did: the owner's only (0700 folder, 0600 file). Without a
    // file the window still logs to stderr.
    match private_fs::open_log(&profile_dir::app_log_dir(), FILE_NAME, KEEP_BYTES) {
        Ok(file) => {
            builder = builder.target(Target::new(TargetKind::Dispatch(
                fern::Dispatch::new().chain(file),
            )))
        }
        Err(e) => eprintln!("the window's log file could not be opened: {e}"),
    }
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The host's lines come from tracing-subscriber's fmt layer; a reader (or a grep across
    /// both files) sees one shape.
    #[test]
    fn a_line_has_the_hosts_shape() {
        // 2026-12-01T07:40:02.123456Z
        let at =
            time::OffsetDateTime::from_unix_timestamp_nanos(1_796_110_802_123_456_000).unwrap();
        let text = line(
            at,
            log::Level::Info,
            "whoop_notion_sync::host",
            &format_args!("connected"),
        );
        assert_eq!(
            text,
            "2026-12-01T07:40:02.123456Z  INFO whoop_notion_sync::host: connected"
        );
        let warn = line(at, log::Level::Warn, "t", &format_args!("x"));
        assert!(warn.contains("Z  WARN t: x"), "{warn}");
        let error = line(at, log::Level::Error, "t", &format_args!("x"));
        assert!(error.contains("Z ERROR t: x"), "{error}");
    }
}
