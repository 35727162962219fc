//! The window's TypeScript types are generated from the Rust types the app serializes, so the
//! two can't drift: `ui/src/api/generated.ts` must be what this test renders. After changing a
//! type, run `UPDATE_UI_TYPES=1 cargo test -p app-service --test ui_types` and commit the file.

use std::any::TypeId;
use std::collections::HashSet;
use std::path::PathBuf;

use app_service::contract::{Answer, AppEvent, Command};
use ts_rs::{Config, TypeVisitor, TS};

/// Declarations of a type and, recursively, of every type it mentions, each once.
struct Declarations<'a> {
    cfg: &'a Config,
    seen: HashSet<TypeId>,
    out: Vec<(String, String)>,
}

impl TypeVisitor for Declarations<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Built-ins (strings, numbers, arrays, dates) have no declaration of their own.
        if T::output_path().is_none() || !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        self.out.push((T::ident(self.cfg), T::decl(self.cfg)));
        T::visit_dependencies(self);
    }
}

/// The contract (every command with its arguments, every answer, every event) and every type
/// they use, so a new command or a new field needs nothing here.
fn render() -> String {
    // 64-bit integers cross as JSON numbers (serde_json writes them so), not bigints.
    let cfg = Config::new().with_large_int("number");
    let mut decls = Declarations {
        cfg: &cfg,
        seen: HashSet::new(),
        out: Vec::new(),
    };
    decls.visit::<Command>();
    decls.visit::<Answer>();
    decls.visit::<AppEvent>();
    // Used by the UI though no command answers with it (yet).
    decls.visit::<sync_engine::doctor::Check>();
    let mut out = String::from(
        "// Generated from the Rust types by crates/app-service/tests/ui_types.rs; do not edit.\n\
         // UPDATE_UI_TYPES=1 cargo test -p app-service --test ui_types\n\n",
    );
    // The contract first, then the rest by name (the order types are met in is ts-rs's).
    let (mut contract, mut rest): (Vec<_>, Vec<_>) = decls
        .out
        .into_iter()
        .partition(|(name, _)| ["Command", "Answer", "AppEvent"].contains(&name.as_str()));
    contract.sort_by_key(|(name, _)| {
        ["Command", "Answer", "AppEvent"]
            .iter()
            .position(|n| n == name)
    });
    rest.sort();
    for (_, decl) in contract.into_iter().chain(rest) {
        out.push_str("export ");
        out.push_str(&decl);
        out.push('\n');
    }
    out.push_str(&error_code_lists());
    out
}

/// The codes as values, so the UI's lists come from the enum too: every code (to tell a known
/// code from a newer shell's), and the ones that may pass by themselves (a Retry button).
fn error_code_lists() -> String {
    use sync_engine::ErrorCode;
    let list = |codes: &mut dyn Iterator<Item = ErrorCode>| {
        let names: Vec<String> = codes
            .map(|code| serde_json::to_string(&code).unwrap())
            .collect();
        format!("[{}]", names.join(", "))
    };
    format!(
        "\n// Every ErrorCode (ErrorCode::ALL).\n\
         export const ERROR_CODES: readonly ErrorCode[] = {};\n\
         // The codes that may pass by themselves (ErrorCode::needs_user() is false).\n\
         export const TRANSIENT_CODES: readonly ErrorCode[] = {};\n",
        list(&mut ErrorCode::ALL.into_iter()),
        list(&mut ErrorCode::ALL.into_iter().filter(|c| !c.needs_user())),
    )
}

#[test]
fn the_ui_types_are_generated_from_the_rust_types() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/api/generated.ts");
    let rendered = render();
    if std::env::var_os("UPDATE_UI_TYPES").is_some() {
        std::fs::write(&path, &rendered).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == rendered,
        "ui/src/api/generated.ts is not what the Rust types serialize; run \
         `UPDATE_UI_TYPES=1 cargo test -p app-service --test ui_types` and check the UI still \
         type-checks (npm run lint)"
    );
}

/// The window sees camelCase field names only (app-service's `wire::to_value` renames them on
/// the way out): a type from another crate whose TypeScript still has a snake_case field
/// needs `ts(rename_all = "camelCase")`, or the declaration would lie about the wire.
#[test]
fn every_field_the_window_sees_is_camel_case() {
    let rendered = render();
    let snake: Vec<&str> = rendered
        .split_whitespace()
        // A field is `name:` or `name?:`; the code lists (`ERROR_CODES:`) are constants.
        .filter(|word| word.ends_with(':') && word.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter(|word| word.contains('_'))
        .collect();
    assert!(
        snake.is_empty(),
        "snake_case fields in the window's types: {snake:?}"
    );
}

/// The window's shell (src-tauri) links none of this crate, so the names it uses itself (the
/// `app_link` it sends, the `show-window` it acts on) are checked against the contract here.
#[test]
fn the_window_shell_uses_names_of_the_contract() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../src-tauri/src");
    let mut commands = Vec::new();
    let mut events = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for (marker, found) in [
            (".call(\"", &mut commands),
            ("event.name == \"", &mut events),
        ] {
            for (at, _) in text.match_indices(marker) {
                let rest = &text[at + marker.len()..];
                found.push(rest[..rest.find('"').unwrap()].to_string());
            }
        }
    }
    assert!(
        !commands.is_empty() && !events.is_empty(),
        "the shell changed; update this test"
    );
    for name in &commands {
        assert!(
            Command::NAMES.contains(&name.as_str()),
            "src-tauri calls {name}, no command"
        );
    }
    let show_window = AppEvent::ShowWindow.wire().0;
    for name in &events {
        assert_eq!(
            name, &show_window,
            "src-tauri acts on {name}, no event of the contract"
        );
    }
}
