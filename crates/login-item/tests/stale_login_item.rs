//! The login item as auto-launch really writes it, in a throwaway home: kept while its
//! program is installed, removed once the program is gone. (Its own test binary: it points
//! HOME elsewhere for the whole process.)

#[cfg(target_os = "linux")]
#[test]
fn a_login_item_whose_program_is_gone_is_removed_and_only_then() {
    let home = tempfile::tempdir().unwrap();
    std::env::set_var("HOME", home.path());
    let apps = home.path().join("My Apps");
    std::fs::create_dir_all(&apps).unwrap();
    let program = apps.join("whoop-notion-sync");
    std::fs::write(&program, "#!/bin/sh\n").unwrap();

    // Nothing to do without a login item.
    assert_eq!(login_item::remove_if_missing().unwrap(), None);

    let item = login_item::item(program.to_str().unwrap()).unwrap();
    item.enable().unwrap();
    let file = login_item::autostart_file(home.path());
    assert!(file.exists(), "auto-launch writes {}", file.display());
    assert_eq!(login_item::remove_if_missing().unwrap(), None);
    assert!(file.exists(), "kept while its program is installed");

    std::fs::remove_file(&program).unwrap();
    assert_eq!(login_item::remove_if_missing().unwrap(), Some(program));
    assert!(!file.exists());
    assert!(!item.is_enabled().unwrap());

    // And `reset`'s removal finds it by name, whatever it starts.
    login_item::item("/opt/elsewhere/whoop-notion-sync")
        .unwrap()
        .enable()
        .unwrap();
    assert!(login_item::remove().unwrap());
    assert!(!file.exists());
    assert!(!login_item::remove().unwrap(), "nothing left to remove");
}
