// `call()` and `on()` are typed from the contract generated from Rust (./types.ts), so a command's
// name, arguments and result are checked; the wrappers below are the UI's uses of them. Each
// rejects with an AppError (normalized by toAppError), so callers can switch on `code` without
// checking shapes.
import { toAppError } from "./errors";
import { transport, type Unlisten } from "./transport";
import type {
  CommandArgs, CommandName, CommandResults, DurationUnit, EnergyUnit, EventName, EventPayloads, ExportFormat, Height, PauseUntil,
  Settings, ShellCommands, Temperature, Weight, WorkoutField,
} from "./types";

export async function call<C extends CommandName>(
  command: C,
  ...args: CommandArgs[C] extends undefined ? [] : [CommandArgs[C]]
): Promise<CommandResults[C]> {
  try {
    return await transport().invoke<CommandResults[C]>(command, args[0]);
  } catch (reason) {
    throw toAppError(reason);
  }
}

export function on<E extends EventName>(event: E, handler: (payload: EventPayloads[E]) => void): Promise<Unlisten> {
  return transport().listen<EventPayloads[E]>(event, handler);
}

export const overview = () => call("overview");
export const startDemo = () => call("start_demo");
export const stopDemo = () => call("stop_demo");

export const whoopConnect = (clientId: string, clientSecret: string, redirectUri?: string) =>
  call("whoop_connect", redirectUri === undefined ? { clientId, clientSecret } : { clientId, clientSecret, redirectUri });
export const whoopFinish = (pastedUrl: string) => call("whoop_finish", { pastedUrl });
export const whoopDisconnect = () => call("whoop_disconnect");

export const notionConnect = (token: string) => call("notion_connect", { token });
export const notionDatabases = () => call("notion_databases");
export const notionUse = (idOrUrl: string, source?: string) =>
  call("notion_use", source === undefined ? { idOrUrl } : { idOrUrl, source });
export const notionPages = () => call("notion_pages");
export const notionCreateDatabase = (parent: string, title?: string) =>
  call("notion_create_database", title === undefined ? { parent } : { parent, title });
export const notionDisconnect = () => call("notion_disconnect");

export const mappingGet = () => call("mapping_get");
export const mappingSet = (key: string, property: string, unit?: DurationUnit) =>
  call("mapping_set", unit === undefined ? { key, property } : { key, property, unit });
/** Skin temperature into `property`, written in °C or °F. */
export const mappingSetTemperature = (key: string, property: string, temperature: Temperature) =>
  call("mapping_set", { key, property, temperature });
/** A body measurement into `property`, in the unit chosen: `{ weight }` or `{ height }`. */
export const mappingSetMeasure = (key: string, property: string, unit: { weight: Weight } | { height: Height }) =>
  call("mapping_set", { key, property, ...unit });
export const mappingUnset = (key: string) => call("mapping_unset", { key });
export const mappingAuto = () => call("mapping_auto");
export const mappingPreview = () => call("mapping_preview");

/** Settings → Workouts: the Workouts database and its mapping, or null while off. */
export const workoutsShow = () => call("workouts_show");
export const workoutsPreview = () => call("workouts_preview");
/** Beside the daily database (`parent` missing), or in the page `parent`. */
export const workoutsCreateDatabase = (energy: EnergyUnit, title?: string, parent?: string) =>
  call("workouts_create_database", {
    energy,
    ...(title === undefined ? {} : { title }),
    ...(parent === undefined ? {} : { parent }),
  });
export const workoutsUse = (database: string) => call("workouts_use", { database });
/** `property` (a column id) missing: the field isn't written. */
export const workoutsMap = (field: WorkoutField, property?: string, unit?: DurationUnit) =>
  call("workouts_map", {
    field,
    ...(property === undefined ? {} : { property }),
    ...(unit === undefined ? {} : { unit }),
  });
/** Adds a "Day" relation column to both databases: only on the user's click. */
export const workoutsAddDayLink = () => call("workouts_add_day_link");
export const workoutsOff = () => call("workouts_off");

export const history = (limit: number) => call("history", { limit });
export const historyDays = (runId: number) => call("history_days", { runId });
/** The Trends view's numbers, from the local history only. */
export const trends = (days: number) => call("trends", { days });

/**
 * History → Export…'s save dialog, shown by the window itself (not a host command): the path
 * chosen, or null when the user cancelled. Replacing a file is confirmed in the dialog.
 */
export async function chooseExportFile(suggestedName: string, format: ExportFormat): Promise<string | null> {
  const args: ShellCommands["choose_export_file"]["args"] = { suggestedName, format };
  try {
    return await transport().invoke<ShellCommands["choose_export_file"]["result"]>("choose_export_file", args);
  } catch (reason) {
    throw toAppError(reason);
  }
}
/** Writes the history's days (or workouts) to `path`, the file the save dialog just chose. */
export const exportHistory = (path: string, format: ExportFormat, workouts: boolean) =>
  call("export_history", { path, format, workouts });

export const syncNow = () => call("sync_now");
/** The last `days` days, or with `null` everything since WHOOP's first record. */
export const backfill = (days: number | null) => call("backfill", { days });
export const settingsSet = (settings: Settings) => call("settings_set", { settings });
export const pause = (until: PauseUntil) => call("pause", { until });
export const openUrl = (url: string) => call("open_url", { url });
export const openLogs = () => call("open_logs");
/** Ends the app (the tray host and its windows), as the tray's Quit does. */
export const quit = () => call("quit");
/** Removes the secrets, the profile, the login item and the app's folders; then the app ends. */
export const forgetEverything = () => call("forget_everything");
/** What forgetting would remove and keep in the profile folder, for the confirmation. */
export const forgetPreview = () => call("forget_preview");
export const checkSetup = () => call("check_setup");
/** Saves the bug-report archive (logs, version, setup check; no secrets) and shows its folder. */
export const diagnostics = () => call("diagnostics");
