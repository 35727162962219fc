//! The shell completions and the man pages, generated from the same clap definitions the CLI
//! parses with (`cli.rs`), so they can't drift from it. The installers carry both.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;
use sync_engine::{ErrorCode, Result, SyncError};

use crate::cli::{Cli, CompletionShell};
use crate::output::Output;

/// The completion script for `shell` (e.g. `whoop-notion completions bash`).
pub fn completions(shell: CompletionShell, to: &mut dyn Write) -> Result<()> {
    let shell = match shell {
        CompletionShell::Bash => clap_complete::Shell::Bash,
        CompletionShell::Zsh => clap_complete::Shell::Zsh,
        CompletionShell::Fish => clap_complete::Shell::Fish,
    };
    let mut command = without_hidden_commands(Cli::command());
    let name = command.get_name().to_string();
    clap_complete::generate(shell, &mut command, name, to);
    Ok(())
}

/// The command line without its hidden subcommands, which clap_complete would offer too.
fn without_hidden_commands(full: clap::Command) -> clap::Command {
    debug_assert_eq!(full.get_name(), "whoop-notion");
    let mut command = clap::Command::new("whoop-notion")
        .version(env!("CARGO_PKG_VERSION"))
        .args(full.get_arguments().cloned())
        .subcommands(full.get_subcommands().filter(|c| !c.is_hide_set()).cloned());
    if let Some(about) = full.get_about() {
        command = command.about(about.clone());
    }
    command
}

/// The desktop app's window program, whose name is also `whoop-notion sync`'s page.
const WINDOW: &str = "whoop-notion-sync";
const WINDOW_PROGRAM: &str = r#".SH "THE PROGRAM WHOOP-NOTION-SYNC"
\fBwhoop\-notion\-sync\fR, run as a program, is the desktop app's window (installed with the
app's packages): it shows the window and starts the tray host, \fBwhoop\-notion\-tray\fR(1), when
none runs; \fBwhoop\-notion\-sync \-\-hidden\fR (what the login item runs) starts only the tray.
A \fBwhoop\-notion\-sync://\fR link given as its argument finishes a WHOOP sign-in. It uses the
same profile as \fBwhoop\-notion\fR.
"#;

/// `whoop-notion.1` and one page per subcommand (`whoop-notion-sync.1`,
/// `whoop-notion-whoop-connect.1`, …) into `dir`, which is created if missing.
pub fn man_pages(dir: &Path, out: &Output) -> Result<()> {
    let failed = |e: std::io::Error| {
        SyncError::new(
            ErrorCode::Config,
            format!("could not write man pages into {}: {e}", dir.display()),
        )
    };
    std::fs::create_dir_all(dir).map_err(failed)?;
    // What clap_mangen::generate_to does, with every page saying which version it documents
    // (clap gives only the top command a version).
    fn write(command: clap::Command, dir: &Path, source: &str) -> std::io::Result<()> {
        for sub in command.get_subcommands().filter(|c| !c.is_hide_set()) {
            write(sub.clone(), dir, source)?;
        }
        let man = clap_mangen::Man::new(command).source(source);
        let file = man.get_filename();
        let mut page = Vec::new();
        man.render(&mut page)?;
        // `whoop-notion sync`'s page is also where `man whoop-notion-sync` leads, and that is
        // the desktop app's program too: the page says so.
        if file == format!("{WINDOW}.1") {
            page.extend_from_slice(WINDOW_PROGRAM.as_bytes());
        }
        std::fs::write(dir.join(file), page)
    }
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let source = format!("whoop-notion {}", env!("CARGO_PKG_VERSION"));
    write(command, dir, &source).map_err(failed)?;
    out.note(&format!("man pages written to {}", dir.display()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(shell: CompletionShell) -> String {
        let mut text = Vec::new();
        completions(shell, &mut text).unwrap();
        String::from_utf8(text).unwrap()
    }

    /// Every subcommand the parser knows is completed, in each shell's own syntax, and the
    /// hidden packager's command is not offered.
    #[test]
    fn completions_offer_every_visible_subcommand() {
        let command = Cli::command();
        let names: Vec<&str> = command
            .get_subcommands()
            .filter(|c| !c.is_hide_set())
            .map(|c| c.get_name())
            .collect();
        assert!(names.contains(&"reset") && names.contains(&"completions"));
        let bash = script(CompletionShell::Bash);
        assert!(bash.contains("complete -F _whoop__notion"), "{bash}");
        let zsh = script(CompletionShell::Zsh);
        assert!(zsh.starts_with("#compdef whoop-notion"), "{zsh}");
        let fish = script(CompletionShell::Fish);
        assert!(fish.contains("complete -c whoop-notion"), "{fish}");
        for name in names {
            assert!(bash.contains(name), "bash lacks {name}");
            assert!(zsh.contains(&format!("'{name}:")), "zsh lacks {name}");
            assert!(
                fish.contains(&format!("-a \"{name}\"")),
                "fish lacks {name}"
            );
        }
        for script in [bash, zsh, fish] {
            assert!(!script.contains("man-pages"));
        }
        // Nested ones too, with their options.
        let fish = script(CompletionShell::Fish);
        assert!(fish.contains("-a \"create-database\""));
        assert!(fish.contains("-l token-stdin"));
    }

    /// One page for the tool and one per (nested) subcommand, each naming itself and
    /// documenting its options as clap knows them.
    #[test]
    fn a_man_page_for_the_tool_and_each_subcommand() {
        let dir = tempfile::tempdir().unwrap();
        man_pages(dir.path(), &Output::new(false)).unwrap();
        let mut pages: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        pages.sort();
        let mut expected = vec!["whoop-notion.1".to_string()];
        fn walk(command: &clap::Command, prefix: &str, into: &mut Vec<String>) {
            for sub in command.get_subcommands().filter(|c| !c.is_hide_set()) {
                if sub.get_name() == "help" {
                    continue;
                }
                let name = format!("{prefix}-{}", sub.get_name());
                into.push(format!("{name}.1"));
                walk(sub, &name, into);
            }
        }
        walk(&Cli::command(), "whoop-notion", &mut expected);
        expected.sort();
        assert_eq!(pages, expected);
        assert!(pages.contains(&"whoop-notion-whoop-connect.1".to_string()));
        assert!(pages.contains(&"whoop-notion-reset.1".to_string()));

        let main = std::fs::read_to_string(dir.path().join("whoop-notion.1")).unwrap();
        assert!(
            main.starts_with(".ie"),
            "roff: {}",
            &main[..40.min(main.len())]
        );
        assert!(main.contains(".TH whoop-notion 1"), "{main}");
        assert!(main.contains("config\\-dir"), "global options: {main}");
        let sync = std::fs::read_to_string(dir.path().join("whoop-notion-sync.1")).unwrap();
        assert!(sync.contains("dry\\-run"), "{sync}");
        assert!(sync.contains(env!("CARGO_PKG_VERSION")), "{sync}");
        // `man whoop-notion-sync` is also the desktop app's program: the page says so.
        assert!(sync.contains("THE PROGRAM WHOOP-NOTION-SYNC"), "{sync}");
        assert!(!main.contains("THE PROGRAM"));
    }
}
