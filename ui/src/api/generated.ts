// Generated from the Rust types by crates/app-service/tests/ui_types.rs; do not edit.
// UPDATE_UI_TYPES=1 cargo test -p app-service --test ui_types

export type Command = { "command": "overview" } | { "command": "start_demo" } | { "command": "stop_demo" } | { "command": "whoop_connect", "args": WhoopConnectArgs } | { "command": "whoop_finish", "args": WhoopFinishArgs } | { "command": "app_link", "args": AppLinkArgs } | { "command": "whoop_disconnect" } | { "command": "notion_connect", "args": NotionConnectArgs } | { "command": "notion_databases" } | { "command": "notion_use", "args": NotionUseArgs } | { "command": "notion_pages" } | { "command": "notion_create_database", "args": NotionCreateDatabaseArgs } | { "command": "notion_disconnect" } | { "command": "mapping_get" } | { "command": "mapping_set", "args": MappingSetArgs } | { "command": "mapping_unset", "args": MappingUnsetArgs } | { "command": "mapping_auto" } | { "command": "mapping_preview" } | { "command": "workouts_show" } | { "command": "workouts_preview" } | { "command": "workouts_create_database", "args": WorkoutsCreateDatabaseArgs } | { "command": "workouts_use", "args": WorkoutsUseArgs } | { "command": "workouts_map", "args": WorkoutsMapArgs } | { "command": "workouts_add_day_link" } | { "command": "workouts_off" } | { "command": "history", "args": HistoryArgs } | { "command": "history_days", "args": HistoryDaysArgs } | { "command": "export_history", "args": ExportHistoryArgs } | { "command": "trends", "args": TrendsArgs } | { "command": "sync_now" } | { "command": "backfill", "args": BackfillArgs } | { "command": "settings_set", "args": SettingsArgs } | { "command": "pause", "args": PauseArgs } | { "command": "open_url", "args": OpenUrlArgs } | { "command": "open_logs" } | { "command": "quit" } | { "command": "forget_everything" } | { "command": "forget_preview" } | { "command": "check_setup" } | { "command": "diagnostics" };
export type Answer = { "command": "overview", "result": Overview } | { "command": "start_demo", "result": Overview } | { "command": "stop_demo", "result": Overview } | { "command": "whoop_connect", "result": WhoopConnectStart } | { "command": "whoop_finish", "result": WhoopConnected } | { "command": "app_link", "result": WhoopConnected } | { "command": "whoop_disconnect", "result": Overview } | { "command": "notion_connect", "result": NotionConnected } | { "command": "notion_databases", "result": Array<DataSourceRef> } | { "command": "notion_use", "result": Overview } | { "command": "notion_pages", "result": Array<PageRef> } | { "command": "notion_create_database", "result": Overview } | { "command": "notion_disconnect", "result": Overview } | { "command": "mapping_get", "result": MappingView } | { "command": "mapping_set", "result": MappingView } | { "command": "mapping_unset", "result": MappingView } | { "command": "mapping_auto", "result": MappingView } | { "command": "mapping_preview", "result": Preview } | { "command": "workouts_show", "result": WorkoutsDatabase | null } | { "command": "workouts_preview", "result": WorkoutPreview } | { "command": "workouts_create_database", "result": WorkoutsDatabase } | { "command": "workouts_use", "result": WorkoutsDatabase } | { "command": "workouts_map", "result": WorkoutsDatabase } | { "command": "workouts_add_day_link", "result": WorkoutsDatabase } | { "command": "workouts_off", "result": null } | { "command": "history", "result": Array<RunSummary> } | { "command": "history_days", "result": Array<DayRecord> } | { "command": "export_history", "result": ExportSaved } | { "command": "trends", "result": Trends } | { "command": "sync_now", "result": SyncReport } | { "command": "backfill", "result": SyncReport } | { "command": "settings_set", "result": Overview } | { "command": "pause", "result": Overview } | { "command": "open_url", "result": null } | { "command": "open_logs", "result": null } | { "command": "quit", "result": null } | { "command": "forget_everything", "result": null } | { "command": "forget_preview", "result": ForgetScope } | { "command": "check_setup", "result": Array<SetupCheck> } | { "command": "diagnostics", "result": DiagnosticsSaved };
export type AppEvent = { "event": "overview", "payload": Overview } | { "event": "backfill-progress", "payload": BackfillProgress } | { "event": "whoop-connected", "payload": WhoopConnected } | { "event": "connect-failed", "payload": SyncError } | { "event": "show-window" };
export type ActionCounts = { created: number, updated: number, unchanged: number, waiting: number, skipped: number, failed: number, };
export type ActionKind = "created" | "updated" | "unchanged" | "waiting" | "skipped";
export type AppLinkArgs = { url: string, };
export type BackfillArgs = { 
/**
 * The last `days` days, today included (1 to 1095); `null`: all of the user's history,
 * from the first record WHOOP has.
 */
days: number | null, };
export type BackfillProgress = { 
/**
 * Pages written.
 */
done: number, 
/**
 * Pages to write: exact once every part of the range is planned, before that an upper
 * bound (see `exact`).
 */
total: number, exact: boolean, 
/**
 * At the pace measured since the first write (Notion's 3 a second before that).
 */
etaSeconds: number | null, };
export type Check = { id: CheckId, status: CheckStatus, 
/**
 * For a failure (or warning): the error code the surfaces pick their action by.
 */
code: ErrorCode | null, 
/**
 * Facts, in plain words: who is signed in, what is missing, by how much the clock is off.
 * Never a command to run, never an HTTP body.
 */
detail: string, };
export type CheckId = "keychain" | "whoop_token" | "whoop_offline" | "whoop_workouts" | "notion_token" | "notion_database" | "mapping" | "workouts_database" | "clock" | "login_item";
export type CheckStatus = "pass" | "fail" | "skip" | "warn";
export type ClockStyle = "24h" | "12h";
export type ColumnChoice = { id: string, name: string, kind: string, };
export type Connection = "connected" | "needs_reconnect" | "not_connected";
export type DataSourceRef = { id: string, name: string, databaseId: string | null, };
export type DayAction = "created" | "updated" | "unchanged" | "waiting" | "skipped" | "failed";
export type DayRange = { first: string, last: string, };
export type DayRecord = { day: string, action: DayAction, 
/**
 * Why (e.g. "not scored yet", "no changes"); for people, not for matching.
 */
reason: string | null, pageId: string | null, pageUrl: string | null, errorCode: ErrorCode | null, 
/**
 * The metric values written, for summaries like "Recovery 78% · Asleep 7h 12m".
 */
values: Record<string, { display: string }> | null, };
export type DayReport = { day: string, action: ActionKind, reason?: string, pageId?: string, pageUrl?: string, 
/**
 * The night's values as displayed ("78%", "7h 42m"), by metric key.
 */
values?: { [key in string]: string }, };
export type DiagnosticsSaved = { fileName: string, folder: string, };
export type DurationUnit = "ms" | "minutes" | "hours" | "text";
export type EnergyUnit = "kcal" | "kj";
export type ErrorCode = "whoop_reconnect" | "whoop_not_connected" | "whoop_invalid_client" | "notion_unauthorized" | "notion_not_connected" | "notion_not_found" | "notion_rejected" | "notion_no_permission" | "no_database" | "mapping_broken" | "invalid_input" | "keychain_unavailable" | "secret_store" | "rate_limited" | "network" | "network_web_page" | "server" | "history" | "history_moved_aside" | "config" | "config_moved_aside" | "busy" | "nothing_to_export" | "internal";
export type ExportFormat = "csv" | "json";
export type ExportHistoryArgs = { 
/**
 * Where to write: the save dialog's answer, so the user has agreed to replace a file
 * that is there. Absolute.
 */
path: string, format: ExportFormat, 
/**
 * One row per workout instead of one per day.
 */
workouts: boolean, 
/**
 * The first day (`YYYY-MM-DD`); missing: wherever the history begins.
 */
since?: string, };
export type ExportSaved = { path: string, 
/**
 * The file's name alone, for "Saved 412 days to whoop.csv".
 */
fileName: string, 
/**
 * Days, or workouts with `workouts`.
 */
rows: number, first: string, last: string, };
export type ForgetScope = { 
/**
 * The profile folder (settings, history).
 */
folder: string, 
/**
 * The names of what is in it that the app didn't write: left as they are.
 */
keeps: Array<string>, 
/**
 * The folder itself stays: it was there before the app used it, it is a link, or it
 * holds what the app didn't write.
 */
folderStays: boolean, };
export type Height = "centimeters" | "meters" | "inches";
export type HistoryArgs = { limit: number, };
export type HistoryDaysArgs = { runId: number, };
export type MappedProperty = { id: string, 
/**
 * The name when last seen; for messages only.
 */
name: string, unit?: DurationUnit | null, 
/**
 * For a temperature (skin temperature): the unit written to Notion. Absent is °C, as
 * WHOOP gives it (and as mappings made before this choice existed wrote it).
 */
temperature?: Temperature | null, 
/**
 * For a weight (the body's): kg or lb written to Notion. Absent is kg, as WHOOP gives it.
 */
weight?: Weight | null, 
/**
 * For a height (the body's): cm, m or in written to Notion. Absent is cm.
 */
height?: Height | null, };
export type MappingProblem = { 
/**
 * `date` for the day key, else the metric key.
 */
key: string, message: string, };
export type MappingRow = { key: string, label: string, kind: MetricKind, 
/**
 * A temperature (skin temperature): written in °C or °F, as the mapping says.
 */
temperature: boolean, 
/**
 * A weight (the body's): written in kg or lb, as the mapping says.
 */
weight: boolean, 
/**
 * A height (the body's): written in cm, m or in, as the mapping says.
 */
height: boolean, property: MappedProperty | null, 
/**
 * Names of the properties this metric could go into.
 */
compatible: Array<string>, };
export type MappingSetArgs = { 
/**
 * A metric key, or `date` for the day key.
 */
key: string, property: string, unit?: DurationUnit, 
/**
 * For skin temperature: the unit written to Notion (°C when missing).
 */
temperature?: Temperature, 
/**
 * For the weight: the unit written to Notion (kg when missing).
 */
weight?: Weight, 
/**
 * For the height: the unit written to Notion (cm when missing).
 */
height?: Height, };
export type MappingUnsetArgs = { key: string, };
export type MappingView = { database: string, dataSourceId: string, day: MappedProperty | null, dateProperties: Array<string>, 
/**
 * Every property of the data source, with its type (for unit choices and warnings).
 */
properties: Array<PropertySchema>, rows: Array<MappingRow>, problems: Array<MappingProblem>, 
/**
 * Columns whose number format shows a metric wrong (a duration in a percent column):
 * the sync still writes, the user may change the format in Notion.
 */
warnings: Array<MappingProblem>, };
export type MetricKind = "percent" | "duration" | "number" | "count" | "clock";
export type Mode = "real" | "demo";
export type NotionConnectArgs = { token: string, };
export type NotionConnected = { workspace: string | null, name: string | null, };
export type NotionCreateDatabaseArgs = { 
/**
 * A page id or URL.
 */
parent: string, 
/**
 * "Daily Tracking" when missing.
 */
title?: string, };
export type NotionInfo = { state: Connection, workspace: string | null, database: string | null, databaseId: string | null, databaseUrl: string | null, };
export type NotionUseArgs = { idOrUrl: string, source?: string, };
export type OpenUrlArgs = { 
/**
 * http(s) only.
 */
url: string, };
export type Overview = { mode: Mode, demoAvailable: boolean, tray: TrayInfo, whoop: WhoopInfo, notion: NotionInfo, defaultRedirectUri: string, 
/**
 * The app's own link, the second way in when the dashboard refuses `http://`.
 */
appLinkRedirectUri: string, lastSync: string | null, pausedUntil: string | null, syncing: boolean, settings: Settings, 
/**
 * The clock and temperature unit in force (the settings', else the locale's): how the
 * window shows times.
 */
units: Units, recentDays: Array<RecentDay>, 
/**
 * No panel shows tray icons here (stock GNOME has none): the window must say so once and
 * offer everything the tray does.
 */
trayHidden: boolean, 
/**
 * The last run couldn't read what the user asked for (`read:workout` for workouts):
 * the window asks once to connect WHOOP again.
 */
needsWhoopScope: string | null, };
export type PageRef = { id: string, title: string, url: string | null, };
export type PauseArgs = { until: PauseUntil, };
export type PauseUntil = "hour" | "tomorrow" | "resume";
export type Preview = { day: string | null, cells: Array<PreviewCell>, note: string | null, };
export type PreviewCell = { key: string, label: string, property: string, value: string, };
export type PropertySchema = { id: string, name: string, 
/**
 * Notion's type name: `number`, `date`, `rich_text`, `formula`, …
 */
kind: string, 
/**
 * For numbers: `number`, `percent`, … (decides whether 78 % is written as 0.78).
 */
numberFormat: string | null, 
/**
 * For selects: the option names.
 */
options: Array<string>, 
/**
 * For relations: the data source it links to.
 */
relation: RelationTarget | null, };
export type RecentDay = { day: string, action: DayAction, pageUrl: string | null, summary: string, };
export type RelationTarget = { dataSourceId: string, dual: boolean, };
export type Requests = { whoop: number, notion: number, };
export type RunId = number;
export type RunStatus = "ok" | "failed" | "interrupted";
export type RunSummary = { id: RunId, trigger: Trigger, startedAt: string, endedAt: string | null, 
/**
 * First and last day of the requested range, inclusive.
 */
range: [string, string], dryRun: boolean, status: RunStatus, 
/**
 * `None` when the run never finished (see [`RunStatus::Interrupted`]).
 */
ok: boolean | null, errorCode: ErrorCode | null, errorMessage: string | null, counts: ActionCounts, requestsWhoop: number, requestsNotion: number, 
/**
 * What the run did with workouts; `None` when workouts were off.
 */
workouts: WorkoutsReport | null, };
export type Settings = { morningStart: string, morningEnd: string, pollMinutes: number, notifications: boolean, launchAtLogin: boolean, 
/**
 * Started at login by a service that restarts it if it stops (Linux: a systemd user
 * service, in place of the login item); `null` where there is none to offer. From the
 * window, `null` leaves it as it is.
 */
restartIfStopped: boolean | null, 
/**
 * 24- or 12-hour times; `null` follows the system's locale.
 */
clock: ClockStyle | null, 
/**
 * °C or °F; `null` follows the system's locale.
 */
temperature: Temperature | null, };
export type SettingsArgs = { settings: Settings, };
export type SetupCheck = { id: CheckId, status: CheckStatus, 
/**
 * The window picks the action button by this code, as for an error banner.
 */
code: ErrorCode | null, 
/**
 * "WHOOP sign-in"
 */
title: string, 
/**
 * One sentence in the desktop's words.
 */
message: string, };
export type SyncError = { code: ErrorCode, message: string, };
export type SyncReport = { days: Array<DayReport>, created: number, updated: number, unchanged: number, waiting: number, skipped: number, requests: Requests, range: DayRange, dryRun: boolean, runId: number | null, whoopRefreshes: number, 
/**
 * WHOOP records skipped because they couldn't be read (the rest of their page was
 * used): a record WHOOP changed in a way this version doesn't know.
 */
unreadableRecords: number, 
/**
 * Scopes the WHOOP sign-in doesn't allow though a mapped metric needs them, space-separated
 * (`read:workout` for the workout metrics, `read:body_measurement` for weight, height and
 * the estimated max heart rate): those metrics weren't written; connecting WHOOP again, and
 * allowing them, adds them. Everything else was synced.
 */
needsWhoopScope?: string | null, 
/**
 * What the run did with the workouts of its days; absent when no Workouts database is
 * set (or the sign-in can't read workouts: then `needs_whoop_scope` says so).
 */
workouts?: WorkoutsReport | null, };
export type Temperature = "celsius" | "fahrenheit";
export type TrayInfo = { state: TrayState, tooltip: string, attention: SyncError | null, };
export type TrayState = "synced" | "syncing" | "waiting" | "paused" | "attention" | "idle";
export type TrendSeries = { 
/**
 * The metric key (`recovery_score`, `hrv`, …).
 */
key: string, label: string, kind: MetricKind, 
/**
 * The unit of `values`: the metric's ("%", "ms", "bpm"), or "h" for a duration.
 */
unit: string, decimals: number, 
/**
 * The day's number (a duration in hours), by day.
 */
values: Array<number | null>, 
/**
 * The same as the history shows it ("78%", "7h 12m").
 */
display: Array<string | null>, 
/**
 * The mean of the numbers of the 7 days ending that day, those days that have one (the
 * days before the range count too); `null` when none of them has.
 */
average: Array<number | null>, averageDisplay: Array<string | null>, };
export type Trends = { from: string, to: string, 
/**
 * Every day of the range, oldest first.
 */
days: Array<string>, series: Array<TrendSeries>, };
export type TrendsArgs = { 
/**
 * 30, 90 or 365 in the window; 1 to 1095 accepted.
 */
days: number, };
export type Trigger = "manual" | "schedule" | "wake" | "backfill" | "startup" | "cli" | "daemon";
export type Units = { clock: ClockStyle, temperature: Temperature, weight: Weight, height: Height, };
export type Weight = "kilograms" | "pounds";
export type WhoopConnectArgs = { clientId: string, 
/**
 * Empty with the already-connected client id: reuse the stored secret ("Reconnect").
 */
clientSecret: string, redirectUri?: string, };
export type WhoopConnectStart = { authorizeUrl: string, 
/**
 * The code comes back by itself, to the loopback listener…
 */
listens: boolean, 
/**
 * …or as the app's own link; otherwise the user pastes the address back.
 */
appLink: boolean, };
export type WhoopConnected = { name: string, };
export type WhoopFinishArgs = { pastedUrl: string, };
export type WhoopInfo = { state: Connection, userName: string | null, clientId: string | null, redirectUri: string | null, };
export type WorkoutField = "start" | "whoop_id" | "sport" | "duration" | "strain" | "average_heart_rate" | "max_heart_rate" | "energy_kj" | "energy_kcal" | "distance_km" | "distance_mi" | "zone_0" | "zone_1" | "zone_2" | "zone_3" | "zone_4" | "zone_5" | "day";
export type WorkoutFieldKind = "start" | "whoop_id" | "text" | "number" | "duration" | "day_link";
export type WorkoutPreview = { 
/**
 * The page's title ("Running · 07:10"), or `None` when there is no workout to show.
 */
title: string | null, cells: Array<WorkoutPreviewCell>, note: string | null, };
export type WorkoutPreviewCell = { field: WorkoutField, column: string, value: string, };
export type WorkoutRow = { field: WorkoutField, label: string, kind: WorkoutFieldKind, 
/**
 * The column it goes into, if mapped.
 */
property: MappedProperty | null, 
/**
 * The columns of the right type it could go into.
 */
choices: Array<ColumnChoice>, };
export type WorkoutsCreateDatabaseArgs = { 
/**
 * A page id or URL; missing: the page the daily database is in.
 */
parent?: string, 
/**
 * "Workouts" when missing.
 */
title?: string, energy: EnergyUnit, };
export type WorkoutsDatabase = { databaseId: string, title: string, dataSourceId: string, rows: Array<WorkoutRow>, problems: Array<MappingProblem>, 
/**
 * No column links a workout to its day: the app may add one, when the user lets it.
 */
canAddDayLink: boolean, };
export type WorkoutsMapArgs = { field: WorkoutField, 
/**
 * A column id (or name); missing: the field isn't written.
 */
property?: string, 
/**
 * For durations: how they are written (the column decides when missing).
 */
unit?: DurationUnit, };
export type WorkoutsReport = { created: number, updated: number, unchanged: number, 
/**
 * Workouts WHOOP is still scoring: written once scored.
 */
waiting: number, 
/**
 * Pages of workouts WHOOP no longer has: reported, never trashed (the user decides).
 */
deletedInWhoop: Array<string>, 
/**
 * Workouts written without the link to their day, because the day has no page yet.
 */
unlinked: number, };
export type WorkoutsUseArgs = { 
/**
 * A database id or URL (as `notion_databases` lists them).
 */
database: string, };

// Every ErrorCode (ErrorCode::ALL).
export const ERROR_CODES: readonly ErrorCode[] = ["whoop_reconnect", "whoop_not_connected", "whoop_invalid_client", "notion_unauthorized", "notion_not_connected", "notion_not_found", "notion_rejected", "notion_no_permission", "no_database", "mapping_broken", "invalid_input", "keychain_unavailable", "secret_store", "rate_limited", "network", "network_web_page", "server", "history", "history_moved_aside", "config", "config_moved_aside", "busy", "nothing_to_export", "internal"];
// The codes that may pass by themselves (ErrorCode::needs_user() is false).
export const TRANSIENT_CODES: readonly ErrorCode[] = ["rate_limited", "network", "network_web_page", "server", "busy"];
