// The window ⇄ app contract (docs/APP-API.md). Its data types are generated from the Rust
// types the app serializes (./generated.ts, checked by crates/app-service/tests/ui_types.rs),
// so they can't drift; only the contract's own small shapes are written here.
import type {
  ActionCounts, DataSourceRef, DayRecord, DayReport, DurationUnit, MappingView, Overview, PageRef, Preview,
  RunSummary, Settings, SetupCheck, SyncError, SyncReport,
} from "./generated";

export type {
  CheckId, CheckStatus, Connection, DataSourceRef, DayAction, DayRecord, DurationUnit, ErrorCode, MappedProperty,
  MappingProblem, MappingRow, MappingView, MetricKind, Mode, Overview, PageRef, Preview, PreviewCell,
  PropertySchema, RecentDay, RunSummary, Settings, SetupCheck, SyncReport, TrayState, Trigger,
} from "./generated";

/** What every command rejects with: the UI acts on `code`; `message` says what to do. */
export type AppError = SyncError;
export type RunCounts = ActionCounts;
export type SyncReportDay = DayReport;

// Results and payloads the contract writes inline, named here so the wrappers can say them.
/** `listens`: the code comes back to the loopback listener; `appLink`: as the app's own link;
 * neither: the user pastes the address back (`whoop_finish`). */
export interface WhoopConnectStart { authorizeUrl: string; listens: boolean; appLink: boolean }
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
  notion_pages: undefined;
  notion_create_database: { parent: string; title?: string };
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
  quit: undefined;
  check_setup: undefined;
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
  notion_pages: PageRef[];
  notion_create_database: Overview;
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
  quit: void;
  check_setup: SetupCheck[];
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
