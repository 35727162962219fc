use sync_engine::{DaemonEvent, Engine, Result};

use crate::output::Output;

pub async fn run(engine: &Engine, out: &Output) -> Result<()> {
    out.note("whoop-notion daemon: catching up, then polling each morning until today's recovery is scored. Ctrl-C stops.");
    let json = out.json;
    let events = move |event: DaemonEvent| match event {
        DaemonEvent::Synced {
            trigger,
            report,
            today_done,
        } => {
            if json {
                println!(
                    "{}",
                    serde_json::json!({"event": "synced", "trigger": trigger.as_str(), "today_done": today_done, "report": report})
                );
            } else {
                eprintln!(
                    "[{}] {}: {} created, {} updated, {} unchanged, {} waiting{}",
                    chrono::Local::now().format("%H:%M"),
                    trigger.as_str(),
                    report.created,
                    report.updated,
                    report.unchanged,
                    report.waiting,
                    if today_done { " — today is done" } else { "" }
                );
            }
        }
        DaemonEvent::Failed { trigger, error } => {
            if json {
                println!(
                    "{}",
                    serde_json::json!({"event": "failed", "trigger": trigger.as_str(), "error": error})
                );
            } else {
                eprintln!(
                    "[{}] {}: error: {} ({})",
                    chrono::Local::now().format("%H:%M"),
                    trigger.as_str(),
                    error.message,
                    error.code.as_str()
                );
            }
        }
        DaemonEvent::Paused => {}
    };
    // Stopping mid-run is safe: the next run re-reads Notion before writing anything.
    tokio::select! {
        _ = engine.run_schedule(events, || true) => {}
        _ = tokio::signal::ctrl_c() => out.note("stopped"),
    }
    Ok(())
}
