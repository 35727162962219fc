//! The window ⇄ app contract, typed once: every command the window can send with its
//! arguments ([`Command`]) and what it answers ([`Answer`]), and every event the app sends the
//! window ([`AppEvent`]). The host parses commands into [`Command`] and dispatches on it
//! (`commands/mod.rs`, an exhaustive `match`); the UI's `call()` and `on()` are typed from the
//! same enums, generated into `ui/src/api/generated.ts` by `tests/ui_types.rs`. What each
//! command does is docs/APP-API.md.
//!
//! On the wire nothing changes: a command is its name and a JSON object of arguments (camelCase,
//! as the UI sends them; none for a command without arguments), an answer is the bare result,
//! an event its name and payload.

use app_core::overview::{Overview, Settings};
use app_core::setup_check::SetupCheck;
use app_core::trends::Trends;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sync_engine::mapping::DurationUnit;
use sync_engine::report::SyncReport;
use sync_engine::workouts::WorkoutField;
use sync_engine::workouts_setup::{EnergyUnit, WorkoutsDatabase};
use sync_engine::{DataSourceRef, MappingView, PageRef, Preview, SyncError, WorkoutPreview};
use sync_engine::{Height, Temperature, Weight};
use sync_history::{DayRecord, RunSummary};

/// Declares the commands, one line each: the name on the wire, the variant (with its argument
/// type, if any) and the result type. It makes [`Command`], [`Answer`] with the same variants,
/// and their `name()`s.
macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        $name:literal => $variant:ident $(($args:ty))? -> $result:ty;
    )*) => {
        /// A command from the window: `{command: name, args}` (see [`Command::parse`]).
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(tag = "command", content = "args")]
        pub enum Command {
            $(
                $(#[doc = $doc])*
                #[serde(rename = $name)]
                $variant $(($args))?,
            )*
        }

        /// What a command resolves with, by command: `{command: name, result}`. Only the
        /// result crosses the wire ([`Answer::into_result`]).
        #[derive(Debug, Clone, Serialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(tag = "command", content = "result")]
        pub enum Answer {
            $(
                #[serde(rename = $name)]
                $variant($result),
            )*
        }

        impl Command {
            /// Every command's name.
            pub const NAMES: &'static [&'static str] = &[$($name),*];

            pub fn name(&self) -> &'static str {
                match self {
                    $(Command::$variant { .. } => $name,)*
                }
            }
        }

        impl Answer {
            /// The command this answers.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Answer::$variant(_) => $name,)*
                }
            }

            /// The result as the window gets it.
            pub fn into_result(self) -> Value {
                match self {
                    $(Answer::$variant(result) => {
                        crate::wire::to_value(&result).expect("results serialize")
                    })*
                }
            }
        }
    };
}

commands! {
    /// The window's state now.
    "overview" => Overview -> Overview;
    "start_demo" => StartDemo -> Overview;
    "stop_demo" => StopDemo -> Overview;
    /// Opens the sign-in page in the browser; the code comes back by the loopback listener,
    /// the app's link or the pasted address (`whoop_finish`).
    "whoop_connect" => WhoopConnect(WhoopConnectArgs) -> WhoopConnectStart;
    "whoop_finish" => WhoopFinish(WhoopFinishArgs) -> WhoopConnected;
    /// Sent by the window's shell (src-tauri/src/app_link.rs), not the UI.
    "app_link" => AppLink(AppLinkArgs) -> WhoopConnected;
    "whoop_disconnect" => WhoopDisconnect -> Overview;
    "notion_connect" => NotionConnect(NotionConnectArgs) -> NotionConnected;
    "notion_databases" => NotionDatabases -> Vec<DataSourceRef>;
    "notion_use" => NotionUse(NotionUseArgs) -> Overview;
    "notion_pages" => NotionPages -> Vec<PageRef>;
    "notion_create_database" => NotionCreateDatabase(NotionCreateDatabaseArgs) -> Overview;
    "notion_disconnect" => NotionDisconnect -> Overview;
    "mapping_get" => MappingGet -> MappingView;
    "mapping_set" => MappingSet(MappingSetArgs) -> MappingView;
    "mapping_unset" => MappingUnset(MappingUnsetArgs) -> MappingView;
    "mapping_auto" => MappingAuto -> MappingView;
    "mapping_preview" => MappingPreview -> Preview;
    /// The Workouts database and its mapping against its live columns; `null` when workouts
    /// are off.
    "workouts_show" => WorkoutsShow -> Option<WorkoutsDatabase>;
    /// Creates a Workouts database beside the daily one (or in `parent`, when the daily
    /// database isn't inside a page), chosen and mapped.
    /// The newest scored workout through the Workouts mapping, as its page would show it.
    "workouts_preview" => WorkoutsPreview -> WorkoutPreview;
    "workouts_create_database" => WorkoutsCreateDatabase(WorkoutsCreateDatabaseArgs) -> WorkoutsDatabase;
    "workouts_use" => WorkoutsUse(WorkoutsUseArgs) -> WorkoutsDatabase;
    "workouts_map" => WorkoutsMap(WorkoutsMapArgs) -> WorkoutsDatabase;
    /// Adds a relation column linking workouts to their days, in both databases: only on the
    /// user's click, since it changes their databases.
    "workouts_add_day_link" => WorkoutsAddDayLink -> WorkoutsDatabase;
    /// Forgets the Workouts database; the database and its pages stay in Notion.
    "workouts_off" => WorkoutsOff -> ();
    "history" => History(HistoryArgs) -> Vec<RunSummary>;
    "history_days" => HistoryDays(HistoryDaysArgs) -> Vec<DayRecord>;
    /// History → Export…: the history's days (or workouts) written as CSV or JSON to `path`,
    /// the file the window's save dialog chose; local reads only.
    "export_history" => ExportHistory(ExportHistoryArgs) -> ExportSaved;
    /// The Trends view: the last `days` days' recovery, HRV, resting heart rate and time
    /// asleep with their 7-day averages, from the local history only (no request to WHOOP or
    /// Notion).
    "trends" => Trends(TrendsArgs) -> Trends;
    "sync_now" => SyncNow -> SyncReport;
    "backfill" => Backfill(BackfillArgs) -> SyncReport;
    "settings_set" => SettingsSet(SettingsArgs) -> Overview;
    "pause" => Pause(PauseArgs) -> Overview;
    "open_url" => OpenUrl(OpenUrlArgs) -> ();
    "open_logs" => OpenLogs -> ();
    /// Ends the app (the tray host and its windows), as the tray's Quit does.
    "quit" => Quit -> ();
    /// Removes the WHOOP and Notion secrets from the keychain, the profile (settings,
    /// history), the login item and the app's own folders, then ends the app. The window asks
    /// first.
    "forget_everything" => ForgetEverything -> ();
    /// What "Forget everything" would remove and keep, for the window's confirmation: the
    /// profile folder, and what in it isn't the app's.
    "forget_preview" => ForgetPreview -> ForgetScope;
    "check_setup" => CheckSetup -> Vec<SetupCheck>;
    /// Saves the bug-report archive in the downloads folder and shows that folder.
    "diagnostics" => Diagnostics -> DiagnosticsSaved;
}

impl Command {
    /// The command `name` with its JSON arguments, as they arrive over the window link. No
    /// arguments (`null`) and none (`{}`, what Tauri sends for `invoke(name)`) are the same.
    /// The error says whether the name or the arguments were wrong, in serde's words.
    pub fn parse(name: &str, args: Value) -> Result<Command, SyncError> {
        let none = match &args {
            Value::Null => true,
            Value::Object(map) => map.is_empty(),
            _ => false,
        };
        let parsed = if none {
            // A command without arguments has no `args`; one whose arguments are all optional
            // gets an empty object.
            serde_json::from_value(json!({ "command": name }))
                .or_else(|_| serde_json::from_value(json!({ "command": name, "args": {} })))
        } else {
            serde_json::from_value(json!({ "command": name, "args": args }))
        };
        parsed.map_err(|e| {
            if Command::NAMES.contains(&name) {
                SyncError::invalid(format!("{name}: bad arguments ({e})"))
            } else {
                SyncError::invalid(format!("\"{name}\" is not a command of this app ({e})"))
            }
        })
    }
}

// Arguments, with the UI's camelCase names.

// The four below carry a secret (a client secret, a token, an address with a one-time code):
// their `Debug` says which fields there are and never what they hold, so a `{:?}` in a log
// line can't leak one.

#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WhoopConnectArgs {
    pub client_id: String,
    /// Empty with the already-connected client id: reuse the stored secret ("Reconnect").
    pub client_secret: String,
    #[cfg_attr(feature = "ts", ts(optional))]
    pub redirect_uri: Option<String>,
}

#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WhoopFinishArgs {
    pub pasted_url: String,
}

#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppLinkArgs {
    pub url: String,
}

#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NotionConnectArgs {
    pub token: String,
}

const REDACTED: &str = "<redacted>";

impl std::fmt::Debug for WhoopConnectArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The client id and redirect are no secret (they are in every sign-in address).
        f.debug_struct("WhoopConnectArgs")
            .field("client_id", &self.client_id)
            .field("client_secret", &REDACTED)
            .field("redirect_uri", &self.redirect_uri)
            .finish()
    }
}

impl std::fmt::Debug for WhoopFinishArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhoopFinishArgs")
            .field("pasted_url", &REDACTED)
            .finish()
    }
}

impl std::fmt::Debug for AppLinkArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppLinkArgs")
            .field("url", &REDACTED)
            .finish()
    }
}

impl std::fmt::Debug for NotionConnectArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotionConnectArgs")
            .field("token", &REDACTED)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NotionUseArgs {
    pub id_or_url: String,
    #[cfg_attr(feature = "ts", ts(optional))]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NotionCreateDatabaseArgs {
    /// A page id or URL.
    pub parent: String,
    /// "Daily Tracking" when missing.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MappingSetArgs {
    /// A metric key, or `date` for the day key.
    pub key: String,
    pub property: String,
    #[cfg_attr(feature = "ts", ts(optional))]
    pub unit: Option<DurationUnit>,
    /// For skin temperature: the unit written to Notion (°C when missing).
    #[cfg_attr(feature = "ts", ts(optional))]
    pub temperature: Option<Temperature>,
    /// For the weight: the unit written to Notion (kg when missing).
    #[cfg_attr(feature = "ts", ts(optional))]
    pub weight: Option<Weight>,
    /// For the height: the unit written to Notion (cm when missing).
    #[cfg_attr(feature = "ts", ts(optional))]
    pub height: Option<Height>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MappingUnsetArgs {
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkoutsCreateDatabaseArgs {
    /// A page id or URL; missing: the page the daily database is in.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub parent: Option<String>,
    /// "Workouts" when missing.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub title: Option<String>,
    pub energy: EnergyUnit,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkoutsUseArgs {
    /// A database id or URL (as `notion_databases` lists them).
    pub database: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkoutsMapArgs {
    pub field: WorkoutField,
    /// A column id (or name); missing: the field isn't written.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub property: Option<String>,
    /// For durations: how they are written (the column decides when missing).
    #[cfg_attr(feature = "ts", ts(optional))]
    pub unit: Option<DurationUnit>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryArgs {
    pub limit: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HistoryDaysArgs {
    pub run_id: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportHistoryArgs {
    /// Where to write: the save dialog's answer, so the user has agreed to replace a file
    /// that is there. Absolute.
    pub path: String,
    pub format: ExportFormat,
    /// One row per workout instead of one per day.
    pub workouts: bool,
    /// The first day (`YYYY-MM-DD`); missing: wherever the history begins.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub since: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrendsArgs {
    /// 30, 90 or 365 in the window; 1 to 1095 accepted.
    pub days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackfillArgs {
    /// The last `days` days, today included (1 to 1095); `null`: all of the user's history,
    /// from the first record WHOOP has.
    pub days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SettingsArgs {
    pub settings: Settings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PauseArgs {
    pub until: PauseUntil,
}

/// For an hour, until the start of tomorrow's morning window, or not any more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PauseUntil {
    Hour,
    Tomorrow,
    Resume,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpenUrlArgs {
    /// http(s) only.
    pub url: String,
}

// Results the contract has of its own (the others are the engine's and app-core's types).

/// What "Forget everything" removes and keeps in the profile folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ForgetScope {
    /// The profile folder (settings, history).
    pub folder: String,
    /// The names of what is in it that the app didn't write: left as they are.
    pub keeps: Vec<String>,
    /// The folder itself stays: it was there before the app used it, it is a link, or it
    /// holds what the app didn't write.
    pub folder_stays: bool,
}

/// Where "Copy diagnostics" put its archive.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticsSaved {
    pub file_name: String,
    pub folder: String,
}

/// What History → Export… wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ExportSaved {
    pub path: String,
    /// The file's name alone, for "Saved 412 days to whoop.csv".
    pub file_name: String,
    /// Days, or workouts with `workouts`.
    pub rows: usize,
    pub first: chrono::NaiveDate,
    pub last: chrono::NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WhoopConnectStart {
    pub authorize_url: String,
    /// The code comes back by itself, to the loopback listener…
    pub listens: bool,
    /// …or as the app's own link; otherwise the user pastes the address back.
    pub app_link: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WhoopConnected {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NotionConnected {
    pub workspace: Option<String>,
    pub name: Option<String>,
}

/// The events the app sends every window: `{event: name, payload}`; on the wire, the name and
/// the payload ([`AppEvent::wire`]).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "event", content = "payload", rename_all = "kebab-case")]
pub enum AppEvent {
    /// Whenever anything the window shows changed.
    Overview(Box<Overview>),
    /// A backfill wrote another day.
    BackfillProgress(BackfillProgress),
    /// A sign-in that finished in the background (loopback listener, app link) worked…
    WhoopConnected(WhoopConnected),
    /// …or didn't.
    ConnectFailed(SyncError),
    /// Bring the window forward (the tray's Open, an app link); the window's shell acts on it.
    ShowWindow,
}

impl AppEvent {
    /// The event's name and payload (`null` for none), as the window link carries them.
    pub fn wire(&self) -> (String, Value) {
        let Value::Object(mut tagged) = crate::wire::to_value(self).expect("events serialize")
        else {
            unreachable!("an adjacently tagged enum serializes as an object")
        };
        let name = match tagged.remove("event") {
            Some(Value::String(name)) => name,
            _ => unreachable!("the tag is the event's name"),
        };
        (name, tagged.remove("payload").unwrap_or(Value::Null))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BackfillProgress {
    /// Pages written.
    pub done: usize,
    /// Pages to write: exact once every part of the range is planned, before that an upper
    /// bound (see `exact`).
    pub total: usize,
    pub exact: bool,
    /// At the pace measured since the first write (Notion's 3 a second before that).
    pub eta_seconds: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_printed_for_a_log_shows_no_secret() {
        let secret = "s3cr3t-value";
        for (name, args) in [
            (
                "whoop_connect",
                json!({"clientId": "id", "clientSecret": secret}),
            ),
            (
                "whoop_finish",
                json!({"pastedUrl": format!("https://localhost/cb?code={secret}")}),
            ),
            (
                "app_link",
                json!({"url": format!("whoop-notion-sync://oauth/callback?code={secret}")}),
            ),
            ("notion_connect", json!({"token": secret})),
        ] {
            let command = Command::parse(name, args).unwrap();
            let printed = format!("{command:?} {command:#?}");
            assert!(!printed.contains(secret), "{printed}");
            assert!(printed.contains("<redacted>"), "{printed}");
        }
    }

    #[test]
    fn commands_parse_from_name_and_arguments() {
        for none in [Value::Null, json!({})] {
            assert_eq!(
                Command::parse("overview", none.clone()).unwrap(),
                Command::Overview
            );
        }
        assert_eq!(
            Command::parse("whoop_finish", json!({"pastedUrl": "x"})).unwrap(),
            Command::WhoopFinish(WhoopFinishArgs {
                pasted_url: "x".into()
            })
        );
        assert_eq!(
            Command::parse("notion_use", json!({"idOrUrl": "abc"})).unwrap(),
            Command::NotionUse(NotionUseArgs {
                id_or_url: "abc".into(),
                source: None
            })
        );
        let e = Command::parse("whoop_finish", json!({})).unwrap_err();
        assert!(e.message.starts_with("whoop_finish: bad arguments"), "{e}");
        assert!(e.message.contains("pastedUrl"), "{e}");
        let e = Command::parse("format_disk", json!({})).unwrap_err();
        assert!(
            e.message
                .starts_with("\"format_disk\" is not a command of this app"),
            "{e}"
        );
    }

    #[test]
    fn every_name_is_its_variant() {
        for name in Command::NAMES {
            let args = match *name {
                "whoop_connect" => json!({"clientId": "c", "clientSecret": "s"}),
                "whoop_finish" => json!({"pastedUrl": "u"}),
                "app_link" | "open_url" => json!({"url": "u"}),
                "notion_connect" => json!({"token": "t"}),
                "notion_use" => json!({"idOrUrl": "i"}),
                "notion_create_database" => json!({"parent": "p"}),
                "mapping_set" => json!({"key": "k", "property": "p"}),
                "mapping_unset" => json!({"key": "k"}),
                "workouts_create_database" => json!({"energy": "kj"}),
                "workouts_use" => json!({"database": "d"}),
                "workouts_map" => json!({"field": "strain"}),
                "history" => json!({"limit": 1}),
                "history_days" => json!({"runId": 1}),
                "export_history" => {
                    json!({"path": "/tmp/x.csv", "format": "csv", "workouts": false})
                }
                "backfill" | "trends" => json!({"days": 1}),
                "pause" => json!({"until": "hour"}),
                "settings_set" => continue,
                _ => Value::Null,
            };
            assert_eq!(Command::parse(name, args).unwrap().name(), *name);
        }
    }

    #[test]
    fn events_cross_as_name_and_payload() {
        assert_eq!(
            AppEvent::ShowWindow.wire(),
            ("show-window".to_string(), Value::Null)
        );
        let (name, payload) =
            AppEvent::WhoopConnected(WhoopConnected { name: "Ana".into() }).wire();
        assert_eq!(name, "whoop-connected");
        assert_eq!(payload, json!({"name": "Ana"}));
    }
}
