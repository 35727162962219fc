//! `whoop-notion reset`: what this computer keeps for WHOOP → Notion Sync, removed — the
//! secrets, the profile, and (for the desktop app's profile) its login item and own folders.
//! A package can't reach into home folders, so this is what to run before uninstalling.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sync_engine::{claim_background, Background, Engine, ErrorCode, Result, SyncError};

use crate::commands::prompt;
use crate::output::Output;

#[derive(Serialize)]
struct Reset {
    profile: PathBuf,
    /// Where the secrets were removed from; `null` when the profile had none.
    secrets_removed_from: Option<&'static str>,
    login_item_removed: bool,
    app_folders_removed: Vec<PathBuf>,
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
                "This removes the WHOOP and Notion secrets from the {store}, the profile {} \
                 (settings, history) and {what}.\nType \"yes\" to remove them: ",
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
    let existed = profile.exists();
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
        login_item_removed: false,
        app_folders_removed: Vec::new(),
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
    }
    out.emit(&reset, || {
        if let Some(store) = reset.secrets_removed_from {
            println!("Removed the WHOOP and Notion secrets from the {store}.");
        }
        if existed {
            println!("Removed the profile {}.", reset.profile.display());
        } else {
            println!(
                "No profile at {}: nothing to remove.",
                reset.profile.display()
            );
        }
        if reset.login_item_removed {
            println!("Removed the login item.");
        }
        for folder in &reset.app_folders_removed {
            println!("Removed {}.", folder.display());
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
