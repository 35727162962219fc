use sync_engine::{claim_background, Background, Engine, Result, SyncRequest, Trigger};

use crate::output::Output;

pub async fn run(engine: &Engine, out: &Output) -> Result<()> {
    // One background syncer per profile. Finding the tray app (or another daemon) running it
    // is no failure: say so and leave with success, so `Restart=on-failure` doesn't loop.
    let _ours = match claim_background(&engine.env().config_dir, "whoop-notion daemon")? {
        Background::Ours(guard) => guard,
        Background::TakenBy(who) => {
            let profile = engine.env().config_dir.root().display().to_string();
            if out.json {
                println!(
                    "{}",
                    serde_json::json!({"event": "not_started", "held_by": who, "profile": profile})
                );
            }
            out.note(&format!(
                "whoop-notion daemon: not starting: {who} already runs the background sync of {profile}"
            ));
            return Ok(());
        }
    };
    out.note("whoop-notion daemon: catching up, then polling each morning until today's recovery is scored. Ctrl-C stops.");
    let json = out.json;
    // The log's times in the user's clock; the settings are re-read for each line.
    let at = || {
        let now = engine.now().with_timezone(&engine.local_offset());
        engine.units().unwrap_or_default().time(now)
    };
    let sync = |trigger: Trigger| async move {
        let request = SyncRequest {
            range: None,
            dry_run: false,
            trigger,
        };
        let result = engine.sync(request, &|_| {}).await;
        let today = engine.today();
        match &result {
            Ok(report) => {
                let today_done = sync_engine::today_is_done(report, today);
                if json {
                    println!(
                        "{}",
                        serde_json::json!({"event": "synced", "trigger": trigger.as_str(), "today_done": today_done, "report": report})
                    );
                } else {
                    eprintln!(
                        "[{}] {}: {} created, {} updated, {} unchanged, {} waiting{}",
                        at(),
                        trigger.as_str(),
                        report.created,
                        report.updated,
                        report.unchanged,
                        report.waiting,
                        if today_done { " — today is done" } else { "" }
                    );
                }
            }
            Err(error) => {
                if json {
                    println!(
                        "{}",
                        serde_json::json!({"event": "failed", "trigger": trigger.as_str(), "error": error})
                    );
                } else {
                    eprintln!(
                        "[{}] {}: error: {} ({})",
                        at(),
                        trigger.as_str(),
                        error.message,
                        error.code
                    );
                }
            }
        }
        result
    };
    // Stopping mid-run is safe: the next run re-reads Notion before writing anything.
    // The CLI doesn't listen for the OS's wake signal: the clock jump finds every wake.
    let no_wake_signal = tokio::sync::Notify::new();
    tokio::select! {
        _ = engine.run_schedule(sync, || true, &no_wake_signal) => {}
        _ = tokio::signal::ctrl_c() => out.note("stopped"),
    }
    Ok(())
}
