//! Whose the profile folder is, and removing only what the app wrote in it.
//!
//! The profile can be any folder (`--config-dir ~/Documents/health`). The app makes it its
//! own only when it creates it (and marks it so), or when it finds one that holds nothing but
//! the app's files (a profile an older version made). A folder that was the user's stays the
//! user's: its mode is left alone, and `reset` removes the app's files from it, never the
//! folder or anything else in it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::layout;

/// Whose a profile folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// The app created it (or an older version did): private, and removed by `reset`.
    App,
    /// It was there before: its mode and everything the app didn't write stay as they are.
    User,
}

/// The profile folder, ready to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prepared {
    pub owner: Owner,
    /// A user's folder that others on this computer can read: the app's files in it are
    /// private still, but their names show. Worth a warning.
    pub open_to_others: bool,
}

/// Creates the profile folder private (0700) and marked as the app's, or finds whose an
/// existing one is. Only the app's own folder is narrowed to its owner.
pub fn prepare(root: &Path) -> io::Result<Prepared> {
    prepare_at(root, adopts_older_profiles(root))
}

/// [`prepare`], with older unmarked profiles adopted wherever `adopt` says.
fn prepare_at(root: &Path, adopt: bool) -> io::Result<Prepared> {
    match fs::symlink_metadata(root) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            private_fs::create_dir_all(root)?;
            mark(root)?;
            return Ok(Prepared {
                owner: Owner::App,
                open_to_others: false,
            });
        }
        Err(e) => return Err(e),
        Ok(_) => {}
    }
    let owner = owner_of(root, adopt)?;
    if owner == Owner::App {
        private_fs::tighten(root)?;
        if !root.join(layout::MARKER).exists() {
            mark(root)?;
        }
    }
    let open_to_others =
        owner == Owner::User && private_fs::mode(root)?.is_some_and(|m| m & 0o077 != 0);
    Ok(Prepared {
        owner,
        open_to_others,
    })
}

/// The app's when marked, or, at the OS's default profile location (named after the app), when
/// it holds the app's files and nothing else: an older version's profile, from before the
/// marker. Elsewhere a folder without the marker is the user's, even once it holds only the
/// app's files (an empty folder the user made for `--config-dir`). A symlink to a folder is the
/// user's (the link and where it points).
pub fn owner(root: &Path) -> io::Result<Owner> {
    owner_of(root, adopts_older_profiles(root))
}

/// Only the OS's default profile location can hold an older version's unmarked profile: the
/// app named it, so nobody else made it.
fn adopts_older_profiles(root: &Path) -> bool {
    crate::default_config_dir().is_some_and(|d| d == root)
}

/// [`owner`], with the older-profile rule applied wherever `adopt` says.
fn owner_of(root: &Path, adopt: bool) -> io::Result<Owner> {
    if fs::symlink_metadata(root)?.file_type().is_symlink() {
        return Ok(Owner::User);
    }
    if root.join(layout::MARKER).is_file() {
        return Ok(Owner::App);
    }
    if !adopt {
        return Ok(Owner::User);
    }
    let mut any = false;
    for entry in fs::read_dir(root)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type()?;
        let apps = if name == layout::LOCKS && kind.is_dir() {
            only_apps_locks(&entry.path())?
        } else {
            kind.is_file() && layout::is_apps_file(&name)
        };
        if !apps {
            return Ok(Owner::User);
        }
        any |= name == layout::CONFIG || name == layout::HISTORY;
    }
    Ok(if any { Owner::App } else { Owner::User })
}

fn only_apps_locks(locks: &Path) -> io::Result<bool> {
    for entry in fs::read_dir(locks)? {
        let entry = entry?;
        if !(entry.file_type()?.is_file()
            && layout::is_apps_lock_file(&entry.file_name().to_string_lossy()))
        {
            return Ok(false);
        }
    }
    Ok(true)
}

fn mark(root: &Path) -> io::Result<()> {
    private_fs::write(
        &root.join(layout::MARKER),
        b"This folder was created by WHOOP Notion Sync for its settings and history.\n",
    )
}

/// What became of the profile folder itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderFate {
    /// There was no profile folder.
    Missing,
    /// The app's folder, empty once the app's files were gone: removed.
    Removed,
    /// The app's folder, kept because it holds things the app didn't write.
    KeptHoldsOthers,
    /// The user's folder (it was there before the app used it): kept, its mode untouched.
    KeptUsers,
    /// A link to a folder: the link and the folder it points to are kept.
    KeptLink,
}

/// What [`clear`] would do, found without changing anything: for the confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    /// The app's files, to remove (the marker last).
    pub apps_files: Vec<PathBuf>,
    /// What the app didn't write, to leave as it is.
    pub kept: Vec<PathBuf>,
    /// What becomes of the folder.
    pub folder: FolderFate,
    /// The locks folder, removed once emptied when nothing else is in it.
    locks: Option<PathBuf>,
}

/// What [`clear`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleared {
    /// How many of the app's files were removed.
    pub removed: usize,
    /// What the app didn't write, left as it was.
    pub kept: Vec<PathBuf>,
    pub folder: FolderFate,
}

/// Which files in the profile are the app's (known by name, see [`layout`]) and which aren't,
/// and whether the folder goes once the app's are removed: only if the app made it and
/// nothing else is in it.
pub fn survey(root: &Path) -> io::Result<Survey> {
    let mut survey = Survey {
        apps_files: Vec::new(),
        kept: Vec::new(),
        folder: FolderFate::Missing,
        locks: None,
    };
    let meta = match fs::symlink_metadata(root) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(survey),
        Err(e) => return Err(e),
    };
    let owner = owner(root)?;
    let mut marker = None;
    for entry in fs::read_dir(root)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type()?;
        if name == layout::LOCKS && kind.is_dir() {
            survey_locks(&entry.path(), &mut survey)?;
        } else if !kind.is_dir() && layout::is_apps_file(&name) {
            if name == layout::MARKER {
                marker = Some(entry.path());
            } else {
                survey.apps_files.push(entry.path());
            }
        } else {
            survey.kept.push(entry.path());
        }
    }
    survey.apps_files.sort();
    // The marker last: a reset cut short leaves a folder still known as the app's.
    survey.apps_files.extend(marker);
    survey.kept.sort();
    survey.folder = if meta.file_type().is_symlink() {
        FolderFate::KeptLink
    } else if owner == Owner::User {
        FolderFate::KeptUsers
    } else if !survey.kept.is_empty() {
        FolderFate::KeptHoldsOthers
    } else {
        FolderFate::Removed
    };
    Ok(survey)
}

fn survey_locks(locks: &Path, survey: &mut Survey) -> io::Result<()> {
    let mut others = false;
    for entry in fs::read_dir(locks)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.file_type()?.is_dir() && layout::is_apps_lock_file(&name) {
            survey.apps_files.push(entry.path());
        } else {
            survey.kept.push(entry.path());
            others = true;
        }
    }
    if !others {
        survey.locks = Some(locks.to_path_buf());
    }
    Ok(())
}

/// Removes the app's files from the profile, then the folder itself only if the app made it
/// and nothing else is left in it (see [`survey`]).
pub fn clear(root: &Path) -> io::Result<Cleared> {
    let survey = survey(root)?;
    for file in &survey.apps_files {
        if survey
            .locks
            .as_deref()
            .is_some_and(|l| file.parent() == Some(l))
        {
            remove_lock_file(file)?;
        } else {
            remove_file(file)?;
        }
    }
    if let Some(locks) = &survey.locks {
        remove_dir(locks)?;
    }
    if survey.folder == FolderFate::Removed {
        remove_dir(root)?;
    }
    Ok(Cleared {
        removed: survey.apps_files.len(),
        kept: survey.kept,
        folder: survey.folder,
    })
}

fn remove_dir(path: &Path) -> io::Result<()> {
    match fs::remove_dir(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// A lock file, which the caller may hold (a reset holds the sync and background locks while it
/// clears the profile). Windows (and Wine) keeps a deleted file that is still open in its
/// folder until the last handle closes, and a folder with one in it can't be removed: so the
/// lock moves to the temp folder first (the same volume, as a rule), is deleted there and is
/// gone once closed. One that can't move is deleted in place. A lock file holds no secret.
#[cfg(windows)]
fn remove_lock_file(path: &Path) -> io::Result<()> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static MOVED: AtomicU64 = AtomicU64::new(0);
    let away = std::env::temp_dir().join(format!(
        "whoop-notion-sync-removed-{}-{}.lock",
        std::process::id(),
        MOVED.fetch_add(1, Ordering::Relaxed)
    ));
    match fs::rename(path, &away) {
        Ok(()) => remove_file(&away),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(_) => remove_file(path),
    }
}

#[cfg(not(windows))]
fn remove_lock_file(path: &Path) -> io::Result<()> {
    remove_file(path)
}

fn remove_file(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    /// A profile as the app leaves it after a few syncs.
    fn fill(root: &Path) {
        for name in [
            "config.json",
            "history.sqlite3",
            "history.sqlite3-wal",
            "secrets.json",
            "tray-host.json",
            "config.json.corrupt-20261206-233700",
        ] {
            fs::write(root.join(name), b"x").unwrap();
        }
        fs::create_dir_all(root.join("locks")).unwrap();
        fs::write(root.join("locks/sync.lock"), b"").unwrap();
        fs::write(root.join("locks/background-start.json"), b"{}").unwrap();
    }

    #[test]
    fn a_folder_the_app_made_is_private_marked_and_removed_when_emptied() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("profile");
        let prepared = prepare(&root).unwrap();
        assert_eq!(prepared.owner, Owner::App);
        assert_eq!(mode(&root), 0o700);
        assert!(root.join(layout::MARKER).is_file());
        fill(&root);

        let cleared = clear(&root).unwrap();
        assert_eq!(cleared.folder, FolderFate::Removed);
        assert!(cleared.kept.is_empty());
        assert_eq!(cleared.removed, 9);
        assert!(!root.exists());
        assert_eq!(clear(&root).unwrap().folder, FolderFate::Missing);
    }

    #[test]
    fn the_users_folder_keeps_their_files_its_mode_and_itself() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("health");
        fs::create_dir(&root).unwrap();
        fs::set_permissions(&root, fs::Permissions::from_mode(0o755)).unwrap();
        fs::write(root.join("notes.txt"), b"mine").unwrap();
        fs::write(root.join("budget.xlsx"), b"mine too").unwrap();
        fs::set_permissions(root.join("notes.txt"), fs::Permissions::from_mode(0o644)).unwrap();

        let prepared = prepare(&root).unwrap();
        assert_eq!(
            prepared,
            Prepared {
                owner: Owner::User,
                open_to_others: true
            }
        );
        assert_eq!(
            mode(&root),
            0o755,
            "a folder the app didn't make keeps its mode"
        );
        assert!(!root.join(layout::MARKER).exists());
        fill(&root);

        let cleared = clear(&root).unwrap();
        assert_eq!(cleared.folder, FolderFate::KeptUsers);
        assert_eq!(
            cleared.kept,
            vec![root.join("budget.xlsx"), root.join("notes.txt")]
        );
        assert_eq!(fs::read(root.join("notes.txt")).unwrap(), b"mine");
        assert_eq!(fs::read(root.join("budget.xlsx")).unwrap(), b"mine too");
        assert_eq!(mode(&root.join("notes.txt")), 0o644);
        assert_eq!(mode(&root), 0o755);
        let left: Vec<_> = fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");

        // Emptied by the user later: still theirs, so still kept.
        fs::remove_file(root.join("notes.txt")).unwrap();
        fs::remove_file(root.join("budget.xlsx")).unwrap();
        assert_eq!(clear(&root).unwrap().folder, FolderFate::KeptUsers);
        assert!(root.is_dir());
    }

    #[test]
    fn the_apps_folder_holding_something_else_is_kept_with_it() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("profile");
        prepare(&root).unwrap();
        fill(&root);
        fs::write(root.join("export.csv"), b"mine").unwrap();
        fs::write(root.join("locks/mine.lock"), b"mine").unwrap();
        let cleared = clear(&root).unwrap();
        assert_eq!(cleared.folder, FolderFate::KeptHoldsOthers);
        assert_eq!(
            cleared.kept,
            vec![root.join("export.csv"), root.join("locks/mine.lock")]
        );
        assert!(!root.join("config.json").exists());
        assert!(!root.join("locks/sync.lock").exists());
        assert!(root.join("locks/mine.lock").exists());
    }

    #[test]
    fn an_older_versions_profile_is_the_apps_and_a_link_is_the_users() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("old");
        fs::create_dir(&old).unwrap();
        fs::set_permissions(&old, fs::Permissions::from_mode(0o755)).unwrap();
        fill(&old);
        // Away from the default location, an unmarked folder is the user's, however it looks.
        assert_eq!(owner(&old).unwrap(), Owner::User);
        // At the default location (named after the app), an older version made it.
        assert_eq!(owner_of(&old, true).unwrap(), Owner::App);
        assert_eq!(prepare_at(&old, true).unwrap().owner, Owner::App);
        assert_eq!(mode(&old), 0o700, "the app's own folder is narrowed");
        assert!(old.join(layout::MARKER).is_file());
        assert_eq!(owner(&old).unwrap(), Owner::App, "marked now");

        // An empty folder the user made is theirs, and stays theirs once the app wrote in it.
        let empty = tmp.path().join("empty");
        fs::create_dir(&empty).unwrap();
        assert_eq!(owner_of(&empty, true).unwrap(), Owner::User);
        prepare(&empty).unwrap();
        fill(&empty);
        assert_eq!(prepare(&empty).unwrap().owner, Owner::User);
        assert_eq!(clear(&empty).unwrap().folder, FolderFate::KeptUsers);
        assert!(empty.is_dir(), "the user's folder stays");

        // A link: the files are removed through it, the link and its folder stay.
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&old, &link).unwrap();
        assert_eq!(prepare(&link).unwrap().owner, Owner::User);
        let cleared = clear(&link).unwrap();
        assert_eq!(cleared.folder, FolderFate::KeptLink);
        assert!(!old.join("history.sqlite3").exists(), "the history is gone");
        assert!(link.exists() && old.is_dir());
    }
}

/// On every system, Windows above all (where an open file that is deleted stays in its folder
/// until closed): a reset clears the profile while it holds the profile's locks.
#[cfg(test)]
mod held_locks {
    use super::*;

    #[test]
    fn the_folder_goes_while_its_locks_are_held() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("profile");
        prepare(&root).unwrap();
        fs::write(root.join(layout::CONFIG), b"{}").unwrap();
        let locks = root.join(layout::LOCKS);
        fs::create_dir_all(&locks).unwrap();
        let sync = private_fs::ProcessLock::acquire(&locks.join(layout::SYNC_LOCK)).unwrap();
        let background =
            private_fs::ProcessLock::acquire(&locks.join(layout::BACKGROUND_LOCK)).unwrap();
        background.say_holder("whoop-notion reset").unwrap();

        let cleared = clear(&root).unwrap();
        assert_eq!(cleared.folder, FolderFate::Removed);
        assert!(!root.exists());
        drop((sync, background));
    }
}
