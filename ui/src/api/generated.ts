// Generated from the Rust types by crates/app-service/tests/ui_types.rs; do not edit.
// UPDATE_UI_TYPES=1 cargo test -p app-service --test ui_types

export type ErrorCode = "whoop_reconnect" | "whoop_not_connected" | "whoop_invalid_client" | "notion_unauthorized" | "notion_not_connected" | "notion_not_found" | "notion_rejected" | "notion_no_permission" | "no_database" | "mapping_broken" | "invalid_input" | "keychain_unavailable" | "secret_store" | "rate_limited" | "network" | "server" | "history" | "config" | "busy" | "internal";
export type SyncError = { code: ErrorCode, message: string, };
export type Connection = "connected" | "needs_reconnect" | "not_connected";
export type Mode = "real" | "demo";
export type TrayState = "synced" | "syncing" | "waiting" | "paused" | "attention" | "idle";
export type TrayInfo = { state: TrayState, tooltip: string, attention: SyncError | null, };
export type WhoopInfo = { state: Connection, userName: string | null, clientId: string | null, redirectUri: string | null, };
export type NotionInfo = { state: Connection, workspace: string | null, database: string | null, databaseId: string | null, databaseUrl: string | null, };
export type RecentDay = { day: string, action: DayAction, pageUrl: string | null, summary: string, };
export type Settings = { morningStart: string, morningEnd: string, pollMinutes: number, notifications: boolean, launchAtLogin: boolean, };
export type Overview = { mode: Mode, demoAvailable: boolean, tray: TrayInfo, whoop: WhoopInfo, notion: NotionInfo, defaultRedirectUri: string, 
/**
 * The app's own link, the second way in when the dashboard refuses `http://`.
 */
appLinkRedirectUri: string, lastSync: string | null, pausedUntil: string | null, syncing: boolean, settings: Settings, recentDays: Array<RecentDay>, 
/**
 * No panel shows tray icons here (stock GNOME has none): the window must say so once and
 * offer everything the tray does.
 */
trayHidden: boolean, };
export type DataSourceRef = { id: string, name: string, database_id: string | null, };
export type PageRef = { id: string, title: string, url: string | null, };
export type PropertySchema = { id: string, name: string, 
/**
 * Notion's type name: `number`, `date`, `rich_text`, `formula`, …
 */
kind: string, 
/**
 * For numbers: `number`, `percent`, … (decides whether 78 % is written as 0.78).
 */
number_format: string | null, 
/**
 * For selects: the option names.
 */
options: Array<string>, };
export type DurationUnit = "ms" | "minutes" | "hours" | "text";
export type MappedProperty = { id: string, 
/**
 * The name when last seen; for messages only.
 */
name: string, unit?: DurationUnit | null, };
export type MetricKind = "percent" | "duration" | "number" | "count" | "clock";
export type MappingRow = { key: string, label: string, kind: MetricKind, property: MappedProperty | null, 
/**
 * Names of the properties this metric could go into.
 */
compatible: Array<string>, };
export type MappingProblem = { 
/**
 * `date` for the day key, else the metric key.
 */
key: string, message: string, };
export type MappingView = { database: string, data_source_id: string, day: MappedProperty | null, date_properties: Array<string>, 
/**
 * Every property of the data source, with its type (for unit choices and warnings).
 */
properties: Array<PropertySchema>, rows: Array<MappingRow>, problems: Array<MappingProblem>, };
export type PreviewCell = { key: string, label: string, property: string, value: string, };
export type Preview = { day: string | null, cells: Array<PreviewCell>, note: string | null, };
export type ActionKind = "created" | "updated" | "unchanged" | "waiting" | "skipped";
export type DayReport = { day: string, action: ActionKind, reason?: string, page_id?: string, page_url?: string, 
/**
 * The night's values as displayed ("78%", "7h 42m"), by metric key.
 */
values?: { [key in string]: string }, };
export type Requests = { whoop: number, notion: number, };
export type DayRange = { first: string, last: string, };
export type SyncReport = { days: Array<DayReport>, created: number, updated: number, unchanged: number, waiting: number, skipped: number, requests: Requests, range: DayRange, dry_run: boolean, run_id: number | null, whoop_refreshes: number, };
export type Trigger = "manual" | "schedule" | "wake" | "backfill" | "startup" | "cli" | "daemon";
export type DayAction = "created" | "updated" | "unchanged" | "waiting" | "skipped" | "failed";
export type RunId = number;
export type RunStatus = "ok" | "failed" | "interrupted";
export type ActionCounts = { created: number, updated: number, unchanged: number, waiting: number, skipped: number, failed: number, };
export type RunSummary = { id: RunId, trigger: Trigger, started_at: string, ended_at: string | null, 
/**
 * First and last day of the requested range, inclusive.
 */
range: [string, string], dry_run: boolean, status: RunStatus, 
/**
 * `None` when the run never finished (see [`RunStatus::Interrupted`]).
 */
ok: boolean | null, error_code: string | null, error_message: string | null, counts: ActionCounts, requests_whoop: number, requests_notion: number, };
export type DayRecord = { day: string, action: DayAction, 
/**
 * Why (e.g. "not scored yet", "no changes"); for people, not for matching.
 */
reason: string | null, page_id: string | null, page_url: string | null, error_code: string | null, 
/**
 * The metric values written, for summaries like "Recovery 78% · Asleep 7h 12m".
 */
values: Record<string, { display: string }> | null, };
export type CheckId = "keychain" | "whoop_token" | "whoop_offline" | "notion_token" | "notion_database" | "mapping" | "clock" | "login_item";
export type CheckStatus = "pass" | "fail" | "skip" | "warn";
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

// Every ErrorCode (ErrorCode::ALL).
export const ERROR_CODES: readonly ErrorCode[] = ["whoop_reconnect", "whoop_not_connected", "whoop_invalid_client", "notion_unauthorized", "notion_not_connected", "notion_not_found", "notion_rejected", "notion_no_permission", "no_database", "mapping_broken", "invalid_input", "keychain_unavailable", "secret_store", "rate_limited", "network", "server", "history", "config", "busy", "internal"];
// The codes that may pass by themselves (ErrorCode::needs_user() is false).
export const TRANSIENT_CODES: readonly ErrorCode[] = ["rate_limited", "network", "server", "busy"];
