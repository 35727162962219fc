use serde_json::json;
use sync_engine::{Engine, Result};

use super::prompt;
use crate::cli::NotionCommand;
use crate::commands::mapping::print_mapping_brief;
use crate::output::{plain, Output};

pub async fn run(engine: &Engine, command: NotionCommand, out: &Output) -> Result<()> {
    match command {
        NotionCommand::Connect { token_stdin } => {
            let token = if token_stdin {
                prompt::read_stdin()?
            } else {
                prompt::secret(
                    "Notion connection token (hidden): ",
                    "no token: pipe it in with --token-stdin (e.g. `printenv NOTION_TOKEN | whoop-notion notion connect --token-stdin`)",
                )?
            };
            let me = engine.notion_connect(&token).await?;
            out.emit(&json!({"connected": true, "bot": me}), || {
                println!(
                    "Connected to Notion workspace {} as {}.",
                    plain(me.workspace_name.as_deref().unwrap_or("(unnamed)")),
                    plain(me.name.as_deref().unwrap_or("your connection"))
                );
                println!(
                    "Next: `whoop-notion notion databases`, then `whoop-notion notion use URL`."
                );
            });
        }
        NotionCommand::Disconnect => {
            let was = engine.notion_disconnect().await?;
            out.emit(&json!({"disconnected": was}), || {
                println!("Notion is disconnected.")
            });
        }
        NotionCommand::Databases => {
            let sources = engine.notion_databases().await?;
            out.emit(&json!({"data_sources": sources}), || {
                if sources.is_empty() {
                    println!("Your connection can't see any database yet. In Notion, open your daily-tracking database, click ••• → Connections, and add your connection.");
                }
                for s in &sources {
                    println!("{}  {}  (database {})", plain(&s.id), plain(&s.name), plain(s.database_id.as_deref().unwrap_or("?")));
                }
            });
        }
        NotionCommand::Use { id_or_url, source } => {
            let chosen = engine.notion_use(&id_or_url, source.as_deref()).await?;
            out.emit(&chosen, || {
                println!(
                    "Syncing into \"{}\" (data source {}).",
                    plain(&chosen.target.database_title),
                    plain(&chosen.target.data_source_id)
                );
                if chosen.auto_mapped {
                    println!("Proposed a mapping from the property names:");
                }
                print_mapping_brief(&chosen.mapping);
                println!("Change it with `whoop-notion mapping set KEY=PROPERTY`; see all with `whoop-notion mapping show`.");
            });
        }
        NotionCommand::Pages => {
            let pages = engine.notion_pages().await?;
            out.emit(&json!({"pages": pages}), || {
                if pages.is_empty() {
                    println!("Your connection can't see any page yet. In Notion, open the page to put the database under, click ••• → Connections, and add your connection.");
                }
                for p in &pages {
                    println!("{}  {}", plain(&p.id), plain(&p.title));
                }
            });
        }
        NotionCommand::CreateDatabase {
            parent,
            title,
            metrics,
        } => {
            let metrics = (!metrics.is_empty()).then_some(metrics);
            let created = engine
                .notion_create_database(&parent, Some(&title), metrics.as_deref())
                .await?;
            out.emit(&created, || {
                let target = &created.chosen.target;
                println!(
                    "Created \"{}\" and syncing into it (data source {}).",
                    plain(&target.database_title),
                    plain(&target.data_source_id)
                );
                print_mapping_brief(&created.chosen.mapping);
                for p in &created.problems {
                    println!("  problem: {}: {}", p.key, p.message);
                }
                println!("Next: `whoop-notion sync`.");
            });
        }
    }
    Ok(())
}
