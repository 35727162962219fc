//! `whoop-notion reset`: what this computer keeps for WHOOP → Notion Sync, removed — the
//! secrets, the profile, and (for the desktop app's profile) its login item and own folders.
//! A package can't reach into home folders, so this is what to run before uninstalling.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sync_engine::{
    claim_background, Background, Engine, ErrorCode, ProfileFolder, Result, SyncError,
};

use crate::commands::prompt;
use crate::output::{self, Output};

#[derive(Serialize)]
struct Reset {
    profile: PathBuf,
    /// Where the secrets were removed from; `null` when the profile had none.
    secrets_removed_from: Option<&'static str>,
    /// What became of the profile folder once the app's files were removed from it.
    folder: ProfileFolder,
    /// What the app didn't write, left as it was.
    kept: Vec<PathBuf>,
    /// Whether WHOOP ended the app's access to the account.
    whoop_access_revoked: bool,
    login_item_removed: bool,
    app_folders_removed: Vec<PathBuf>,
    window_state_removed: bool,
}

pub async fn run(engine: &Engine, yes: bool, out: &Output) -> Result<()> {
    let dir = &engine.env().config_dir;
    let profile = dir.root().to_path_buf();
    // The desktop app's login item and folders belong to its profile, the default one; a
    // reset of another profile (--config-dir) leaves the app alone.
    let the_apps = profile_dir::default_config_dir().is_some_and(|d| same_folder(&d, &profile));
    if !yes {
        let what = if the_apps {
            "the desktop app's login item and its own folders"
        } else {
            "nothing of the desktop app (another profile)"
        };
        let answer = prompt::line(
            &format!(
                "This removes the WHOOP and Notion secrets from the {store}, the app's files \
                 in {} (settings, history; anything else there stays) and {what}.\nType \"yes\" \
                 to remove them: ",
                profile.display(),
                store = engine.env().secrets.describe(),
            ),
            "reset removes the secrets and the profile for good; confirm with \
             `whoop-notion reset --yes`",
        )?;
        if answer != "yes" {
            return Err(SyncError::invalid("not confirmed; nothing was removed"));
        }
    }
    // Not while the tray app or the daemon runs this profile: it would write it again at once.
    let _ours = match claim_background(dir, "whoop-notion reset")? {
        Background::Ours(guard) => guard,
        Background::TakenBy(who) => {
            return Err(SyncError::new(
                ErrorCode::Busy,
                format!(
                    "{who} runs the background sync of this profile; stop it first (Quit in \
                     the tray, or `systemctl --user stop whoop-notion-daemon`), then run \
                     `whoop-notion reset` again"
                ),
            ))
        }
    };
    let forgotten = engine.forget_everything().await?;
    let mut reset = Reset {
        profile,
        secrets_removed_from: forgotten.secrets_removed_from,
        folder: forgotten.folder,
        kept: forgotten.kept,
        whoop_access_revoked: forgotten.whoop_access_revoked,
        login_item_removed: false,
        app_folders_removed: Vec::new(),
        window_state_removed: false,
    };
    if the_apps {
        reset.login_item_removed = login_item::remove().map_err(|e| {
            SyncError::new(
                ErrorCode::Internal,
                format!("could not remove the login item: {e}"),
            )
        })?;
        for folder in [profile_dir::app_data_dir(), profile_dir::app_log_dir()] {
            if remove_folder(&folder)? {
                reset.app_folders_removed.push(folder);
            }
        }
        reset.window_state_removed = profile_dir::remove_window_state().map_err(|e| {
            SyncError::new(
                ErrorCode::Config,
                format!("could not remove the window's saved size and place: {e}"),
            )
        })?;
    }
    out.emit(&reset, || {
        if reset.whoop_access_revoked {
            println!("WHOOP ended this app's access to your account.");
        }
        if let Some(store) = reset.secrets_removed_from {
            println!("Removed the WHOOP and Notion secrets from the {store}.");
        }
        print_profile(&reset);
        if reset.login_item_removed {
            println!("Removed the login item.");
        }
        for folder in &reset.app_folders_removed {
            println!("Removed {}.", folder.display());
        }
        if reset.window_state_removed {
            println!("Removed the window's saved size and place.");
        }
    });
    Ok(())
}

/// Whether two paths name one folder (the second may be gone already, or given relative).
fn same_folder(a: &Path, b: &Path) -> bool {
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    canonical(a) == canonical(b)
}

/// `Ok(true)` when the folder was there and is gone now.
fn remove_folder(folder: &Path) -> Result<bool> {
    match std::fs::remove_dir_all(folder) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(SyncError::new(
            ErrorCode::Config,
            format!("could not remove {}: {e}", folder.display()),
        )),
    }
}

/// What became of the profile folder, and what was kept in it and why.
fn print_profile(reset: &Reset) {
    let at = reset.profile.display();
    match reset.folder {
        ProfileFolder::Missing => println!("No profile at {at}: nothing to remove."),
        ProfileFolder::Removed => println!("Removed the profile {at}."),
        ProfileFolder::KeptHoldsOthers => println!(
            "Removed the app's files from {at}. The folder stays: it holds files the app \
             didn't write."
        ),
        ProfileFolder::KeptUsers => println!(
            "Removed the app's files from {at}. The folder stays as it was: it was there \
             before the app used it."
        ),
        ProfileFolder::KeptLink => println!(
            "Removed the app's files from {at}. It is a link: the link and the folder it \
             points to stay."
        ),
    }
    if !reset.kept.is_empty() {
        println!("Left untouched (not the app's):");
        for path in &reset.kept {
            println!("  {}", output::plain(&path.display().to_string()));
        }
    }
}
