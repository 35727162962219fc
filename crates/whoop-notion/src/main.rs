//! `whoop-notion`: the sync engine on the command line. Thin: parse, call the engine, print.

mod cli;
mod commands;
mod hints;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::output::Output;

/// The engine's log (each sync's span and end line, the requests at debug) on stderr, only
/// when `RUST_LOG` asks for it (e.g. `RUST_LOG=info` or `RUST_LOG=http_policy=debug`): the
/// CLI's output is unchanged otherwise.
fn diagnostics() {
    if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_default_env() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_ansi(false)
            .try_init();
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    diagnostics();
    let out = Output::new(cli.json);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: can't start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(run(cli, &out));
    match result {
        Ok(code) => code,
        Err(error) => {
            out.error(&error);
            ExitCode::FAILURE
        }
    }
}

/// The exit status: success, or failure when `doctor` found a problem (errors are `Err`).
async fn run(cli: Cli, out: &Output) -> sync_engine::Result<ExitCode> {
    let done = match cli.command {
        Command::Demo(args) => commands::demo::run(args, out).await,
        Command::Completions { shell } => {
            commands::docs::completions(shell, &mut std::io::stdout())
        }
        Command::ManPages { dir } => commands::docs::man_pages(&dir, out),
        command => {
            let engine = process_env::engine(cli.config_dir)?;
            match command {
                Command::Doctor => {
                    let ok = commands::doctor::run(&engine, out).await?;
                    return Ok(if ok {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    });
                }
                Command::Whoop(c) => commands::whoop::run(&engine, c, out).await,
                Command::Notion(c) => commands::notion::run(&engine, c, out).await,
                Command::Mapping(c) => commands::mapping::run(&engine, c, out).await,
                Command::Sync(args) => commands::sync::run(&engine, args, out).await,
                Command::History { limit } => commands::history::run(&engine, limit, out),
                Command::Status => commands::status::run(&engine, out).await,
                Command::Units(args) => commands::units::run(&engine, args, out),
                Command::Workouts(command) => commands::workouts::run(&engine, command, out).await,
                Command::Export(args) => commands::export::run(&engine, args, out).await,
                Command::Daemon => commands::daemon::run(&engine, out).await,
                Command::Diagnostics { output } => {
                    commands::diagnostics::run(&engine, output, out).await
                }
                Command::Reset { yes } => commands::reset::run(&engine, yes, out).await,
                Command::Demo(_) | Command::Completions { .. } | Command::ManPages { .. } => {
                    unreachable!("handled above")
                }
            }
        }
    };
    done.map(|()| ExitCode::SUCCESS)
}
