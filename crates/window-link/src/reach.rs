//! How a window gets a host it can use: the one running, or, after an upgrade was installed
//! while an older host kept running, a new one in its place.
//!
//! The decision is [`judge`]; [`reach`] carries it out. Processes (starting the host program,
//! stopping a host from before versioned hellos) go through [`Processes`], so all of this is
//! tested with hosts on the test's own runtime; [`programs::Installed`](crate::programs) is
//! the real one.

use std::cmp::Ordering;
use std::path::Path;
use std::time::{Duration, Instant};

use sync_vocabulary::profile_layout;

use crate::address::HostAddress;
use crate::client::{connect_as, Link, LinkEvents};
use crate::protocol::Announce;

/// What a window does with the host it met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Talk to it.
    Use,
    /// An older host (the app was upgraded while it ran): it finishes its sync and quits, and
    /// the window starts the host installed beside it.
    Replace,
    /// A newer host (the app was downgraded while it ran) that no longer serves this window's
    /// protocol.
    TooNew,
}

/// The rule (docs/ARCHITECTURE.md, "Upgrades"): a host that says nothing of itself (from
/// before versioned hellos, protocol 0), one of an older protocol, or an older program of the
/// same protocol (the upgrade's fixes are in the host) is replaced. A host of the same or a
/// newer version is used if it still serves this window's protocol.
pub fn judge(window: &Announce, host: Option<&Announce>) -> Verdict {
    let Some(host) = host else {
        return Verdict::Replace;
    };
    if host.protocol < window.protocol
        || compare_versions(&host.version, &window.version) == Ordering::Less
    {
        return Verdict::Replace;
    }
    if host.oldest_window <= window.protocol {
        Verdict::Use
    } else {
        Verdict::TooNew
    }
}

/// Semantic versions compared; one that doesn't parse is taken as equal, so only the protocol
/// decides.
fn compare_versions(a: &str, b: &str) -> Ordering {
    match (semver::Version::parse(a), semver::Version::parse(b)) {
        (Ok(a), Ok(b)) => a.cmp(&b),
        _ => Ordering::Equal,
    }
}

/// The processes a window deals with.
pub trait Processes: Send + Sync {
    /// Starts the host program installed beside the window. `replacing`: the pid of an older
    /// host that was asked to quit; the new one waits for it to leave the profile.
    fn start_host(&self, replacing: Option<u32>) -> std::io::Result<Box<dyn Started>>;
    /// Stops a host from before versioned hellos, which knows no "quit when idle" but quits
    /// cleanly on a stop signal, after checking that `pid` runs the host program.
    fn stop_old_host(&self, pid: u32) -> Result<(), String>;
    /// Whether the process `pid` runs: a host's address file outlives a host that crashed.
    fn is_alive(&self, pid: u32) -> bool {
        crate::programs::is_alive(pid)
    }
}

/// A host program this window started.
pub trait Started: Send {
    /// `None` while it runs; then `Ok` when it left cleanly (another host has the profile),
    /// or why it failed.
    fn exited(&mut self) -> Option<Result<(), String>>;
}

/// How long [`reach`] waits.
#[derive(Debug, Clone)]
pub struct Waits {
    /// For a freshly started host to listen.
    pub start: Duration,
    /// For an older host to finish its sync and leave, and the new one to listen.
    pub upgrade: Duration,
    /// Between two looks at the address file.
    pub poll: Duration,
}

impl Default for Waits {
    fn default() -> Self {
        Waits {
            start: Duration::from_secs(15),
            upgrade: Duration::from_secs(90),
            poll: Duration::from_millis(50),
        }
    }
}

/// Why a window has no host to talk to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreachable {
    /// The host program could not be started, or stopped at once.
    NotStarted(String),
    /// A host from before versioned hellos that could not be stopped.
    CantStopOld(String),
    /// The older host is still finishing a sync; the new one takes over when it is done.
    StillFinishing { ours: String },
    /// A newer host that doesn't serve this window (a downgrade while it ran).
    TooNew { host: String, ours: String },
    /// The host program installed beside this window is older than the window.
    InstalledIsOlder { host: String, ours: String },
    /// Another program (the CLI's daemon) runs this profile's background sync, so the host
    /// left; `holder` is how it described itself, e.g. `whoop-notion daemon (pid 4242)`.
    RunElsewhere { holder: String },
}

impl Unreachable {
    /// What the window says for every command, in the user's words.
    pub fn message(&self) -> String {
        match self {
            Unreachable::RunElsewhere { holder } => format!(
                "Another program already syncs this profile in the background: {holder}. \
                 Stop it, then open WHOOP → Notion Sync again."
            ),
            Unreachable::NotStarted(why) => format!(
                "The background app could not start ({why}). Quit and start WHOOP → Notion Sync \
                 again; if it keeps happening, the log folder has the details."
            ),
            Unreachable::CantStopOld(why) => format!(
                "An older version of the background app is still running and could not be \
                 stopped ({why}). Pick Quit in its tray menu (or log out and in again), then \
                 open WHOOP → Notion Sync."
            ),
            Unreachable::StillFinishing { ours } => format!(
                "The background app is finishing a sync before it updates to version {ours}. \
                 Close this window and open WHOOP → Notion Sync again in a few minutes."
            ),
            Unreachable::TooNew { host, ours } => format!(
                "A newer version of the background app ({host}) is running, and this window \
                 ({ours}) can't work with it. Pick Quit in its tray menu, then open WHOOP → \
                 Notion Sync again — or install version {host} again."
            ),
            Unreachable::InstalledIsOlder { host, ours } => format!(
                "The background app installed with this window is an older version ({host}) \
                 than the window ({ours}). Reinstall WHOOP → Notion Sync."
            ),
        }
    }
}

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// The host in the address file, if it welcomes us.
async fn try_connect(
    profile: &Path,
    window: &Announce,
    processes: &dyn Processes,
) -> Option<(HostAddress, Link, LinkEvents)> {
    let address = HostAddress::read(profile).ok()?;
    // The file outlives a host that crashed; whoever listens on its port now is not our host,
    // and must not hear what the user types next.
    if !processes.is_alive(address.pid) {
        log::info!(
            "the tray host named in the profile (pid {}) isn't running",
            address.pid
        );
        return None;
    }
    let (link, events) = connect_as(&address, Some(window)).await.ok()?;
    Some((address, link, events))
}

/// Who runs the profile's schedule, when it is a live process other than a tray host. Only
/// read, never locked: a window taking the lock, even for an instant, could turn a starting
/// host away.
fn background_run_elsewhere(profile: &Path) -> Option<String> {
    let holder = private_fs::ProcessLock::holder(&profile_layout::background_lock(profile))?;
    if holder.starts_with(crate::programs::TRAY_HOST) {
        return None;
    }
    let pid: u32 = holder
        .rsplit_once("(pid ")?
        .1
        .trim_end_matches(')')
        .parse()
        .ok()?;
    crate::programs::is_alive(pid).then_some(holder)
}

fn described(host: Option<&Announce>) -> String {
    host.map_or_else(|| "from before versioned hellos".into(), |h| h.to_string())
}

/// Connects to a host this window (`window`, normally [`Announce::this_build`]) can use:
/// the running one; a new one started when none answers; or, when the running one is older,
/// a new one after the old one finished its sync and left. Never calls a command on a host
/// it doesn't use.
pub async fn reach(
    profile: &Path,
    window: &Announce,
    processes: &dyn Processes,
    waits: &Waits,
) -> Result<(Link, LinkEvents), Unreachable> {
    let mut replacing = None;
    if let Some((address, link, events)) = try_connect(profile, window, processes).await {
        match judge(window, link.host()) {
            Verdict::Use => return Ok((link, events)),
            Verdict::TooNew => {
                return Err(Unreachable::TooNew {
                    host: link.host().map(|h| h.version.clone()).unwrap_or_default(),
                    ours: window.version.clone(),
                })
            }
            Verdict::Replace => {
                log::info!(
                    "the running tray host ({}) is older than this window ({window}): it makes \
                     way after its current sync",
                    described(link.host()),
                );
                match link.host() {
                    Some(_) => link.quit_when_idle(),
                    None => processes
                        .stop_old_host(address.pid)
                        .map_err(Unreachable::CantStopOld)?,
                }
                replacing = Some(address.pid);
            }
        }
    }

    let mut started = processes
        .start_host(replacing)
        .map_err(|e| Unreachable::NotStarted(e.to_string()))?;
    let wait = if replacing.is_some() {
        waits.upgrade
    } else {
        waits.start
    };
    let since = Instant::now();
    let mut ours_exited = false;
    loop {
        let mut poll = waits.poll;
        if let Some((address, link, events)) = try_connect(profile, window, processes).await {
            match judge(window, link.host()) {
                Verdict::Use => {
                    if replacing.is_some() {
                        log::info!("now using the tray host {}", described(link.host()));
                    }
                    return Ok((link, events));
                }
                Verdict::TooNew => {
                    return Err(Unreachable::TooNew {
                        host: link.host().map(|h| h.version.clone()).unwrap_or_default(),
                        ours: window.version.clone(),
                    })
                }
                // The old one, still finishing its sync: look less often.
                Verdict::Replace if Some(address.pid) == replacing => poll = waits.poll * 4,
                // One we started (or another window did) and it is older than us.
                Verdict::Replace => {
                    return Err(Unreachable::InstalledIsOlder {
                        host: link
                            .host()
                            .map_or_else(|| "unknown".into(), |h| h.version.clone()),
                        ours: window.version.clone(),
                    })
                }
            }
        }
        if !ours_exited {
            match started.exited() {
                None => {}
                // Another host (started by a window launched at the same moment) holds the
                // profile; wait for it to listen. Unless what holds it is no tray host at all.
                Some(Ok(())) => {
                    ours_exited = true;
                    if let Some(holder) = background_run_elsewhere(profile) {
                        return Err(Unreachable::RunElsewhere { holder });
                    }
                }
                Some(Err(why)) => return Err(Unreachable::NotStarted(why)),
            }
        }
        if since.elapsed() > wait {
            return Err(match replacing {
                Some(_) => Unreachable::StillFinishing {
                    ours: window.version.clone(),
                },
                None => {
                    Unreachable::NotStarted("the tray host did not start listening in time".into())
                }
            });
        }
        tokio::time::sleep(poll).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn announce(protocol: u32, oldest_window: u32, version: &str) -> Announce {
        Announce {
            protocol,
            oldest_window,
            version: version.into(),
        }
    }

    #[test]
    fn older_hosts_are_replaced_and_newer_ones_used_while_they_serve_us() {
        let window = announce(2, 1, "1.2.0");
        // Before versioned hellos.
        assert_eq!(judge(&window, None), Verdict::Replace);
        // The same build.
        assert_eq!(judge(&window, Some(&window)), Verdict::Use);
        // An older program, the same protocol: the fixes are in the host.
        assert_eq!(
            judge(&window, Some(&announce(2, 1, "1.1.9"))),
            Verdict::Replace
        );
        // An older protocol.
        assert_eq!(
            judge(&window, Some(&announce(1, 1, "1.2.0"))),
            Verdict::Replace
        );
        // Pre-releases come before their release.
        assert_eq!(
            judge(&window, Some(&announce(2, 1, "1.2.0-rc.1"))),
            Verdict::Replace
        );
        // Newer, and still serving protocol 2 windows.
        assert_eq!(judge(&window, Some(&announce(3, 2, "1.3.0"))), Verdict::Use);
        assert_eq!(judge(&window, Some(&announce(2, 1, "1.2.1"))), Verdict::Use);
        // Newer, and no longer serving them.
        assert_eq!(
            judge(&window, Some(&announce(4, 3, "2.0.0"))),
            Verdict::TooNew
        );
        // A version that doesn't parse leaves it to the protocol.
        assert_eq!(judge(&window, Some(&announce(2, 1, "dev"))), Verdict::Use);
    }

    #[test]
    fn every_reason_is_said_in_the_users_words() {
        let too_new = Unreachable::TooNew {
            host: "2.0.0".into(),
            ours: "1.2.0".into(),
        }
        .message();
        assert!(too_new.contains("newer version of the background app (2.0.0)"));
        assert!(too_new.contains("Quit in its tray menu"));
        let finishing = Unreachable::StillFinishing {
            ours: "1.2.0".into(),
        }
        .message();
        assert!(finishing.contains("finishing a sync"));
        assert!(finishing.contains("1.2.0"));
    }
}
