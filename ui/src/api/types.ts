// The window ⇄ app contract (docs/APP-API.md), typed once, in Rust
// (crates/app-service/src/contract.rs): the commands with their arguments, their answers and
// the events are generated into ./generated.ts as discriminated unions (checked by
// crates/app-service/tests/ui_types.rs). The maps below are derived from those unions, so a
// command added in Rust is callable here, with its types, without a line written by hand.
import type { ActionCounts, Answer, AppEvent, Command, DayReport, ExportFormat, SyncError } from "./generated";

export type {
  BackfillProgress, CheckId, ColumnChoice, CheckStatus, ClockStyle, Connection, DataSourceRef, DayAction, DayRecord, DurationUnit, ErrorCode,
  ForgetScope, MappedProperty, MappingProblem, MappingRow, MappingView, MetricKind, Mode, NotionConnected, Overview, PageRef,
  PauseUntil, Preview, PreviewCell, PropertySchema, RecentDay, RunSummary, Settings, SetupCheck, SyncReport,
  Height, Temperature, TrayState, Trends, TrendSeries, Trigger, Units, Weight, WhoopConnected, WhoopConnectStart,
  EnergyUnit, WorkoutField, WorkoutPreview, WorkoutPreviewCell, WorkoutRow, WorkoutsDatabase, WorkoutsReport, ExportFormat, ExportSaved,
} from "./generated";

/** What every command rejects with: the UI acts on `code`; `message` says what to do. */
export type AppError = SyncError;
export type RunCounts = ActionCounts;
export type SyncReportDay = DayReport;

/** Every command name in the contract. */
export type CommandName = Command["command"];

/** Every command with its argument object (`undefined`: none). */
export type CommandArgs = {
  [C in CommandName]: Extract<Command, { command: C }> extends { args: infer A } ? A : undefined;
};

/** What each command resolves with (`null` for a command that answers nothing). */
export type CommandResults = {
  [C in CommandName]: Extract<Answer, { command: C }>["result"];
};

/** Every event name in the contract. */
export type EventName = AppEvent["event"];

/** Every event with its payload (`null`: none). */
export type EventPayloads = {
  [E in EventName]: Extract<AppEvent, { event: E }> extends { payload: infer P } ? P : null;
};

/**
 * The window's own commands (src-tauri), answered by the shell rather than the host, so not in
 * the contract: the save dialog of History → Export….
 */
export interface ShellCommands {
  choose_export_file: { args: { suggestedName: string; format: ExportFormat }; result: string | null };
}

/** An implementation of every command, as the mock shell and the test fakes give them. */
export type CommandHandler<C extends CommandName> = (
  args: CommandArgs[C],
) => CommandResults[C] | Promise<CommandResults[C]>;
