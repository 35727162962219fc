//! macOS: the login item is a LaunchAgent, `~/Library/LaunchAgents/PRODUCT_NAME.plist`, that
//! auto-launch writes; launchd runs its `ProgramArguments` at login. Read here only to find
//! the program it starts, so that one left behind by an app moved to the Bin can be removed:
//! launchd would fail on it at every login, and System Settings would go on listing it.

use std::path::{Path, PathBuf};

use profile_dir::PRODUCT_NAME;

/// Where auto-launch keeps the macOS login item.
pub fn file(home: &Path) -> PathBuf {
    home.join("Library/LaunchAgents")
        .join(format!("{PRODUCT_NAME}.plist"))
}

/// The program a LaunchAgent's plist starts: the first string of its `ProgramArguments`.
/// `None` for a plist without one, or whose program isn't an absolute path.
pub fn program_of(plist: &str) -> Option<PathBuf> {
    let after_key = plist.split_once("<key>ProgramArguments</key>")?.1;
    let array = after_key.trim_start().strip_prefix("<array>")?;
    let first = array.trim_start().strip_prefix("<string>")?;
    let (program, _) = first.split_once("</string>")?;
    let program = PathBuf::from(unescape(program));
    program.is_absolute().then_some(program)
}

/// XML's five named entities (auto-launch writes none, but `plutil` or an editor rewriting
/// the file would write `&amp;` for a `&` in the path).
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

// A LaunchAgent's paths are Unix paths: on Windows `/Applications/…` has no drive, so it
// isn't absolute there, and these tests are a Mac's (and Linux's, which reads the same way).
#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// As auto-launch 0.6 writes it.
    const WRITTEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
        <!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \
        \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n\
        <plist version=\"1.0\">\n  <dict>\n  <key>Label</key>\n  \
        <string>WHOOP Notion Sync</string>\n  <key>AssociatedBundleIdentifiers</key>\n  \
        <array><string>app.whoopnotionsync.desktop</string></array>\n  \
        <key>ProgramArguments</key>\n  <array><string>/Applications/WHOOP Notion \
        Sync.app/Contents/MacOS/whoop-notion-sync</string><string>--hidden</string></array>\n  \
        <key>RunAtLoad</key>\n  <true/>\n  </dict>\n</plist>";

    #[test]
    fn the_program_is_the_first_of_the_program_arguments() {
        assert_eq!(
            program_of(WRITTEN),
            Some(PathBuf::from(
                "/Applications/WHOOP Notion Sync.app/Contents/MacOS/whoop-notion-sync"
            ))
        );
        // Not the bundle identifier, the first string of the plist.
        let reordered =
            "<dict><key>ProgramArguments</key>\n\t<array>\n\t\t<string>/Users/me/R&amp;D/\
            app</string>\n\t</array><key>AssociatedBundleIdentifiers</key>\
            <array><string>/x</string></array></dict>";
        assert_eq!(
            program_of(reordered),
            Some(PathBuf::from("/Users/me/R&D/app"))
        );
    }

    #[test]
    fn a_plist_it_did_not_write_is_not_judged() {
        assert_eq!(
            program_of("<dict><key>Label</key><string>x</string></dict>"),
            None
        );
        // launchd's other way to name the program, and a bare name looked up on PATH.
        assert_eq!(
            program_of("<key>Program</key><string>/bin/x</string>"),
            None
        );
        assert_eq!(
            program_of("<key>ProgramArguments</key><array><string>x</string></array>"),
            None
        );
        assert_eq!(
            program_of("<key>ProgramArguments</key><array></array><string>/bin/x</string>"),
            None
        );
    }

    #[test]
    fn the_file_is_named_after_the_product() {
        assert_eq!(
            file(Path::new("/Users/me")),
            PathBuf::from("/Users/me/Library/LaunchAgents/WHOOP Notion Sync.plist")
        );
    }
}
