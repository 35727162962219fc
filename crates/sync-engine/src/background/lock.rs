//! One background syncer per profile. The tray host and `whoop-notion daemon` both run the
//! schedule, so each takes this lock for as long as it runs; the one that finds it taken says
//! who holds it and leaves with success, so that a service manager's `Restart=on-failure`
//! doesn't start it again and again. (A sync itself takes the per-run `locks/sync.lock`, which
//! also keeps a cron job's `sync` and a background run apart.)

use std::path::PathBuf;

use private_fs::{ProcessLock, ProcessLockGuard};

use crate::config::ConfigDir;
use crate::{ErrorCode, Result, SyncError};

/// Who runs the schedule of a profile.
pub enum Background {
    /// This process: hold on to the guard for as long as it runs the schedule.
    Ours(ProcessLockGuard),
    /// Another process, as it described itself (e.g. `whoop-notion daemon (pid 4242)`).
    TakenBy(String),
}

impl ConfigDir {
    pub fn background_lock(&self) -> PathBuf {
        sync_vocabulary::profile_layout::background_lock(self.root())
    }
}

/// Takes the profile's background lock for `program` (e.g. `whoop-notion daemon`), written
/// into the lock file with this process's id for the others to read.
pub fn claim_background(dir: &ConfigDir, program: &str) -> Result<Background> {
    let path = dir.background_lock();
    let failed = |e: std::io::Error| {
        SyncError::new(
            ErrorCode::Config,
            format!("could not lock {}: {e}", path.display()),
        )
    };
    dir.ensure()?;
    match ProcessLock::try_acquire(&path).map_err(failed)? {
        Some(guard) => {
            guard
                .say_holder(&format!("{program} (pid {})", std::process::id()))
                .map_err(failed)?;
            Ok(Background::Ours(guard))
        }
        None => Ok(Background::TakenBy(
            // A holder that took the lock this instant may not have said who it is yet.
            ProcessLock::holder(&path).unwrap_or_else(|| "another program".into()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_claimant_learns_who_holds_it_and_gets_it_once_released() {
        let dir = tempfile::tempdir().unwrap();
        let profile = ConfigDir::new(dir.path().join("profile"));
        let Background::Ours(host) = claim_background(&profile, "whoop-notion-tray").unwrap()
        else {
            panic!("a free lock is ours");
        };
        let me = std::process::id();
        match claim_background(&profile, "whoop-notion daemon").unwrap() {
            Background::TakenBy(who) => assert_eq!(who, format!("whoop-notion-tray (pid {me})")),
            Background::Ours(_) => panic!("one background syncer per profile"),
        }
        drop(host);
        assert!(matches!(
            claim_background(&profile, "whoop-notion daemon").unwrap(),
            Background::Ours(_)
        ));
        assert_eq!(
            ProcessLock::holder(&profile.background_lock()),
            Some(format!("whoop-notion daemon (pid {me})"))
        );
    }
}
