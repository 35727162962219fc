use sync_engine::{Connection, Engine, Result};

use crate::output::Output;

pub async fn run(engine: &Engine, out: &Output) -> Result<()> {
    let status = engine.status().await?;
    let units = engine.units()?;
    let offset = engine.local_offset();
    out.emit(&status, || {
        let whoop = match status.whoop.state {
            Connection::Connected => format!(
                "connected as {}",
                status.whoop.user_name.as_deref().unwrap_or("?")
            ),
            Connection::NeedsReconnect => {
                "needs to be reconnected: `whoop-notion whoop connect`".into()
            }
            Connection::NotConnected => "not connected: `whoop-notion whoop connect`".into(),
        };
        let notion = match status.notion.state {
            Connection::Connected => match &status.notion.database {
                Some(db) => format!("connected, syncing into \"{db}\""),
                None => "connected, no database chosen: `whoop-notion notion use URL`".into(),
            },
            Connection::NeedsReconnect => "token missing: `whoop-notion notion connect`".into(),
            Connection::NotConnected => "not connected: `whoop-notion notion connect`".into(),
        };
        println!("WHOOP:   {whoop}");
        println!("Notion:  {notion}");
        println!(
            "Mapping: day key {}, {} metrics",
            status.day_key.as_deref().unwrap_or("(none)"),
            status.mapped_metrics
        );
        match &status.last_run {
            Some(run) => println!(
                "Last sync: {} ({})",
                units.date_time(run.started_at.with_timezone(&offset).naive_local()),
                match run.ok {
                    Some(true) => "ok".to_string(),
                    Some(false) =>
                        format!("failed: {}", run.error_message.as_deref().unwrap_or("?")),
                    None => "interrupted".into(),
                }
            ),
            None => println!("Last sync: never"),
        }
        println!(
            "Secrets: {} · Settings: {}",
            status.secrets, status.config_dir
        );
    });
    Ok(())
}
