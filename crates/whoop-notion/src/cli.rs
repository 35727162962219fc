//! The command line, exactly as the contract in the README says. Scripts and the app's tests
//! depend on these names.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "whoop-notion",
    version,
    about = "Sync WHOOP sleep and recovery into a Notion database, one page per day."
)]
pub struct Cli {
    /// Where settings and history live (default: the OS config dir).
    #[arg(
        long,
        global = true,
        env = "WHOOP_NOTION_CONFIG_DIR",
        value_name = "DIR"
    )]
    pub config_dir: Option<PathBuf>,
    /// Machine-readable output on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Connect or disconnect your WHOOP account.
    #[command(subcommand)]
    Whoop(WhoopCommand),
    /// Connect Notion and choose the database.
    #[command(subcommand)]
    Notion(NotionCommand),
    /// Which metric goes into which property.
    #[command(subcommand)]
    Mapping(MappingCommand),
    /// Workouts as their own pages, one per WHOOP workout, in a Workouts database linked to
    /// the days.
    #[command(subcommand)]
    Workouts(WorkoutsCommand),
    /// Sync a range of days (default: the last 7).
    Sync(SyncArgs),
    /// Recent sync runs.
    History {
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// What is connected, and how the last run went.
    Status,
    /// Check every link live (keychain, WHOOP, Notion, database, mapping, clock): one line
    /// each with what to do; exit status 1 when any check fails.
    Doctor,
    /// Run the background schedule headless: catch up now, then poll each morning until
    /// today's recovery is scored.
    Daemon,
    /// Save one archive for a bug report: the version, the setup check, the settings, recent
    /// runs and the desktop app's logs, with no secrets. Prints its path.
    Diagnostics {
        /// The folder to save it in (default: the current folder).
        #[arg(long, value_name = "DIR")]
        output: Option<std::path::PathBuf>,
    },
    /// Watch the whole job work against built-in simulators, no account needed.
    Demo(DemoArgs),
    /// Forget everything: the secrets in the keychain, the profile (settings, history) and
    /// the desktop app's login item and own files. Run it before uninstalling.
    Reset {
        /// Don't ask (needed when standard input is not a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Print the shell completion script for SHELL (bash, zsh or fish).
    Completions {
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// Write the man pages (whoop-notion.1 and one per subcommand) into DIR: for packagers.
    #[command(hide = true)]
    ManPages {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Write the metrics the local history holds, one row per day, mapped or not, as CSV or
    /// JSON (no request to WHOOP or Notion).
    Export(ExportArgs),
    /// Show or choose the clock (12- or 24-hour) and temperature unit (°C or °F) values are
    /// shown in; without a choice they follow the locale.
    Units(UnitsArgs),
}

/// The shells completions are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Args)]
pub struct UnitsArgs {
    /// 12h, 24h, or auto (follow the locale).
    #[arg(long, value_name = "12h|24h|auto")]
    pub clock: Option<String>,
    /// c (°C), f (°F), or auto (follow the locale).
    #[arg(long, value_name = "c|f|auto")]
    pub temperature: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum WhoopCommand {
    /// Sign in to WHOOP in the browser with your own WHOOP developer app.
    Connect {
        /// Your WHOOP app's client id (or env WHOOP_CLIENT_ID; the secret comes from env
        /// WHOOP_CLIENT_SECRET or a hidden prompt).
        #[arg(long, env = "WHOOP_CLIENT_ID")]
        client_id: Option<String>,
        /// Must match a redirect URI registered in your WHOOP app exactly.
        #[arg(long, value_name = "URI")]
        redirect_uri: Option<String>,
        /// Print the sign-in URL (alone on the first line of stdout) instead of opening a browser.
        #[arg(long)]
        no_browser: bool,
        /// Seconds to wait for the browser to come back.
        #[arg(long, default_value_t = 300, hide = true)]
        timeout: u64,
    },
    /// Revoke this app's access and forget the tokens.
    Disconnect,
}

#[derive(Debug, Subcommand)]
pub enum NotionCommand {
    /// Store a Notion connection token (validated first).
    Connect {
        /// Read the token from standard input instead of a hidden prompt.
        #[arg(long)]
        token_stdin: bool,
    },
    /// Forget the Notion token.
    Disconnect,
    /// The databases the connection can see.
    Databases,
    /// Sync into this database (its URL or id).
    Use {
        #[arg(value_name = "ID_OR_URL")]
        id_or_url: String,
        /// For a database with several data sources: which one (id or name).
        #[arg(long)]
        source: Option<String>,
    },
    /// The pages the connection can see (where a database can be created).
    Pages,
    /// Create a "Daily Tracking" database under a page, then sync into it (mapped).
    CreateDatabase {
        /// The page to create it under (its URL or id; see `notion pages`).
        #[arg(long, value_name = "PAGE")]
        parent: String,
        /// The database's title.
        #[arg(long, value_name = "TITLE", default_value = sync_engine::DEFAULT_DATABASE_TITLE)]
        title: String,
        /// Metric keys to make columns for, comma-separated (default: recovery_score,
        /// sleep_time, sleep_efficiency, hrv, resting_heart_rate, sleep_performance, day_strain).
        #[arg(long, value_name = "KEY,KEY,…", value_delimiter = ',')]
        metrics: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum WorkoutsCommand {
    /// The Workouts database and which field goes into which column, checked live.
    Show,
    /// The newest scored workout through the mapping, as its page would show it (writes
    /// nothing).
    Preview,
    /// Create a Workouts database beside the daily one (in the same page), linked to the
    /// days, mapped; the next sync fills it.
    CreateDatabase {
        /// The page to create it in (URL or id; default: the daily database's page).
        #[arg(long, value_name = "PAGE")]
        parent: Option<String>,
        #[arg(long, value_name = "TITLE", default_value = sync_engine::workouts_setup::DEFAULT_WORKOUTS_TITLE)]
        title: String,
        /// Energy in kcal or kj.
        #[arg(long, value_name = "kcal|kj", default_value = "kcal")]
        energy: String,
    },
    /// Write workouts into this existing database (its URL or id), mapped by column names.
    Use {
        #[arg(value_name = "ID_OR_URL")]
        id_or_url: String,
        /// For a database with several data sources: which one (id or name).
        #[arg(long)]
        source: Option<String>,
    },
    /// Map fields: FIELD=COLUMN[:UNIT] (units for durations: ms, minutes, hours, text).
    Map {
        #[arg(required = true, value_name = "FIELD=COLUMN[:UNIT]")]
        assignments: Vec<String>,
    },
    /// Stop writing these fields.
    Unmap {
        #[arg(required = true, value_name = "FIELD")]
        fields: Vec<String>,
    },
    /// Add a relation column linking each workout to its day's page (it shows in both
    /// databases).
    LinkDays,
    /// Stop writing workouts. The database and its pages stay in Notion.
    Off,
}

#[derive(Debug, Subcommand)]
pub enum MappingCommand {
    /// The mapping, checked against the database's current properties.
    Show,
    /// Propose a mapping from property names (replaces the current one).
    Auto,
    /// Map metrics: KEY=PROPERTY[:UNIT] (units for durations: ms, minutes, hours, text; skin temperature: c, f; weight: kg, lb; height: cm, m, in; the day key is `date`).
    Set {
        #[arg(required = true, value_name = "KEY=PROPERTY[:UNIT]")]
        assignments: Vec<String>,
    },
    /// Stop writing these metrics.
    Unset {
        #[arg(required = true, value_name = "KEY")]
        keys: Vec<String>,
    },
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// One day (YYYY-MM-DD, `today` or `yesterday`).
    #[arg(long, conflicts_with_all = ["since", "until"])]
    pub day: Option<String>,
    /// First day of the range, or `first`: everything since the first record WHOOP has (a long
    /// backfill; stop it any time and run it again to finish, with no duplicates).
    #[arg(long)]
    pub since: Option<String>,
    /// Last day of the range (default: today).
    #[arg(long, requires = "since")]
    pub until: Option<String>,
    /// Show what would be written, write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// csv (a header row, ISO dates, dot decimals, UTF-8) or json.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// First day (YYYY-MM-DD, `today`, `yesterday`, or `first`: the history's first day; the
    /// default).
    #[arg(long)]
    pub since: Option<String>,
    /// Last day (default: today).
    #[arg(long)]
    pub until: Option<String>,
    /// Read the days from WHOOP instead of the local history (for days never synced; needs
    /// WHOOP connected, not Notion).
    #[arg(long)]
    pub from_whoop: bool,
    /// Write to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
    /// One row per workout (the values written to its page) instead of one row per day.
    #[arg(long)]
    pub workouts: bool,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Days to sync.
    #[arg(long, default_value_t = 30)]
    pub days: u32,
    /// Keep the simulators running afterwards and print how to point the CLI at them.
    #[arg(long)]
    pub serve: bool,
    /// Show every column; without it the table fits 100 columns, the most important first.
    #[arg(long)]
    pub wide: bool,
}
