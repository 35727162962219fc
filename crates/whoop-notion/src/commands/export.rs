//! `whoop-notion export`: the local history's metric values, one row per day, as CSV or JSON.
//! Reads the history only, with no request to WHOOP or Notion; `--from-whoop` reads WHOOP
//! instead (never Notion), for days the history doesn't have.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
// `--since first` and no `--since` read the history from before any record.
use sync_engine::export::{
    before_any_record, metric_columns, workout_columns, ExportDay, Format, Table,
};
use sync_engine::nights::DayRange;
use sync_engine::{Engine, ErrorCode, Result, SyncError};

use super::sync::parse_day;
use crate::cli::{ExportArgs, ExportFormat};
use crate::output::Output;

pub async fn run(engine: &Engine, args: ExportArgs, out: &Output) -> Result<()> {
    let today = engine.today();
    let first = |s: &str| s.eq_ignore_ascii_case("first");
    let since = match args.since.as_deref().map(str::trim) {
        Some(s) if !first(s) => parse_day(s, today)?,
        // All of WHOOP's days is a search of its records; the history's is a local read.
        _ if args.from_whoop => engine.first_whoop_day().await?.ok_or_else(|| {
            SyncError::invalid(
                "WHOOP has no records for this account yet, so there is nothing to export",
            )
        })?,
        _ => before_any_record(),
    };
    let until = match &args.until {
        Some(u) => parse_day(u, today)?,
        None => today,
    };
    if since > until {
        return Err(SyncError::invalid(format!(
            "--since {since} is after --until {until}"
        )));
    }
    if args.workouts {
        return export_workouts(engine, &args, since, until.min(today), out).await;
    }
    let table = if args.from_whoop {
        let range = DayRange::new(since, until.min(today)).ok_or_else(|| {
            SyncError::invalid(format!("{since} is in the future; today is {today}"))
        })?;
        Table::new(from_whoop(engine, range).await?, &metric_columns())
    } else {
        engine.history_table(since, until)?
    };
    if table.days().is_empty() {
        if args.from_whoop {
            return Err(SyncError::invalid(format!(
                "WHOOP has no scored days from {since} to {until}, so there is nothing to export"
            )));
        }
        let range = if since == before_any_record() {
            format!("up to {until}")
        } else {
            format!("from {since} to {until}")
        };
        return Err(SyncError::invalid(format!(
            "the history holds no synced days {range}, so there is nothing to export; sync them first (`whoop-notion sync --since {}`), or add --from-whoop to read them from WHOOP",
            if since == before_any_record() { "first".to_string() } else { since.to_string() }
        )));
    }
    deliver(&table, &args, "days", out)
}

fn format_of(args: &ExportArgs) -> Format {
    match args.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Json => Format::Json,
    }
}

/// `export --workouts`: one row per workout, from the history (the values written to its
/// page) or, with `--from-whoop`, from WHOOP as it is now.
async fn export_workouts(
    engine: &Engine,
    args: &ExportArgs,
    since: NaiveDate,
    until: NaiveDate,
    out: &Output,
) -> Result<()> {
    let table = if args.from_whoop {
        let range = DayRange::new(since, until)
            .ok_or_else(|| SyncError::invalid(format!("{since} is after {until}")))?;
        let rows = engine
            .whoop_workout_values(range)
            .await?
            .into_iter()
            .map(|(date, _, values)| ExportDay {
                date,
                values: values
                    .iter()
                    .map(|(field, value)| (field.as_str().to_string(), value.to_json()))
                    .collect(),
            })
            .collect();
        Table::workouts(rows, &workout_columns())
    } else {
        engine.workouts_table(since, until)?
    };
    if table.days().is_empty() {
        let source = if args.from_whoop {
            "WHOOP has"
        } else {
            "the history holds"
        };
        let hint = if args.from_whoop {
            ""
        } else {
            "; workouts are kept once synced into a Workouts database (`whoop-notion workouts create-database`), or add --from-whoop to read them from WHOOP"
        };
        return Err(SyncError::invalid(format!(
            "{source} no workouts from {} to {until}, so there is nothing to export{hint}",
            if since == before_any_record() {
                "the start".to_string()
            } else {
                since.to_string()
            }
        )));
    }
    deliver(&table, args, "workouts", out)
}

/// Writes `table` to standard output or `--output`, and says what was written: `rows` names
/// its rows ("days", "workouts").
fn deliver(table: &Table, args: &ExportArgs, rows: &str, out: &Output) -> Result<()> {
    let text = table.write(format_of(args));
    let count = table.days().len();
    let (first, last) = table.first_and_last().expect("checked: the table has rows");
    match &args.output {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| SyncError::invalid(format!("could not write the export: {e}")))?;
            out.note(&format!("{count} {rows}, {first} to {last}."));
        }
        Some(path) => {
            write_new_file(path, text.as_bytes(), args.force)?;
            out.emit(
                &serde_json::json!({"path": path, rows: count, "first": first, "last": last,
                                    "columns": table.columns()}),
                || {
                    println!(
                        "Wrote {count} {rows} ({first} to {last}, {} columns) to {}.",
                        table.columns().len(),
                        path.display()
                    )
                },
            );
        }
    }
    Ok(())
}

/// Every scored day of `range` as WHOOP gives it now, with the values a sync would write.
async fn from_whoop(engine: &Engine, range: DayRange) -> Result<Vec<ExportDay>> {
    let days = engine.whoop_day_values(range).await?;
    Ok(days
        .into_iter()
        .map(|(date, values)| ExportDay {
            date,
            values: values
                .into_iter()
                .map(|(key, value)| {
                    let value = serde_json::to_value(value).expect("a metric value serializes");
                    (key.to_string(), value)
                })
                .collect(),
        })
        .collect())
}

/// Writes the whole file or nothing: a temporary file beside it, renamed over it at the end.
/// An existing file is the user's, and is replaced only with `--force`.
fn write_new_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let cant = |e: &dyn std::fmt::Display| {
        SyncError::new(
            ErrorCode::InvalidInput,
            format!("could not write {}: {e}", path.display()),
        )
    };
    if path.is_dir() {
        return Err(SyncError::invalid(format!(
            "{} is a folder; give a file name, such as {}",
            path.display(),
            path.join("whoop.csv").display()
        )));
    }
    if path.exists() && !force {
        return Err(SyncError::invalid(format!(
            "{} already exists; choose another name, or add --force to replace it",
            path.display()
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|e| cant(&e))?;
    file.write_all(bytes).map_err(|e| cant(&e))?;
    file.as_file().sync_all().map_err(|e| cant(&e))?;
    let persisted = if force {
        file.persist(path).map(drop)
    } else {
        // Not over a file that appeared meanwhile.
        file.persist_noclobber(path).map(drop)
    };
    persisted.map_err(|e| cant(&e.error))
}
