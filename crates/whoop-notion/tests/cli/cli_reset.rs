//! `whoop-notion reset`: asked first; then the secrets (file store, or the real keychain under
//! scripts/with-keychain.sh), the profile, and for the desktop app's own profile its login
//! item and folders are gone.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

/// The profile's id, which names its keychain entries.
fn profile_id(config_dir: &Path) -> String {
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(config_dir.join("config.json")).unwrap())
            .unwrap();
    config["profile_id"].as_str().unwrap().to_string()
}

/// The Notion token as the store holds it: the real keychain, or the opt-in file.
fn stored_notion_token(config_dir: &Path, profile: &str) -> Option<String> {
    let key = format!("{profile}/notion.token");
    if real_keychain() {
        let out = Command::new("secret-tool")
            .args(["lookup", "service", "whoop-notion-sync", "username", &key])
            .output()
            .unwrap();
        let value = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (!value.is_empty()).then_some(value)
    } else {
        let text = std::fs::read_to_string(config_dir.join("secrets.json")).ok()?;
        let secrets: serde_json::Value = serde_json::from_str(&text).unwrap();
        secrets[&key].as_str().map(String::from)
    }
}

/// A home of its own where the connected profile is the desktop app's (the default profile):
/// `HOME`, `XDG_CONFIG_HOME` and `XDG_DATA_HOME` inside the test's folder.
struct Home {
    home: PathBuf,
    config_home: PathBuf,
    data_home: PathBuf,
}

impl Home {
    fn new(cli: &Cli) -> Home {
        let root = cli.dir.path();
        let home = Home {
            home: root.join("home"),
            config_home: root.join("xdg-config"),
            data_home: root.join("xdg-data"),
        };
        std::fs::create_dir_all(&home.config_home).unwrap();
        // The connected profile becomes the default one (what the app uses).
        std::fs::rename(cli.config_dir(), home.profile()).unwrap();
        home
    }

    fn profile(&self) -> PathBuf {
        self.config_home.join("whoop-notion-sync")
    }

    fn run(&self, cli: &Cli, args: &[&str]) -> std::process::Output {
        cli.command(args)
            .env_remove("WHOOP_NOTION_CONFIG_DIR")
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", &self.config_home)
            .env("XDG_DATA_HOME", &self.data_home)
            .output()
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_removes_the_secrets_the_profile_and_the_apps_login_item() {
    let cli = Cli::start().await;
    cli.connect_all().await;
    let profile = profile_id(&cli.config_dir());
    assert_eq!(
        stored_notion_token(&cli.config_dir(), &profile).as_deref(),
        Some(NOTION_TOKEN)
    );
    let home = Home::new(&cli);
    // The desktop app's traces: its login item and its own folder.
    let item = home
        .home
        .join(".config/autostart/WHOOP Notion Sync.desktop");
    std::fs::create_dir_all(item.parent().unwrap()).unwrap();
    std::fs::write(
        &item,
        "[Desktop Entry]\nType=Application\nName=WHOOP Notion Sync\n\
         Exec=/usr/bin/whoop-notion-sync --hidden\n",
    )
    .unwrap();
    let app_data = home.data_home.join("app.whoopnotionsync.desktop");
    std::fs::create_dir_all(app_data.join("logs")).unwrap();
    std::fs::write(app_data.join("morning.json"), "{}").unwrap();
    // The window's saved size and place (Tauri's window-state plugin, in its config folder).
    let window_state = home
        .config_home
        .join("app.whoopnotionsync.desktop/.window-state.json");
    std::fs::create_dir_all(window_state.parent().unwrap()).unwrap();
    std::fs::write(&window_state, "{}").unwrap();

    // No terminal to ask on, and no --yes: nothing happens.
    let refused = home.run(&cli, &["reset"]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("whoop-notion reset --yes"),
        "{}",
        stderr(&refused)
    );
    assert!(home.profile().join("config.json").exists() && item.exists());

    let out = home.run(&cli, &["--json", "reset", "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let store = if real_keychain() {
        "OS keychain"
    } else {
        "file store (secrets.json, mode 0600)"
    };
    assert_eq!(report["secrets_removed_from"], store, "{report}");
    // WHOOP's grant ended too, not only the tokens here.
    assert_eq!(report["whoop_access_revoked"], true, "{report}");
    assert_eq!(cli.whoop.stats().path_count("/developer/v2/user/access"), 1);
    assert_eq!(report["login_item_removed"], true);
    assert_eq!(
        report["app_folders_removed"][0],
        app_data.display().to_string()
    );
    assert!(!home.profile().exists(), "the profile is gone");
    assert!(!item.exists(), "the login item is gone");
    assert!(!app_data.exists(), "the app's own folder is gone");
    assert!(
        !window_state.parent().unwrap().exists(),
        "the window's state is gone"
    );
    assert_eq!(report["folder"], "removed", "{report}");
    assert_eq!(stored_notion_token(&home.profile(), &profile), None);
    if real_keychain() {
        for name in ["whoop.tokens", "whoop.client_secret"] {
            let out = Command::new("secret-tool")
                .args([
                    "lookup",
                    "service",
                    "whoop-notion-sync",
                    "username",
                    &format!("{profile}/{name}"),
                ])
                .output()
                .unwrap();
            assert!(out.stdout.is_empty(), "{name} is still in the keychain");
        }
    }

    // Nothing left: a second reset says so and succeeds; status starts from scratch.
    let again = home.run(&cli, &["reset", "--yes"]);
    assert!(again.status.success(), "{}", stderr(&again));
    let status = home.run(&cli, &["--json", "status"]);
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["whoop"]["state"], "not_connected");
}

/// Another profile (`--config-dir`, `WHOOP_NOTION_CONFIG_DIR`) is reset alone: the desktop
/// app's login item belongs to the default profile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resetting_another_profile_leaves_the_desktop_app_alone() {
    let cli = Cli::start().await;
    cli.connect_all().await;
    let home = cli.dir.path().join("home");
    let item = home.join(".config/autostart/WHOOP Notion Sync.desktop");
    std::fs::create_dir_all(item.parent().unwrap()).unwrap();
    std::fs::write(
        &item,
        "[Desktop Entry]\nExec=/usr/bin/whoop-notion-sync --hidden\n",
    )
    .unwrap();
    let out = cli
        .command(&["--json", "reset", "--yes"])
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["login_item_removed"], false);
    assert!(!cli.config_dir().exists());
    assert!(item.exists());
}

/// A profile in a folder of the user's (`--config-dir ~/Documents/health`): using it leaves
/// the folder's mode alone, and reset removes the app's files only, saying what it kept.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_in_the_users_folder_removes_only_the_apps_files() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let cli = Cli::start().await;
    let health = cli.dir.path().join("Documents/health");
    std::fs::create_dir_all(&health).unwrap();
    std::fs::set_permissions(&health, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(health.join("notes.txt"), "my notes").unwrap();
    std::fs::set_permissions(
        health.join("notes.txt"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    std::fs::write(health.join("budget.xlsx"), "my budget").unwrap();
    let in_health = |args: &[&str]| {
        let mut all = vec!["--config-dir", health.to_str().unwrap()];
        all.extend_from_slice(args);
        cli.command(&all).output().unwrap()
    };

    let set = in_health(&["units", "--clock", "12h"]);
    assert!(set.status.success(), "{}", stderr(&set));
    assert!(health.join("config.json").exists());
    assert_eq!(mode(&health), 0o755, "the user's folder keeps its mode");
    assert_eq!(
        mode(&health.join("config.json")),
        0o600,
        "the app's file is private"
    );

    let out = in_health(&["reset", "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("it was there before the app used it"),
        "{text}"
    );
    assert!(
        text.contains("Left untouched") && text.contains("notes.txt"),
        "{text}"
    );
    let mut left: Vec<String> = std::fs::read_dir(&health)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["budget.xlsx", "notes.txt"]);
    assert_eq!(
        std::fs::read_to_string(health.join("notes.txt")).unwrap(),
        "my notes"
    );
    assert_eq!(mode(&health.join("notes.txt")), 0o644);
    assert_eq!(mode(&health), 0o755);

    // The same in JSON, for scripts.
    in_health(&["units", "--clock", "24h"]);
    let out = in_health(&["--json", "reset", "--yes"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["folder"], "kept_users", "{report}");
    assert_eq!(report["kept"].as_array().unwrap().len(), 2, "{report}");
}
