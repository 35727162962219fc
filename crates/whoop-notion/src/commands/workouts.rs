//! `whoop-notion workouts …`: the Workouts database, one page per WHOOP workout linked to its
//! day's page. Choosing and mapping are the engine's; this prints them.

use serde_json::json;
use sync_engine::workouts_setup::{EnergyUnit, WorkoutsDatabase};
use sync_engine::{Engine, Result, SyncError};

use crate::cli::WorkoutsCommand;
use crate::commands::mapping::parse_assignment;
use crate::output::{plain, Output};

pub async fn run(engine: &Engine, command: WorkoutsCommand, out: &Output) -> Result<()> {
    let view = match command {
        WorkoutsCommand::Show => match engine.workouts().await? {
            Some(view) => view,
            None => {
                out.emit(&json!({"workouts": null}), || {
                    println!("Workouts are off. Turn them on with `whoop-notion workouts create-database` (or `workouts use URL` for a database you have).");
                });
                return Ok(());
            }
        },
        WorkoutsCommand::Preview => {
            let preview = engine.workouts_preview().await?;
            out.emit(&preview, || {
                match &preview.title {
                    Some(title) => println!(
                        "The newest workout, \"{}\", would be written as:",
                        plain(title)
                    ),
                    None => println!("{}.", preview.note.as_deref().unwrap_or("Nothing to show")),
                }
                for cell in &preview.cells {
                    println!(
                        "  {:<20} {:<18} {}",
                        cell.field.as_str(),
                        plain(&cell.column),
                        plain(&cell.value)
                    );
                }
            });
            return Ok(());
        }
        WorkoutsCommand::CreateDatabase {
            parent,
            title,
            energy,
        } => {
            let energy = EnergyUnit::parse(&energy).ok_or_else(|| {
                SyncError::invalid(format!("unknown energy unit \"{energy}\"; use kcal or kj"))
            })?;
            engine
                .workouts_create_database(parent.as_deref(), Some(&title), energy)
                .await
                .map_err(|e| match e.message.contains("choose a page") {
                    true => SyncError::new(
                        e.code,
                        format!(
                            "{}: pass --parent PAGE (see `whoop-notion notion pages`)",
                            e.message
                        ),
                    ),
                    false => e,
                })?
        }
        WorkoutsCommand::Use { id_or_url, source } => {
            engine.workouts_use(&id_or_url, source.as_deref()).await?
        }
        WorkoutsCommand::Map { assignments } => {
            let mut view = None;
            for text in &assignments {
                let (field, column, unit) = parse_assignment(text)?;
                view = Some(
                    engine
                        .workouts_map(field.trim(), Some(column.trim()), unit.as_deref())
                        .await?,
                );
            }
            view.expect("clap requires one assignment")
        }
        WorkoutsCommand::Unmap { fields } => {
            let mut view = None;
            for field in &fields {
                view = Some(engine.workouts_map(field.trim(), None, None).await?);
            }
            view.expect("clap requires one field")
        }
        WorkoutsCommand::LinkDays => engine.workouts_add_day_link().await?,
        WorkoutsCommand::Off => {
            let was = engine.workouts_off()?;
            out.emit(&json!({"workouts_off": was}), || {
                if was {
                    println!(
                        "Workouts are off. The Workouts database and its pages stay in Notion."
                    );
                } else {
                    println!("Workouts were already off.");
                }
            });
            return Ok(());
        }
    };
    out.emit(&view, || print_view(&view));
    Ok(())
}

fn print_view(view: &WorkoutsDatabase) {
    println!(
        "Workouts go into \"{}\" (data source {}):",
        plain(&view.title),
        plain(&view.data_source_id)
    );
    for row in &view.rows {
        let column = match &row.property {
            Some(p) => {
                let unit = p
                    .unit
                    .map(|u| format!(" [{}]", u.as_str()))
                    .unwrap_or_default();
                format!("\"{}\"{unit}", plain(&p.name))
            }
            None => "-".to_string(),
        };
        println!("  {:<20} {column}", row.field.as_str());
    }
    for p in &view.problems {
        println!("  problem: {}: {}", p.key, p.message);
    }
    if view.can_add_day_link {
        println!("No column links a workout to its day: `whoop-notion workouts link-days` adds one (a relation, shown in both databases).");
    }
}
