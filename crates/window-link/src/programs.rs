//! The desktop app's two programs, installed side by side: each finds the other beside itself.

use std::path::PathBuf;

use crate::reach::{Processes, Started};

/// The window (the Tauri app), the one the menu entry and the login item start.
pub const WINDOW: &str = "whoop-notion-sync";
/// The tray host, which the window starts.
pub const TRAY_HOST: &str = "whoop-notion-tray";
/// Passed by the login item, and by the window to the host: start in the tray, no window.
pub const HIDDEN: &str = "--hidden";
/// `--replacing PID`: the host starts once the older host `PID` has left the profile.
pub const REPLACING: &str = "--replacing";

/// `program` in the folder of the running one.
pub fn beside_this(program: &str) -> std::io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    Ok(exe.with_file_name(format!("{program}{}", std::env::consts::EXE_SUFFIX)))
}

/// The real programs: the host installed beside this one, and stop signals.
pub struct Installed;

impl Processes for Installed {
    fn start_host(&self, replacing: Option<u32>) -> std::io::Result<Box<dyn Started>> {
        let exe = beside_this(TRAY_HOST)?;
        let mut command = std::process::Command::new(&exe);
        command.arg(HIDDEN).stdin(std::process::Stdio::null());
        if let Some(pid) = replacing {
            command.arg(REPLACING).arg(pid.to_string());
        }
        // Its own process group: a Ctrl-C meant for this window leaves the tray running.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command.spawn().map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!(
                    "could not start the tray host {}: {e}. Reinstall the app",
                    exe.display()
                ),
            )
        })?;
        Ok(Box::new(Spawned(Some(child))))
    }

    fn stop_old_host(&self, pid: u32) -> Result<(), String> {
        stop_host_process(pid)
    }
}

/// A started host; reaped in the background once let go, so it never lingers as a zombie of
/// the window.
struct Spawned(Option<std::process::Child>);

impl Started for Spawned {
    fn exited(&mut self) -> Option<Result<(), String>> {
        let status = self.0.as_mut()?.try_wait().ok()??;
        self.0 = None;
        Some(if status.success() {
            Ok(())
        } else {
            Err(format!(
                "the tray host stopped at start ({status}); its log is in the app's log folder"
            ))
        })
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            std::thread::spawn(move || child.wait());
        }
    }
}

/// Whether process `pid` still exists (where that can't be known: yes).
pub fn is_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // Signal 0 only checks; EPERM means it exists but isn't ours.
        // SAFETY: kill() with signal 0 sends nothing and touches no memory of ours.
        let result = unsafe { libc::kill(pid, 0) };
        result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Whether process `pid` runs the tray host program (a live pid from an address file may be
/// any program by now). `false` where that can't be told.
pub fn runs_tray_host(pid: u32) -> bool {
    pid > 1
        && pid != std::process::id()
        && program_of(pid)
            .is_ok_and(|p| p == format!("{TRAY_HOST}{}", std::env::consts::EXE_SUFFIX))
}

/// Asks the host process `pid` to stop (SIGTERM, on which it quits cleanly), after checking
/// that it runs the host program: a pid from the address file may have been reused since.
pub fn stop_host_process(pid: u32) -> Result<(), String> {
    if pid <= 1 || pid == std::process::id() {
        return Err(format!("{pid} is not a tray host"));
    }
    let program = program_of(pid)?;
    let expected = format!("{TRAY_HOST}{}", std::env::consts::EXE_SUFFIX);
    if program != expected {
        return Err(format!("process {pid} runs {program}, not {expected}"));
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return Err(format!("{pid} is not a process id"));
        };
        // SAFETY: a plain system call on a checked, positive pid.
        if unsafe { libc::kill(pid, libc::SIGTERM) } != 0 {
            return Err(format!(
                "could not signal process {pid}: {}",
                std::io::Error::last_os_error()
            ));
        }
        Ok(())
    }
    #[cfg(not(unix))]
    Err("stopping it is not supported on this system".into())
}

/// The file name of the program process `pid` runs. After a package upgrade replaced it on
/// disk, Linux says "… (deleted)": the name is still the program's.
fn program_of(pid: u32) -> Result<String, String> {
    #[cfg(target_os = "linux")]
    {
        let exe = std::fs::read_link(format!("/proc/{pid}/exe"))
            .map_err(|e| format!("could not tell which program process {pid} runs: {e}"))?;
        let exe = exe.to_string_lossy();
        let exe = exe.strip_suffix(" (deleted)").unwrap_or(&exe);
        Ok(std::path::Path::new(exe)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default())
    }
    #[cfg(not(target_os = "linux"))]
    Err(format!(
        "could not tell which program process {pid} runs on this system"
    ))
}
