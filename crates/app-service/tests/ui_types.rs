//! The window's TypeScript types are generated from the Rust types the app serializes, so the
//! two can't drift: `ui/src/api/generated.ts` must be what this test renders. After changing a
//! type, run `UPDATE_UI_TYPES=1 cargo test -p app-service --test ui_types` and commit the file.

use std::path::PathBuf;

use ts_rs::{Config, TS};

fn render() -> String {
    // 64-bit integers cross as JSON numbers (serde_json writes them so), not bigints.
    let cfg = Config::new().with_large_int("number");
    let decls = [
        // Errors and connections.
        sync_engine::ErrorCode::decl(&cfg),
        sync_engine::SyncError::decl(&cfg),
        sync_engine::Connection::decl(&cfg),
        // The overview.
        app_core::overview::Mode::decl(&cfg),
        app_core::tray::TrayState::decl(&cfg),
        app_core::overview::TrayInfo::decl(&cfg),
        app_core::overview::WhoopInfo::decl(&cfg),
        app_core::overview::NotionInfo::decl(&cfg),
        app_core::overview::RecentDay::decl(&cfg),
        app_core::overview::Settings::decl(&cfg),
        app_core::overview::Overview::decl(&cfg),
        // Notion.
        sync_engine::DataSourceRef::decl(&cfg),
        sync_engine::PageRef::decl(&cfg),
        notion_client::PropertySchema::decl(&cfg),
        // Mapping.
        sync_engine::mapping::DurationUnit::decl(&cfg),
        sync_engine::mapping::MappedProperty::decl(&cfg),
        sync_engine::metrics::MetricKind::decl(&cfg),
        sync_engine::MappingRow::decl(&cfg),
        sync_engine::mapping::MappingProblem::decl(&cfg),
        sync_engine::MappingView::decl(&cfg),
        sync_engine::PreviewCell::decl(&cfg),
        sync_engine::Preview::decl(&cfg),
        // Runs and history.
        sync_engine::plan::ActionKind::decl(&cfg),
        sync_engine::report::DayReport::decl(&cfg),
        sync_engine::report::Requests::decl(&cfg),
        sync_engine::nights::DayRange::decl(&cfg),
        sync_engine::report::SyncReport::decl(&cfg),
        sync_history::Trigger::decl(&cfg),
        sync_history::DayAction::decl(&cfg),
        sync_history::RunId::decl(&cfg),
        sync_history::RunStatus::decl(&cfg),
        sync_history::ActionCounts::decl(&cfg),
        sync_history::RunSummary::decl(&cfg),
        sync_history::DayRecord::decl(&cfg),
        // Check setup.
        sync_engine::doctor::CheckId::decl(&cfg),
        sync_engine::doctor::CheckStatus::decl(&cfg),
        sync_engine::doctor::Check::decl(&cfg),
        app_core::setup_check::SetupCheck::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by crates/app-service/tests/ui_types.rs; do not edit.\n\
         // UPDATE_UI_TYPES=1 cargo test -p app-service --test ui_types\n\n",
    );
    for decl in decls {
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
