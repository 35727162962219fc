//! The archive itself: named text entries, redacted, written as one private `.tar.gz`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::redact::redact;

/// The entries of one archive, in order.
#[derive(Debug, Default)]
pub struct Bundle {
    entries: Vec<(String, String)>,
}

impl Bundle {
    /// Adds `text` as `name`, with anything secret-shaped blanked.
    pub fn text(&mut self, name: &str, text: &str) {
        self.entries.push((name.to_string(), redact(text)));
    }

    /// Adds a file's text, or a line saying why it isn't there.
    pub fn file(&mut self, name: &str, path: &Path) {
        match std::fs::read(path) {
            Ok(bytes) => self.text(name, &String::from_utf8_lossy(&bytes)),
            Err(e) => self.text(
                &format!("{name}.missing"),
                &format!("{}: {e}\n", path.display()),
            ),
        }
    }

    /// Adds every log in `dir` (`*.log`, and `*.log.1` before a rotation) under `logs/`.
    pub fn logs(&mut self, dir: &Path) {
        let mut names: Vec<String> = match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".log") || n.contains(".log."))
                .collect(),
            Err(e) => {
                self.text("logs.missing", &format!("{}: {e}\n", dir.display()));
                return;
            }
        };
        names.sort();
        if names.is_empty() {
            self.text("logs.missing", &format!("{}: no logs yet\n", dir.display()));
        }
        for name in names {
            self.file(&format!("logs/{name}"), &dir.join(&name));
        }
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(name, _)| name.as_str())
    }

    /// Writes `whoop-notion-diagnostics-YYYYMMDD-HHMMSS.tar.gz` into `dir` (0600, whole or not
    /// at all) and returns its path. A second one in the same second gets `-2`, `-3`, ….
    pub fn save(&self, dir: &Path, now: DateTime<Utc>) -> io::Result<PathBuf> {
        let stem = format!("whoop-notion-diagnostics-{}", now.format("%Y%m%d-%H%M%S"));
        let folder = stem.clone();
        let bytes = self.archive(&folder, now)?;
        std::fs::create_dir_all(dir)?;
        for n in 1.. {
            let name = if n == 1 {
                format!("{stem}.tar.gz")
            } else {
                format!("{stem}-{n}.tar.gz")
            };
            let path = dir.join(name);
            if path.exists() {
                continue;
            }
            private_fs::write_atomic(&path, &bytes)?;
            return Ok(path);
        }
        unreachable!("some name is free")
    }

    /// The gzipped tar, every entry inside one folder so it unpacks tidily.
    fn archive(&self, folder: &str, now: DateTime<Utc>) -> io::Result<Vec<u8>> {
        let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let mut tar = tar::Builder::new(gz);
        for (name, text) in &self.entries {
            let mut header = tar::Header::new_gnu();
            header.set_size(text.len() as u64);
            header.set_mode(0o600);
            header.set_mtime(now.timestamp().max(0) as u64);
            header.set_entry_type(tar::EntryType::Regular);
            tar.append_data(&mut header, format!("{folder}/{name}"), text.as_bytes())?;
        }
        let mut gz = tar.into_inner()?;
        gz.flush()?;
        gz.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    pub(crate) fn unpack(path: &Path) -> Vec<(String, String)> {
        let file = std::fs::File::open(path).unwrap();
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
        archive
            .entries()
            .unwrap()
            .map(|e| {
                let mut e = e.unwrap();
                let name = e.path().unwrap().to_string_lossy().into_owned();
                let mut text = String::new();
                e.read_to_string(&mut text).unwrap();
                (name, text)
            })
            .collect()
    }

    #[test]
    fn the_archive_holds_each_entry_redacted_in_one_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("logs");
        std::fs::create_dir(&logs).unwrap();
        std::fs::write(logs.join("b.log"), "Authorization: Bearer abcdefgh12345\n").unwrap();
        std::fs::write(logs.join("b.log.1"), "older\n").unwrap();
        std::fs::write(logs.join("notes.txt"), "not a log\n").unwrap();
        let mut bundle = Bundle::default();
        bundle.text("version.txt", "whoop-notion 0.1.0\n");
        bundle.logs(&logs);
        bundle.file("config.json", &dir.path().join("absent.json"));

        let now = "2026-12-01T07:40:02Z".parse().unwrap();
        let out = dir.path().join("out");
        let first = bundle.save(&out, now).unwrap();
        let second = bundle.save(&out, now).unwrap();
        assert_eq!(
            first.file_name().unwrap(),
            "whoop-notion-diagnostics-20261201-074002.tar.gz"
        );
        assert_eq!(
            second.file_name().unwrap(),
            "whoop-notion-diagnostics-20261201-074002-2.tar.gz"
        );
        assert_eq!(private_fs::mode(&first).unwrap(), Some(0o600));

        let entries = unpack(&first);
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        let folder = "whoop-notion-diagnostics-20261201-074002";
        assert_eq!(
            names,
            [
                format!("{folder}/version.txt"),
                format!("{folder}/logs/b.log"),
                format!("{folder}/logs/b.log.1"),
                format!("{folder}/config.json.missing"),
            ]
        );
        assert_eq!(entries[1].1, "Authorization: Bearer [redacted]\n");
        assert!(entries[3].1.contains("absent.json"), "{}", entries[3].1);
    }

    #[test]
    fn no_log_folder_yet_is_said_not_failed() {
        let dir = tempfile::tempdir().unwrap();
        let mut bundle = Bundle::default();
        bundle.logs(&dir.path().join("never-made"));
        assert_eq!(bundle.names().collect::<Vec<_>>(), ["logs.missing"]);
    }
}
