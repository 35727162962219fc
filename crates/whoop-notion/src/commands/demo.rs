//! `whoop-notion demo`: the whole job, end to end, against the built-in simulators.

use std::sync::Arc;

use chrono::{Duration, Offset};
use demo_mode::DemoWorld;
use http_policy::SystemClock;
use secret_store::{FileStore, MemoryStore, SecretStore};
use sync_engine::config::ConfigDir;
use sync_engine::nights::DayRange;
use sync_engine::{Result, SyncError, SyncRequest, SystemZone, Trigger};

use crate::cli::DemoArgs;
use crate::output::Output;

/// The terminal width the table fits without `--wide`.
const WIDTH: usize = 100;

pub async fn run(args: DemoArgs, out: &Output) -> Result<()> {
    if args.days == 0 || args.days > 365 {
        return Err(SyncError::invalid("--days must be between 1 and 365"));
    }
    let now = chrono::Utc::now();
    let offset_minutes = now
        .with_timezone(&chrono::Local)
        .offset()
        .fix()
        .local_minus_utc()
        / 60;
    let today = now.with_timezone(&chrono::Local).date_naive();
    out.note("Starting the WHOOP and Notion simulators on 127.0.0.1 …");
    let world = DemoWorld::start_as_of(now, offset_minutes, args.days).await?;

    // The demo never touches your real profile or keychain: its profile is a new private
    // folder (0700, a name no one can guess) in the temp folder.
    let parent = std::env::temp_dir();
    let demo_dir = tempfile::Builder::new()
        .prefix("whoop-notion-demo-")
        .tempdir_in(&parent)
        .map_err(|e| {
            SyncError::new(
                sync_engine::ErrorCode::Config,
                format!(
                    "could not create the demo's folder in {}: {e}",
                    parent.display()
                ),
            )
        })?;
    let dir = demo_dir.path().to_path_buf();
    let secrets: Arc<dyn SecretStore> = if args.serve {
        Arc::new(FileStore::in_config_dir(&dir))
    } else {
        Arc::new(MemoryStore::new())
    };
    let engine = world
        .engine(
            ConfigDir::new(&dir),
            secrets,
            Arc::new(SystemClock),
            Arc::new(SystemZone),
        )
        .with_locale_units(process_env::locale_units());
    out.note("Connecting WHOOP (signing in to the simulator) and Notion (the \"Daily Tracking\" demo database) …");
    world.connect(&engine).await?;
    out.note("Turning workouts on: a \"Workouts\" database in the demo's \"Health\" page, linked to the days …");
    let workouts = world.turn_on_workouts(&engine).await?;

    let range =
        DayRange::new(today - Duration::days(args.days as i64 - 1), today).expect("ordered");
    out.note(&format!(
        "Syncing {} days into Notion at Notion's real pace (about 3 requests a second) …",
        args.days
    ));
    let report = engine
        .sync(
            SyncRequest {
                range: Some(range),
                dry_run: false,
                trigger: Trigger::Manual,
            },
            &|_| {},
        )
        .await?;
    let rows = demo_mode::rows(&world);
    let table = world.table(&engine)?;
    let workout_rows = world.workout_rows(&workouts);
    out.emit(&serde_json::json!({"report": report, "rows": rows, "workouts": workout_rows}), || {
        println!("Rows in the demo Notion database, as Notion shows them:");
        let rendered = table.render(WIDTH, args.wide);
        for line in &rendered.lines {
            println!("{line}");
        }
        if !rendered.left_out.is_empty() {
            println!(
                "Left out to fit {WIDTH} columns: {} (--wide shows them all).",
                rendered.left_out.join(", ")
            );
        }
        print_workouts(&workout_rows);
        println!(
            "{} created, {} updated, {} unchanged, {} waiting, {} skipped — WHOOP {} requests, Notion {}",
            report.created, report.updated, report.unchanged, report.waiting, report.skipped,
            report.requests.whoop, report.requests.notion
        );
    });
    if args.serve {
        println!("The simulators keep running. In another shell:");
        println!(
            "  export WHOOP_NOTION_CONFIG_DIR={} WHOOP_NOTION_SECRETS=file",
            dir.display()
        );
        println!(
            "  export WHOOP_OAUTH_URL={} WHOOP_API_URL={} NOTION_API_URL={}",
            world.whoop.oauth_url(),
            world.whoop.api_url(),
            world.notion.base_url()
        );
        println!("  whoop-notion status");
        println!("Ctrl-C stops them.");
        let _ = tokio::signal::ctrl_c().await;
    }
    // Removed on the way out: the folder was made for this demo, and holds only its files.
    drop(demo_dir);
    world.stop();
    Ok(())
}

/// The newest workouts' pages, one line each, as the Workouts database shows them.
fn print_workouts(rows: &[demo_mode::WorkoutRow]) {
    const SHOWN: usize = 8;
    let linked = rows.iter().filter(|r| r.linked).count();
    println!(
        "Pages in the demo Notion database \"Workouts\": {} ({linked} linked to their day's page); the newest:",
        rows.len()
    );
    for row in rows.iter().rev().take(SHOWN).rev() {
        let start = row.start.get(..16).unwrap_or(&row.start).replace('T', " ");
        let strain = row
            .strain
            .map(|s| format!("strain {s:.1}"))
            .unwrap_or_else(|| "not scored".to_string());
        let minutes = row
            .minutes
            .map(|m| format!("{m:.0} min"))
            .unwrap_or_default();
        println!(
            "  {start}  {:<28} {strain:<12} {minutes:>7}{}",
            row.title,
            if row.linked { "  → day" } else { "" }
        );
    }
}
