//! On Linux, the other way to start the tray host at login: a systemd user service, which also
//! starts it again if it stops (`Restart=on-failure`). Off by default; when on, it replaces
//! the login item. The host it starts is passed `--service`: if another host already runs the
//! profile (one the window started, say), it stands by and takes over when that one stops,
//! instead of leaving at once, so `Restart=` covers whichever host is running.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The unit's name, in `~/.config/systemd/user/`.
pub const UNIT: &str = "whoop-notion-tray.service";
/// What the service passes the tray host (besides `--hidden`).
pub const SERVICE_FLAG: &str = "--service";

/// The user's systemd instance, through `systemctl --user`.
#[derive(Debug, Clone)]
pub struct UserService {
    systemctl: PathBuf,
    unit_dir: PathBuf,
    /// `$XDG_RUNTIME_DIR`, where a running user instance has its `systemd/private` socket.
    runtime_dir: Option<PathBuf>,
}

impl UserService {
    /// The real one: `systemctl` from PATH, units in `$XDG_CONFIG_HOME/systemd/user` (where
    /// systemd looks for a user's own units). `None` where there's no config folder.
    pub fn new() -> Option<Self> {
        let config = dirs::config_dir()?;
        Some(Self::with(
            PathBuf::from("systemctl"),
            config.join("systemd").join("user"),
            dirs::runtime_dir(),
        ))
    }

    /// Another `systemctl`, unit folder and runtime folder (tests: a stand-in that records
    /// its calls).
    pub fn with(systemctl: PathBuf, unit_dir: PathBuf, runtime_dir: Option<PathBuf>) -> Self {
        Self {
            systemctl,
            unit_dir,
            runtime_dir,
        }
    }

    pub fn unit_file(&self) -> PathBuf {
        self.unit_dir.join(UNIT)
    }

    /// Whether this session has a systemd user instance to run the service: its socket in
    /// the runtime folder (looked at first, so that a machine without one runs nothing), and
    /// `systemctl --user` answering.
    pub fn available(&self) -> bool {
        cfg!(target_os = "linux")
            && self
                .runtime_dir
                .as_ref()
                .is_some_and(|dir| dir.join("systemd").join("private").exists())
            && self.systemctl(&["show-environment"]).is_ok()
    }

    /// Whether the service is there and enabled.
    pub fn enabled(&self) -> bool {
        self.unit_file().exists()
            && self
                .systemctl(&["is-enabled", UNIT])
                .is_ok_and(|out| out.trim() == "enabled")
    }

    /// Writes the unit for `host` (the tray host's path) and enables it; it starts now, and
    /// stands by while the host that is running now runs.
    pub fn enable(&self, host: &Path) -> Result<(), String> {
        std::fs::create_dir_all(&self.unit_dir)
            .map_err(|e| format!("could not create {}: {e}", self.unit_dir.display()))?;
        let file = self.unit_file();
        std::fs::write(&file, unit_text(host))
            .map_err(|e| format!("could not write {}: {e}", file.display()))?;
        let enabled = self
            .systemctl(&["daemon-reload"])
            .and_then(|_| self.systemctl(&["enable", "--now", UNIT]));
        if enabled.is_err() {
            // No unit left behind that nothing enabled.
            let _ = std::fs::remove_file(&file);
        }
        enabled.map(|_| ())
    }

    /// Disables the service and removes its unit. The host it started goes on running until
    /// the user quits or logs out: it may be the one asking.
    pub fn disable(&self) -> Result<(), String> {
        let file = self.unit_file();
        if file.exists() {
            self.systemctl(&["disable", UNIT])?;
            std::fs::remove_file(&file)
                .map_err(|e| format!("could not remove {}: {e}", file.display()))?;
            self.systemctl(&["daemon-reload"])?;
        }
        Ok(())
    }

    fn systemctl(&self, args: &[&str]) -> Result<String, String> {
        let out = Command::new(&self.systemctl)
            .arg("--user")
            .args(args)
            .output()
            .map_err(|e| format!("could not run systemctl: {e}"))?;
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if out.status.success() {
            Ok(stdout)
        } else {
            let stderr = String::from_utf8_lossy(&out.stderr);
            Err(format!(
                "systemctl --user {} failed: {}",
                args.join(" "),
                stderr.trim()
            ))
        }
    }
}

/// The unit that runs `host`: in the graphical session (the tray needs its display and
/// session bus), started again 10 seconds after it fails. A host that exits 0 (the profile is
/// run by `whoop-notion daemon`) is left stopped.
pub fn unit_text(host: &Path) -> String {
    format!(
        "[Unit]\n\
         Description=WHOOP → Notion Sync (tray and background sync)\n\
         PartOf=graphical-session.target\n\
         After=graphical-session.target\n\
         \n\
         [Service]\n\
         ExecStart={} --hidden {SERVICE_FLAG}\n\
         Restart=on-failure\n\
         RestartSec=10\n\
         \n\
         [Install]\n\
         WantedBy=graphical-session.target\n",
        exec_quoted(host)
    )
}

/// A path as systemd reads `ExecStart=`: in double quotes, with `\`, `"` escaped, and `%`
/// doubled (systemd's specifiers).
fn exec_quoted(path: &Path) -> String {
    let text = path.display().to_string();
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('%', "%%");
    format!("\"{escaped}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_runs_the_host_in_the_session_and_restarts_it_on_failure() {
        let text = unit_text(Path::new("/usr/bin/whoop-notion-tray"));
        assert!(text.contains("\nExecStart=\"/usr/bin/whoop-notion-tray\" --hidden --service\n"));
        assert!(text.contains("\nRestart=on-failure\n"));
        assert!(text.contains("\nWantedBy=graphical-session.target\n"));
        assert!(text.contains("\nPartOf=graphical-session.target\n"));
    }

    #[test]
    fn paths_with_spaces_quotes_and_percent_signs_survive() {
        let text = unit_text(Path::new("/home/me/My \"Apps\" 100%/whoop-notion-tray"));
        assert!(
            text.contains(r#"ExecStart="/home/me/My \"Apps\" 100%%/whoop-notion-tray" --hidden"#),
            "{text}"
        );
    }

    /// A stand-in systemctl: records each call's arguments; `is-enabled` answers what the
    /// last enable/disable left. A shell script: the tests that use it are Unix-only.
    #[cfg(unix)]
    fn stand_in(dir: &Path) -> PathBuf {
        let script = dir.join("systemctl");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\necho \"$*\" >> '{calls}'\n\
                 case \"$2\" in\n\
                 enable) echo enabled > '{state}' ;;\n\
                 disable) echo disabled > '{state}' ;;\n\
                 is-enabled) cat '{state}' 2>/dev/null || echo disabled ;;\n\
                 esac\n",
                calls = dir.join("calls").display(),
                state = dir.join("state").display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        script
    }

    #[cfg(unix)]
    #[test]
    fn enabling_writes_the_unit_and_enables_it_disabling_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = dir.path().join("run");
        let service = UserService::with(
            stand_in(dir.path()),
            dir.path().join("units"),
            Some(runtime.clone()),
        );
        // No user instance running: not offered, and nothing run to find out.
        assert!(!service.available());
        assert!(!dir.path().join("calls").exists());
        std::fs::create_dir_all(runtime.join("systemd")).unwrap();
        std::fs::write(runtime.join("systemd").join("private"), "").unwrap();
        assert!(service.available() == cfg!(target_os = "linux"));
        assert!(!service.enabled());
        service
            .enable(Path::new("/opt/WHOOP/whoop-notion-tray"))
            .unwrap();
        assert!(service.enabled());
        let unit = std::fs::read_to_string(service.unit_file()).unwrap();
        assert!(unit.contains("ExecStart=\"/opt/WHOOP/whoop-notion-tray\""));
        service.disable().unwrap();
        assert!(!service.unit_file().exists());
        assert!(!service.enabled());
        let calls = std::fs::read_to_string(dir.path().join("calls")).unwrap();
        assert_eq!(
            calls.lines().collect::<Vec<_>>(),
            [
                "--user show-environment",
                "--user daemon-reload",
                "--user enable --now whoop-notion-tray.service",
                "--user is-enabled whoop-notion-tray.service",
                "--user disable whoop-notion-tray.service",
                "--user daemon-reload",
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_failing_systemctl_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("systemctl");
        std::fs::write(
            &script,
            "#!/bin/sh\necho 'Failed to connect to bus' >&2\nexit 1\n",
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let runtime = dir.path().join("run");
        std::fs::create_dir_all(runtime.join("systemd")).unwrap();
        std::fs::write(runtime.join("systemd").join("private"), "").unwrap();
        let service = UserService::with(script, dir.path().join("units"), Some(runtime));
        assert!(!service.available());
        let error = service
            .enable(Path::new("/usr/bin/whoop-notion-tray"))
            .unwrap_err();
        assert_eq!(
            error,
            "systemctl --user daemon-reload failed: Failed to connect to bus"
        );
        assert!(!service.unit_file().exists(), "a unit left behind");
    }
}
