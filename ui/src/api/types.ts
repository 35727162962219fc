// The shell ⇄ window contract, transcribed from docs/APP-API.md. Keep the two in step: the
// names, casing (camelCase for the app's own types, snake_case for the engine's) and unions
// here are exactly what the Rust side serializes.

export type ErrorCode =
  | "whoop_reconnect" | "whoop_not_connected" | "whoop_invalid_client"
  | "notion_unauthorized" | "notion_not_connected" | "notion_not_found" | "notion_rejected"
  | "no_database" | "mapping_broken" | "invalid_input" | "keychain_unavailable" | "secret_store"
  | "rate_limited" | "network" | "server" | "history" | "config" | "busy" | "internal";
export interface AppError { code: ErrorCode; message: string } // message says what to do

export type Connection = "connected" | "needs_reconnect" | "not_connected";
export type TrayState = "synced" | "syncing" | "waiting" | "paused" | "attention" | "idle";
export type Mode = "real" | "demo";

export interface Overview {
  mode: Mode; // "demo": simulated WHOOP and Notion (label it clearly)
  demoAvailable: boolean; // true when nothing real is connected (offer demo mode)
  tray: { state: TrayState; tooltip: string; attention: AppError | null };
  whoop: { state: Connection; userName: string | null; clientId: string | null; redirectUri: string | null };
  notion: { state: Connection; workspace: string | null; database: string | null; databaseId: string | null; databaseUrl: string | null };
  defaultRedirectUri: string; // "http://127.0.0.1:8765/callback": show it, copyable
  lastSync: string | null; // RFC 3339
  pausedUntil: string | null; // RFC 3339
  syncing: boolean;
  settings: Settings;
  recentDays: RecentDay[]; // newest first, at most 7
}
export interface RecentDay { day: string /* YYYY-MM-DD */; action: DayAction; pageUrl: string | null; summary: string /* "Recovery 78% · Asleep 7h 12m" */ }
export type DayAction = "created" | "updated" | "unchanged" | "waiting" | "skipped" | "failed";

export interface Settings {
  morningStart: string; // "05:00"
  morningEnd: string; // "12:00"
  pollMinutes: number; // 10
  notifications: boolean;
  launchAtLogin: boolean;
}

export interface DataSourceRef { id: string; name: string; database_id: string | null }

// snake_case below: these are the engine's own types, serialized as they are.
export type DurationUnit = "ms" | "minutes" | "hours" | "text";
export interface MappedProperty { id: string; name: string; unit?: DurationUnit }
export type MetricKind = "percent" | "duration" | "number" | "count" | "clock";
export interface MappingRow {
  key: string; label: string; kind: MetricKind;
  property: MappedProperty | null; compatible: string[] /* property names */;
}
export interface MappingProblem { key: string; message: string }
export interface PropertySchema {
  id: string; name: string; kind: string /* "number", "rich_text", "date", … */;
  number_format: string | null; options: string[];
}
export interface MappingView {
  database: string; data_source_id: string; day: MappedProperty | null;
  date_properties: string[];
  /** Every property with its type; absent from older shells, hence optional. */
  properties?: PropertySchema[];
  rows: MappingRow[];
  problems: MappingProblem[];
}
export interface PreviewCell { key: string; label: string; property: string; value: string }
export interface Preview { day: string | null; cells: PreviewCell[]; note: string | null }

export type Trigger = "manual" | "schedule" | "wake" | "backfill" | "startup" | "cli" | "daemon";
export interface RunCounts { created: number; updated: number; unchanged: number; waiting: number; skipped: number; failed: number }
export interface RunSummary {
  id: number; trigger: Trigger;
  started_at: string; ended_at: string | null; range: [string, string]; dry_run: boolean;
  status: "ok" | "failed" | "interrupted"; ok: boolean | null;
  error_code: string | null; error_message: string | null;
  counts: RunCounts;
  requests_whoop: number; requests_notion: number;
}
export interface DayRecord {
  day: string; action: DayAction; reason: string | null; page_id: string | null;
  page_url: string | null; error_code: string | null; values: Record<string, { display: string }> | null;
}

export interface SyncReportDay { day: string; action: DayAction; reason?: string; page_id?: string; page_url?: string; values?: Record<string, string> }
export interface SyncReport {
  days: SyncReportDay[];
  created: number; updated: number; unchanged: number; waiting: number; skipped: number;
  requests: { whoop: number; notion: number };
}

// Results and payloads the contract writes inline, named here so the wrappers can say them.
export interface WhoopConnectStart { authorizeUrl: string; listens: boolean }
export interface WhoopConnected { name: string }
export interface NotionConnected { workspace: string | null; name: string | null }
export type PauseUntil = "hour" | "tomorrow" | "resume";
export interface BackfillProgress { done: number; total: number; etaSeconds: number | null }

/** Every command name in the contract, with its argument object (`undefined`: none). */
export interface CommandArgs {
  overview: undefined;
  start_demo: undefined;
  stop_demo: undefined;
  whoop_connect: { clientId: string; clientSecret: string; redirectUri?: string };
  whoop_finish: { pastedUrl: string };
  whoop_disconnect: undefined;
  notion_connect: { token: string };
  notion_databases: undefined;
  notion_use: { idOrUrl: string; source?: string };
  notion_disconnect: undefined;
  mapping_get: undefined;
  mapping_set: { key: string; property: string; unit?: DurationUnit };
  mapping_unset: { key: string };
  mapping_auto: undefined;
  mapping_preview: undefined;
  history: { limit: number };
  history_days: { runId: number };
  sync_now: undefined;
  backfill: { days: number };
  settings_set: { settings: Settings };
  pause: { until: PauseUntil };
  open_url: { url: string };
  open_logs: undefined;
}

/** What each command resolves with. */
export interface CommandResults {
  overview: Overview;
  start_demo: Overview;
  stop_demo: Overview;
  whoop_connect: WhoopConnectStart;
  whoop_finish: WhoopConnected;
  whoop_disconnect: Overview;
  notion_connect: NotionConnected;
  notion_databases: DataSourceRef[];
  notion_use: Overview;
  notion_disconnect: Overview;
  mapping_get: MappingView;
  mapping_set: MappingView;
  mapping_unset: MappingView;
  mapping_auto: MappingView;
  mapping_preview: Preview;
  history: RunSummary[];
  history_days: DayRecord[];
  sync_now: SyncReport;
  backfill: SyncReport;
  settings_set: Overview;
  pause: Overview;
  open_url: void;
  open_logs: void;
}
export type CommandName = keyof CommandArgs;

/** Every event in the contract with its payload. */
export interface EventPayloads {
  "overview": Overview;
  "backfill-progress": BackfillProgress;
  "whoop-connected": WhoopConnected;
  "connect-failed": AppError;
}
export type EventName = keyof EventPayloads;
