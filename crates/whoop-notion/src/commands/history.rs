use sync_engine::{Engine, Result};

use crate::output::Output;

pub fn run(engine: &Engine, limit: usize, out: &Output) -> Result<()> {
    let runs = engine.history(limit)?;
    let units = engine.units()?;
    let offset = engine.local_offset();
    out.emit(&serde_json::json!({"runs": runs}), || {
        if runs.is_empty() {
            println!("No syncs yet. Run `whoop-notion sync`.");
        }
        for run in &runs {
            let result = match (run.ok, &run.error_code) {
                (Some(true), _) => "ok".to_string(),
                (Some(false), Some(code)) => format!("failed ({code})"),
                (Some(false), None) => "failed".to_string(),
                (None, _) => "interrupted".to_string(),
            };
            let c = &run.counts;
            println!(
                "#{:<4} {}  {:<9} {}..{}{}  {}  created {} · updated {} · unchanged {} · waiting {} · skipped {}",
                run.id,
                units.date_time(run.started_at.with_timezone(&offset).naive_local()),
                run.trigger.as_str(),
                run.range.0,
                run.range.1,
                if run.dry_run { " (dry run)" } else { "" },
                result,
                c.created,
                c.updated,
                c.unchanged,
                c.waiting,
                c.skipped
            );
            if let Some(message) = &run.error_message {
                println!("      {message}");
            }
        }
    });
    Ok(())
}
