// A pretend shell for `npm run dev` in a plain browser: every command of the contract, with
// believable delays and events, so the window can be clicked through without Rust. Never part
// of a production build (main.ts imports it only when import.meta.env.DEV). It implements the
// generated contract (../api/types.ts): a command missing here, or answering the wrong shape, is
// a type error.
import type {
  AppError, BackfillProgress, CommandHandler, CommandName, EventName, EventPayloads, Overview, ShellCommands, SyncReport,
} from "../api/types";
import type { Transport } from "../api/transport";
import * as fx from "./fixtures";
import { CREATED_MAPPING, workoutPreview, workoutsDatabase, type WorkoutsMapping } from "./workouts-fixtures";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fail = (code: AppError["code"], message: string): AppError => ({ code, message });

export function createMockShell(): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let state: Overview = fx.freshOverview();
  let mapping: fx.FixtureMapping = structuredClone(fx.DEFAULT_MAPPING);
  let workouts: WorkoutsMapping | null = null;
  const workoutsView = () => (workouts === null ? null : workoutsDatabase(workouts));
  const withWorkouts = () => { if (workouts === null) throw fail("no_database", "No Workouts database is chosen."); return workouts; };

  function emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const handler of listeners.get(event) ?? []) handler(payload);
  }
  function changed(patch: Partial<Overview>): Overview {
    state = { ...state, ...patch };
    emit("overview", state);
    return state;
  }
  const connected = (): Partial<Overview> => fx.overview({ mode: state.mode, settings: state.settings });

  const report = (created: number): SyncReport => fx.syncReport({ created });

  async function sync(): Promise<SyncReport> {
    if (state.whoop.state !== "connected") throw fail("whoop_not_connected", "Connect WHOOP first (Connect tab).");
    changed({ syncing: true, tray: { ...state.tray, state: "syncing", tooltip: "Syncing…" } });
    await wait(1200);
    changed({ syncing: false, lastSync: new Date().toISOString(), tray: fx.overview().tray });
    return report(1);
  }

  // "All my history" in the mock: five years, of which the first ticks are an estimate.
  async function backfill(requested: number | null): Promise<SyncReport> {
    const days = requested ?? 1826;
    const started = Date.now();
    for (let done = 0; done <= days; done += Math.max(1, Math.ceil(days / 20))) {
      const elapsed = (Date.now() - started) / 1000;
      const exact = requested !== null || done > days / 4;
      const progress: BackfillProgress = { done, total: days, exact, etaSeconds: done === 0 ? null : Math.round((elapsed / done) * (days - done)) };
      emit("backfill-progress", progress);
      await wait(250);
    }
    emit("backfill-progress", { done: days, total: days, exact: true, etaSeconds: 0 });
    return report(days - 6);
  }

  const commands: { [C in CommandName]: CommandHandler<C> } = {
    overview: () => state,
    start_demo: async () => { await wait(600); return changed({ ...connected(), mode: "demo", demoAvailable: false, whoop: { ...fx.overview().whoop, userName: "Demo Sleeper" } }); },
    stop_demo: () => changed(fx.freshOverview({ settings: state.settings })),
    whoop_connect: async (a) => {
      const reconnect = state.whoop.state !== "not_connected" && state.whoop.clientId === a.clientId;
      if (!a.clientId || (!a.clientSecret && !reconnect)) throw fail("invalid_input", "Enter the client id and secret.");
      const uri = a.redirectUri ?? "";
      const appLink = uri === state.appLinkRedirectUri;
      const listens = !appLink && !uri.startsWith("https:");
      if (listens || appLink) {
        setTimeout(() => {
          changed({ whoop: { state: "connected", userName: "Ana Example", clientId: a.clientId, redirectUri: a.redirectUri ?? null } });
          emit("whoop-connected", { name: "Ana Example" });
        }, 2500);
      }
      await wait(300);
      return { authorizeUrl: "https://api.prod.whoop.com/oauth/oauth2/auth?client_id=…", listens, appLink };
    },
    whoop_finish: async (a) => {
      if (!a.pastedUrl.includes("code=")) throw fail("invalid_input", "That address has no code= in it; copy the whole address from the browser.");
      await wait(400);
      changed({ whoop: { state: "connected", userName: "Ana Example", clientId: "client-123", redirectUri: "https://localhost:8765/callback" } });
      return { name: "Ana Example" };
    },
    app_link: () => { throw fail("invalid_input", "No WHOOP sign-in is waiting for this link; press Connect to start again."); },
    whoop_disconnect: () => changed({ whoop: fx.freshOverview().whoop, demoAvailable: state.notion.state === "not_connected" }),
    notion_connect: async (a) => {
      if (!a.token.startsWith("ntn_")) throw fail("notion_unauthorized", "Notion didn't accept that token; copy it again from the integrations page.");
      await wait(400);
      changed({ notion: { ...fx.freshOverview().notion, state: "connected", workspace: "Ana's Notion" }, demoAvailable: false });
      return { workspace: "Ana's Notion", name: "Daily sync" };
    },
    notion_databases: async () => { await wait(300); return fx.databases(); },
    notion_use: async (a) => {
      await wait(300);
      const found = fx.databases().find((d) => d.id === a.idOrUrl || a.idOrUrl.includes(d.databaseId ?? "∅"));
      if (!found) throw fail("notion_not_found", "The connection can't see that database: share it with the connection in Notion (••• → Connections).");
      return changed({ notion: { ...state.notion, database: found.name, databaseId: found.databaseId, databaseUrl: `https://www.notion.so/${found.databaseId ?? ""}` } });
    },
    notion_pages: async () => { await wait(300); return fx.pages(); },
    notion_create_database: async (a) => {
      await wait(600);
      const page = fx.pages().find((p) => p.id === a.parent);
      if (!page) throw fail("notion_not_found", "Notion can't see that page: share it with the connection in Notion (••• → Connections).");
      const title = a.title !== undefined && a.title.trim() !== "" ? a.title.trim() : "Daily Tracking";
      return changed({ notion: { ...state.notion, database: title, databaseId: "db-created", databaseUrl: "https://www.notion.so/db-created" } });
    },
    notion_disconnect: () => changed({ notion: fx.freshOverview().notion }),
    mapping_get: () => {
      if (state.notion.databaseId === null) throw fail("no_database", "Choose a Notion database first.");
      return fx.mappingView(mapping);
    },
    mapping_set: async (a) => {
      await wait(150);
      const key = a.key;
      const column = fx.COLUMNS.find((c) => c.name === a.property);
      if (!column) throw fail("invalid_input", `There is no property "${a.property}".`);
      if (key === "date") mapping = { ...mapping, day: column.id };
      else {
        const kind = fx.METRICS.find((m) => m.key === key)?.kind;
        let unit = a.unit;
        if (kind === "duration") unit = column.kind === "rich_text" ? "text" : unit && unit !== "text" ? unit : "hours";
        const metrics = Object.fromEntries(Object.entries(mapping.metrics).filter(([k, v]) => k === key || v.column !== column.id));
        metrics[key] = {
          column: column.id,
          ...(unit ? { unit } : {}),
          ...(key === "skin_temp" && a.temperature ? { temperature: a.temperature } : {}),
          ...(key === "body_weight" && a.weight ? { weight: a.weight } : {}),
          ...(key === "body_height" && a.height ? { height: a.height } : {}),
        };
        mapping = { ...mapping, metrics };
      }
      return fx.mappingView(mapping);
    },
    mapping_unset: (a) => {
      const metrics = { ...mapping.metrics };
      delete metrics[a.key];
      mapping = { ...mapping, metrics };
      return fx.mappingView(mapping);
    },
    mapping_auto: () => { mapping = structuredClone(fx.DEFAULT_MAPPING); return fx.mappingView(mapping); },
    mapping_preview: async () => { await wait(200); return fx.preview(mapping); },
    workouts_show: () => workoutsView(),
    workouts_preview: async () => { await wait(200); return workoutPreview(withWorkouts()); },
    workouts_create_database: async (a) => {
      await wait(600);
      if (a.parent === undefined) throw fail("invalid_input", "“Daily Tracking” isn't inside a page, so the Workouts database has no place beside it; choose a page to create it in");
      workouts = structuredClone(CREATED_MAPPING);
      const title = a.title?.trim() ?? "";
      return workoutsDatabase(workouts, { title: title === "" ? "Workouts" : title });
    },
    workouts_use: async () => { await wait(300); workouts = structuredClone(CREATED_MAPPING); return workoutsDatabase(workouts); },
    workouts_map: (a) => {
      const next = { ...withWorkouts() };
      if (a.property === undefined) delete next[a.field];
      else next[a.field] = { id: a.property, ...(a.unit ? { unit: a.unit } : {}) };
      workouts = next;
      return workoutsDatabase(workouts);
    },
    workouts_add_day_link: () => { workouts = { ...withWorkouts(), day: { id: "w-day" } }; return workoutsDatabase(workouts); },
    workouts_off: () => { workouts = null; return null; },
    history: () => (state.lastSync ? fx.runs() : []),
    history_days: () => fx.dayRecords(),
    export_history: async (a) => {
      await wait(300);
      if (!state.lastSync) throw fail("nothing_to_export", "Nothing synced to export yet. Sync first, then export.");
      const fileName = a.path.split(/[\\/]/).pop() ?? a.path;
      return { path: a.path, fileName, rows: a.workouts ? 9 : 412, first: "2025-10-22", last: "2026-12-07" };
    },
    trends: async (a) => {
      await wait(150);
      const today = new Date();
      const ymd = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
      return state.lastSync ? fx.trends(a.days, ymd, []) : fx.trends(a.days, ymd, fx.trends(a.days, ymd).days);
    },
    sync_now: sync,
    backfill: (a) => backfill(a.days),
    // Units the user didn't choose follow the "system" (the browser's 24-hour, °C here).
    settings_set: (a) => changed({ settings: a.settings, units: { ...state.units, clock: a.settings.clock ?? "24h", temperature: a.settings.temperature ?? "celsius" } }),
    pause: (a) => {
      const until = a.until;
      const when = until === "resume" ? null : new Date(Date.now() + (until === "hour" ? 3600e3 : 16 * 3600e3)).toISOString();
      return changed({ pausedUntil: when, tray: { ...state.tray, state: when ? "paused" : "synced" } });
    },
    open_url: (a) => { window.open(a.url, "_blank", "noopener"); return null; },
    open_logs: () => null,
    diagnostics: async () => {
      await wait(400);
      return { fileName: "whoop-notion-diagnostics-20261201-074002.tar.gz", folder: "~/Downloads" };
    },
    quit: () => null,
    forget_everything: () => null,
    forget_preview: () => ({ folder: "/home/you/.config/whoop-notion-sync", keeps: [], folderStays: false }),
    check_setup: async () => {
      await wait(600);
      const launch = state.settings.launchAtLogin
        ? {}
        : { status: "warn" as const, message: "Launch at login is off, so the morning sync waits until you open the app." };
      if (state.whoop.state !== "connected" || state.notion.state !== "connected") {
        const whoop = state.whoop.state === "connected" ? {} : { status: "fail" as const, code: "whoop_not_connected" as const, message: "WHOOP isn't connected yet." };
        const notion = state.notion.state === "connected" ? {} : { status: "fail" as const, code: "notion_not_connected" as const, message: "Notion isn't connected yet." };
        const skip = { status: "skip" as const, message: fx.SKIPPED };
        return fx.setupChecks({
          whoop_token: whoop,
          whoop_offline: state.whoop.state === "connected" ? {} : skip,
          whoop_workouts: state.whoop.state === "connected" ? {} : skip,
          notion_token: notion,
          notion_database: state.notion.state === "connected" ? {} : skip,
          mapping: state.notion.state === "connected" ? {} : skip,
          login_item: launch,
        });
      }
      return fx.setupChecks({ login_item: launch });
    },
  };

  return {
    async invoke<T>(command: string, args?: Record<string, unknown>): Promise<T> {
      // The window's own save dialog: a made-up folder, as if the user pressed Save.
      if (command === "choose_export_file") {
        const chosen = args as ShellCommands["choose_export_file"]["args"];
        await wait(400);
        return `/home/you/Documents/${chosen.suggestedName}` as T;
      }
      if (!Object.hasOwn(commands, command)) throw fail("invalid_input", `"${command}" is not a command of this app`);
      // The shell passes arguments through unchecked, as Tauri does; the host would parse them.
      const run = commands[command as CommandName] as (args: unknown) => unknown;
      await wait(50);
      return (await run(args)) as T;
    },
    listen<T>(event: string, handler: (payload: T) => void) {
      const set = listeners.get(event) ?? new Set();
      const h = handler as (payload: unknown) => void;
      set.add(h);
      listeners.set(event, set);
      return Promise.resolve(() => { set.delete(h); });
    },
  };
}
