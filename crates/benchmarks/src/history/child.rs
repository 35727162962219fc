//! The CLI as a child process, so what is measured is the engine's own share (the simulators
//! stay in the bench process): its peak RSS and CPU come from `wait4`'s rusage, its wall time
//! from spawn to exit.
//!
//! A process's `ru_maxrss` also counts the memory of whoever started it (Linux records the
//! high-water mark of the address space `exec` replaces, and `posix_spawn` shares the parent's),
//! so a child started straight from this bench would be charged the bench's tens of MB. Each
//! child is therefore started by a small launcher (this binary again, with [`LAUNCH`]) that
//! waits for it and reports; the launcher's own ~2 MB is the floor of the figure, well below
//! what the CLI uses.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use crate::world::Profile;

/// The first argument that makes this binary a launcher.
pub const LAUNCH: &str = "--launch";

/// How a child ended.
#[derive(Debug, Clone)]
pub struct Finished {
    pub wall: Duration,
    /// Peak resident set (`ru_maxrss`: the kernel's high-water mark, VmHWM), in KiB.
    pub max_rss_kib: u64,
    /// User + system CPU.
    pub cpu: Duration,
    /// Exit code, or the signal that ended it.
    pub code: Option<i32>,
    pub signal: Option<i32>,
    pub stdout: PathBuf,
    pub stderr: PathBuf,
}

impl Finished {
    pub fn stdout_text(&self) -> String {
        std::fs::read_to_string(&self.stdout).unwrap_or_default()
    }

    pub fn stderr_text(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }
}

/// A started `whoop-notion --json sync --since first`, and its launcher.
pub struct Running {
    launcher: Child,
    said: BufReader<ChildStdout>,
    pid: i32,
    stdout: PathBuf,
    stderr: PathBuf,
}

/// `whoop-notion` built next to this benchmark (scripts/bench builds both).
pub fn cli_exe() -> PathBuf {
    let me = std::env::current_exe().expect("the benchmark's own path");
    let exe = me.with_file_name("whoop-notion");
    assert!(
        exe.exists(),
        "{} is missing: build it with `cargo build --release -p whoop-notion` (scripts/bench does)",
        exe.display()
    );
    exe
}

/// Starts `sync --since first` on `profile`, as a user would with the simulators' addresses
/// (the CLI's WHOOP_*_URL / NOTION_API_URL) and the file secret store. Output goes to files, so
/// a large JSON report never blocks on a pipe.
pub fn spawn(exe: &Path, profile: &Profile, label: &str) -> Running {
    let stdout = profile.dir.with_extension(format!("{label}.out"));
    let stderr = profile.dir.with_extension(format!("{label}.err"));
    let mut launcher = Command::new(std::env::current_exe().expect("own path"))
        .arg(LAUNCH)
        .arg(&stdout)
        .arg(&stderr)
        .arg(exe)
        .args(["--json", "sync", "--since", "first"])
        .envs(profile.env())
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the launcher starts");
    let mut said = BufReader::new(launcher.stdout.take().expect("piped"));
    let mut line = String::new();
    said.read_line(&mut line)
        .expect("the launcher says the pid");
    let pid = line
        .strip_prefix("pid ")
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or_else(|| panic!("the launcher said {line:?}"));
    Running {
        launcher,
        said,
        pid,
        stdout,
        stderr,
    }
}

impl Running {
    /// The CLI's pid.
    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// Waits for the child to end (blocking: call it off the async workers).
    pub fn wait(mut self) -> Finished {
        let mut line = String::new();
        self.said
            .read_line(&mut line)
            .expect("the launcher reports");
        let _ = self.launcher.wait();
        let n: Vec<i64> = line
            .strip_prefix("done ")
            .unwrap_or_else(|| panic!("the launcher said {line:?}"))
            .split_whitespace()
            .map(|v| v.parse().expect("a number"))
            .collect();
        let [code, signal, max_rss_kib, cpu_us, wall_us] = n[..] else {
            panic!("the launcher said {line:?}");
        };
        Finished {
            wall: Duration::from_micros(wall_us as u64),
            max_rss_kib: max_rss_kib as u64,
            cpu: Duration::from_micros(cpu_us as u64),
            code: (code >= 0).then_some(code as i32),
            signal: (signal >= 0).then_some(signal as i32),
            stdout: self.stdout,
            stderr: self.stderr,
        }
    }
}

/// SIGKILL, as the OOM killer or a pulled plug would: no chance to clean up.
pub fn kill(pid: i32) {
    // SAFETY: plain FFI. The pid is the CLI's, which its launcher reaps only after it ends;
    // callers kill only while the launcher hasn't reported that.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
}

/// The launcher: `LAUNCH stdout-file stderr-file program args…`. Starts the program, says
/// `pid N`, waits for it, says `done CODE SIGNAL MAXRSS_KIB CPU_US WALL_US` (-1: none).
pub fn launcher(args: &[String]) {
    let [stdout, stderr, program, rest @ ..] = args else {
        eprintln!("usage: {LAUNCH} STDOUT STDERR PROGRAM [ARGS…]");
        std::process::exit(2);
    };
    let started = Instant::now();
    // Reaped below by wait4 (std's wait has no rusage).
    #[allow(clippy::zombie_processes)]
    let child = Command::new(program)
        .args(rest)
        .stdin(Stdio::null())
        .stdout(File::create(stdout).expect("stdout file"))
        .stderr(File::create(stderr).expect("stderr file"))
        .spawn()
        .expect("the program starts");
    let pid = child.id() as i32;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "pid {pid}");
    let _ = out.flush();
    let mut status: libc::c_int = 0;
    // SAFETY: plain FFI; `status` and `usage` are valid for writing, and the pid is our own
    // unreaped child (std's Child is never waited on).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    let wall = started.elapsed();
    // tv_usec is i64 on Linux but i32 on macOS, so the widening is a no-op only here.
    #[allow(clippy::useless_conversion)]
    let micros = |t: libc::timeval| t.tv_sec * 1_000_000 + i64::from(t.tv_usec);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let signal = if libc::WIFSIGNALED(status) {
        libc::WTERMSIG(status)
    } else {
        -1
    };
    // Linux reports ru_maxrss in KiB, macOS in bytes.
    let maxrss_kib = if cfg!(target_os = "macos") {
        usage.ru_maxrss / 1024
    } else {
        usage.ru_maxrss
    };
    let _ = writeln!(
        out,
        "done {code} {signal} {} {} {}",
        maxrss_kib,
        micros(usage.ru_utime) + micros(usage.ru_stime),
        wall.as_micros()
    );
}

/// This process's peak RSS in KiB (`VmHWM`), for the simulators' share.
pub fn own_peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
