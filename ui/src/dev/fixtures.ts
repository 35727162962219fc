// Sample data shaped exactly like the contract's types: used by the unit tests and by the
// simulated shell of `npm run dev`. The mapping rules mirror sync-engine/src/mapping.rs so the
// simulated Mapping tab behaves like the real one.
import type {
  CheckId, DataSourceRef, DayRecord, DurationUnit, MappedProperty, MappingView, MetricKind, Overview, PageRef, Preview,
  RunSummary, SetupCheck, SyncReport, Temperature, Trends, TrendSeries, Weight, Height,
} from "../api/types";

export const METRICS: { key: string; label: string; kind: MetricKind }[] = [
  { key: "recovery_score", label: "Recovery", kind: "percent" },
  { key: "resting_heart_rate", label: "Resting heart rate", kind: "number" },
  { key: "hrv", label: "HRV", kind: "number" },
  { key: "spo2", label: "Blood oxygen (SpO2)", kind: "percent" },
  { key: "skin_temp", label: "Skin temperature", kind: "number" },
  { key: "sleep_time", label: "Time asleep", kind: "duration" },
  { key: "time_in_bed", label: "Time in bed", kind: "duration" },
  { key: "light_sleep", label: "Light sleep", kind: "duration" },
  { key: "deep_sleep", label: "Deep (slow wave) sleep", kind: "duration" },
  { key: "rem_sleep", label: "REM sleep", kind: "duration" },
  { key: "awake_time", label: "Awake time", kind: "duration" },
  { key: "sleep_efficiency", label: "Sleep efficiency", kind: "percent" },
  { key: "sleep_performance", label: "Sleep performance", kind: "percent" },
  { key: "sleep_consistency", label: "Sleep consistency", kind: "percent" },
  { key: "respiratory_rate", label: "Respiratory rate", kind: "number" },
  { key: "disturbances", label: "Disturbances", kind: "count" },
  { key: "sleep_cycles", label: "Sleep cycles", kind: "count" },
  { key: "sleep_need", label: "Sleep needed", kind: "duration" },
  { key: "bedtime", label: "Bedtime", kind: "clock" },
  { key: "wake_time", label: "Wake time", kind: "clock" },
  { key: "day_strain", label: "Day strain", kind: "number" },
  { key: "energy_kj", label: "Energy (kJ)", kind: "number" },
  { key: "energy_kcal", label: "Calories (kcal)", kind: "number" },
  { key: "average_heart_rate", label: "Average heart rate", kind: "number" },
  { key: "max_heart_rate", label: "Max heart rate", kind: "number" },
  { key: "body_weight", label: "Weight", kind: "number" },
  { key: "body_height", label: "Height", kind: "number" },
  { key: "body_max_heart_rate", label: "Estimated max heart rate", kind: "number" },
];

export type ColumnKind = "title" | "number" | "rich_text" | "date" | "checkbox";
export interface Column { id: string; name: string; kind: ColumnKind }

export const COLUMNS: Column[] = [
  { id: "title", name: "Name", kind: "title" },
  { id: "d1", name: "Date", kind: "date" },
  { id: "n1", name: "Recovery", kind: "number" },
  { id: "n2", name: "RHR", kind: "number" },
  { id: "n3", name: "HRV (ms)", kind: "number" },
  { id: "n4", name: "Time asleep (h)", kind: "number" },
  { id: "n5", name: "Deep sleep (min)", kind: "number" },
  { id: "n6", name: "Strain", kind: "number" },
  { id: "t1", name: "Sleep summary", kind: "rich_text" },
  { id: "t2", name: "Notes", kind: "rich_text" },
  { id: "d2", name: "Went to bed", kind: "date" },
  { id: "c1", name: "Workout", kind: "checkbox" },
];

/** sync-engine `compatible`: numbers/text for values, dates/text for clock times. */
export function compatible(kind: MetricKind, column: Column): boolean {
  if (column.kind === "number") return kind !== "clock";
  if (column.kind === "rich_text") return true;
  if (column.kind === "date") return kind === "clock";
  return false;
}

export interface FixtureMetric { column: string; unit?: DurationUnit; temperature?: Temperature; weight?: Weight; height?: Height }
export interface FixtureMapping { day: string | null; metrics: Record<string, FixtureMetric> }

export const DEFAULT_MAPPING: FixtureMapping = {
  day: "d1",
  metrics: {
    recovery_score: { column: "n1" },
    resting_heart_rate: { column: "n2" },
    hrv: { column: "n3" },
    sleep_time: { column: "n4", unit: "hours" },
    deep_sleep: { column: "n5", unit: "minutes" },
    light_sleep: { column: "t1", unit: "text" },
    day_strain: { column: "n6" },
    bedtime: { column: "d2" },
  },
};

function mapped(columns: Column[], id: string, chosen: Omit<FixtureMetric, "column"> = {}): MappedProperty {
  const name = columns.find((c) => c.id === id)?.name ?? id;
  const { unit, temperature, weight, height } = chosen;
  return { id, name, ...(unit ? { unit } : {}), ...(temperature ? { temperature } : {}), ...(weight ? { weight } : {}), ...(height ? { height } : {}) };
}

export function mappingView(mapping: FixtureMapping = DEFAULT_MAPPING, columns: Column[] = COLUMNS): MappingView {
  const problems: MappingView["problems"] = [];
  if (!mapping.day) problems.push({ key: "date", message: "no date property is chosen as the day key" });
  for (const [key, m] of Object.entries(mapping.metrics)) {
    if (!columns.some((c) => c.id === m.column)) {
      problems.push({ key, message: `"${m.column}" is no longer in the database; map it again or stop writing it` });
    }
  }
  return {
    database: "Daily Tracking",
    dataSourceId: "ds-daily",
    day: mapping.day ? mapped(columns, mapping.day) : null,
    dateProperties: columns.filter((c) => c.kind === "date").map((c) => c.name),
    properties: columns.map((c) => ({
      id: c.id, name: c.name, kind: c.kind, numberFormat: c.kind === "number" ? "number" : null, options: [], relation: null,
    })),
    rows: METRICS.map((metric) => {
      const m = mapping.metrics[metric.key];
      return {
        key: metric.key,
        label: metric.label,
        kind: metric.kind,
        temperature: metric.key === "skin_temp",
        weight: metric.key === "body_weight",
        height: metric.key === "body_height",
        property: m ? mapped(columns, m.column, m) : null,
        compatible: columns.filter((c) => compatible(metric.kind, c)).map((c) => c.name),
      };
    }),
    problems,
    warnings: [],
  };
}

const SAMPLE_VALUES: Record<string, string> = {
  recovery_score: "78%", resting_heart_rate: "52", hrv: "64", sleep_time: "7.2", deep_sleep: "96",
  light_sleep: "3h 51m", day_strain: "11.4", bedtime: "2026-11-24 23:41",
};

export function preview(mapping: FixtureMapping = DEFAULT_MAPPING, columns: Column[] = COLUMNS): Preview {
  return {
    day: "2026-11-25",
    cells: Object.entries(mapping.metrics).map(([key, m]) => ({
      key,
      label: METRICS.find((x) => x.key === key)?.label ?? key,
      property: columns.find((c) => c.id === m.column)?.name ?? m.column,
      value: SAMPLE_VALUES[key] ?? "—",
    })),
    note: null,
  };
}

export function overview(overrides: Partial<Overview> = {}): Overview {
  return {
    mode: "real",
    demoAvailable: false,
    tray: { state: "synced", tooltip: "Synced · Today: recovery 78%, asleep 7h 12m", attention: null },
    whoop: { state: "connected", userName: "Ana Example", clientId: "client-123", redirectUri: "http://127.0.0.1:8765/callback" },
    notion: { state: "connected", workspace: "Ana's Notion", database: "Daily Tracking", databaseId: "db-daily", databaseUrl: "https://www.notion.so/db-daily" },
    defaultRedirectUri: "http://127.0.0.1:8765/callback",
    appLinkRedirectUri: "whoop-notion-sync://oauth/callback",
    trayHidden: false,
    needsWhoopScope: null,
    lastSync: "2026-11-25T07:12:00Z",
    pausedUntil: null,
    syncing: false,
    settings: { morningStart: "05:00", morningEnd: "12:00", pollMinutes: 10, notifications: true, launchAtLogin: false, restartIfStopped: false, clock: null, temperature: null },
    units: { clock: "24h", temperature: "celsius", weight: "kilograms", height: "centimeters" },
    recentDays: [
      { day: "2026-11-25", action: "created", pageUrl: "https://www.notion.so/page-25", summary: "Recovery 78% · Asleep 7h 12m" },
      { day: "2026-11-24", action: "unchanged", pageUrl: "https://www.notion.so/page-24", summary: "Recovery 64% · Asleep 6h 40m" },
      { day: "2026-11-23", action: "waiting", pageUrl: null, summary: "" },
    ],
    ...overrides,
  };
}

/** Nothing connected yet: what a first start looks like. */
export function freshOverview(overrides: Partial<Overview> = {}): Overview {
  return overview({
    demoAvailable: true,
    tray: { state: "idle", tooltip: "Not set up yet — connect WHOOP and Notion", attention: null },
    whoop: { state: "not_connected", userName: null, clientId: null, redirectUri: null },
    notion: { state: "not_connected", workspace: null, database: null, databaseId: null, databaseUrl: null },
    lastSync: null,
    recentDays: [],
    ...overrides,
  });
}

/** A finished sync of today: 1 created, 6 unchanged unless `overrides` say otherwise. */
export function syncReport(overrides: Partial<SyncReport> = {}): SyncReport {
  const today = new Date().toISOString().slice(0, 10);
  return {
    days: [], created: 1, updated: 0, unchanged: 6, waiting: 0, skipped: 0, requests: { whoop: 3, notion: 4 },
    range: { first: today, last: today }, dryRun: false, runId: null, whoopRefreshes: 0, unreadableRecords: 0,
    ...overrides,
  };
}

export function runs(): RunSummary[] {
  const counts = { created: 0, updated: 0, unchanged: 0, waiting: 0, skipped: 0, failed: 0 };
  return [
    {
      id: 42, trigger: "wake", startedAt: "2026-11-25T07:12:00Z", endedAt: "2026-11-25T07:12:09Z",
      range: ["2026-11-19", "2026-11-25"], dryRun: false, status: "ok", ok: true, errorCode: null, errorMessage: null,
      counts: { ...counts, created: 1, updated: 1, unchanged: 5 }, requestsWhoop: 3, requestsNotion: 4,
      workouts: { created: 2, updated: 0, unchanged: 4, waiting: 0, deletedInWhoop: [], unlinked: 0 },
    },
    {
      id: 41, trigger: "schedule", startedAt: "2026-11-24T06:00:00Z", endedAt: "2026-11-24T06:00:03Z",
      range: ["2026-11-18", "2026-11-24"], dryRun: false, status: "failed", ok: false,
      errorCode: "whoop_reconnect", errorMessage: "WHOOP no longer accepts the sign-in; reconnect WHOOP",
      counts, requestsWhoop: 1, requestsNotion: 0, workouts: null,
    },
    {
      id: 40, trigger: "backfill", startedAt: "2026-11-20T21:30:00Z", endedAt: "2026-11-20T21:31:40Z",
      range: ["2026-10-22", "2026-11-20"], dryRun: false, status: "ok", ok: true, errorCode: null, errorMessage: null,
      counts: { ...counts, created: 28, unchanged: 1, skipped: 1 }, requestsWhoop: 6, requestsNotion: 60,
      workouts: null,
    },
  ];
}

export function dayRecords(): DayRecord[] {
  return [
    {
      day: "2026-11-25", action: "created", reason: null, pageId: "page-25", pageUrl: "https://www.notion.so/page-25", errorCode: null,
      values: { recovery_score: { display: "78%" }, sleep_time: { display: "7h 12m" } },
    },
    { day: "2026-11-24", action: "updated", reason: "1 property differed", pageId: "page-24", pageUrl: "https://www.notion.so/page-24", errorCode: null, values: { recovery_score: { display: "64%" } } },
    { day: "2026-11-23", action: "waiting", reason: "WHOOP is still scoring this recovery", pageId: null, pageUrl: null, errorCode: null, values: null },
  ];
}

export function pages(): PageRef[] {
  return [
    { id: "page-health", title: "Health", url: "https://www.notion.so/Health-page-health" },
    { id: "page-journal", title: "Journal", url: "https://www.notion.so/Journal-page-journal" },
  ];
}

export function databases(): DataSourceRef[] {
  return [
    { id: "ds-daily", name: "Daily Tracking", databaseId: "db-daily" },
    { id: "ds-reading", name: "Reading list", databaseId: "db-reading" },
  ];
}

/** Check setup with every link working; `changes` replaces some lines (the app's wording). */
export function setupChecks(changes: Partial<Record<CheckId, Partial<SetupCheck>>> = {}): SetupCheck[] {
  const pass = (id: CheckId, title: string, message: string): SetupCheck => ({ id, status: "pass", code: null, title, message });
  const all = [
    pass("keychain", "Keychain", "The app can read its saved sign-ins."),
    pass("whoop_token", "WHOOP sign-in", "WHOOP accepts the app's sign-in."),
    pass("whoop_offline", "WHOOP offline access", "WHOOP lets the app stay signed in."),
    pass("whoop_workouts", "WHOOP workouts", "WHOOP lets the app read what your columns need."),
    pass("notion_token", "Notion connection", "Notion accepts the connection."),
    pass("notion_database", "Notion database", "Your database is shared with the connection."),
    pass("mapping", "Column mapping", "The date and every mapped column fit the database."),
    pass("clock", "Computer clock", "Your computer's clock is right."),
    pass("login_item", "Launch at login", "The app starts when you log in."),
  ];
  return all.map((c) => ({ ...c, ...changes[c.id] }));
}

export const SKIPPED = "Not checked: fix the problem above first.";

/** The database isn't shared: that line fails, the mapping after it is skipped. */
export function setupChecksNotShared(): SetupCheck[] {
  return setupChecks({
    notion_database: { status: "fail", code: "notion_not_found", message: "Notion can't see your database. Share it with your connection." },
    mapping: { status: "skip", message: SKIPPED },
  });
}

/** `days` days of trends ending `to` (believable numbers, one day without any: WHOOP recorded
 * no sleep). The averages are the 7-day means of the range's own days, as the shell computes
 * them when nothing earlier is in the history. */
export function trends(days = 30, to = "2026-11-25", missing: string[] = ["2026-11-23"]): Trends {
  const [y, m, d] = to.split("-").map(Number);
  const end = new Date(Date.UTC(y ?? 2026, (m ?? 1) - 1, d ?? 1));
  const list = Array.from({ length: days }, (_, i) =>
    new Date(end.getTime() - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
  const hm = (h: number) => `${Math.floor(h)}h ${String(Math.round((h % 1) * 60)).padStart(2, "0")}m`;
  const make = (key: string, label: string, kind: TrendSeries["kind"], unit: string, pick: (i: number) => number,
    show: (v: number) => string): TrendSeries => {
    const values = list.map((day, i) => (missing.includes(day) ? null : pick(i)));
    const average = values.map((_, i) => {
      const window = values.slice(Math.max(0, i - 6), i + 1).filter((v): v is number => v !== null);
      return window.length ? Math.round((window.reduce((a, b) => a + b, 0) / window.length) * 100) / 100 : null;
    });
    return {
      key, label, kind, unit, decimals: 0, values,
      display: values.map((v) => (v === null ? null : show(v))),
      average,
      averageDisplay: average.map((v) => (v === null ? null : show(v))),
    };
  };
  return {
    from: list[0] ?? to,
    to,
    days: list,
    series: [
      make("recovery_score", "Recovery", "percent", "%", (i) => ((i * 37 + 20) % 81) + 15, (v) => `${Math.round(v)}%`),
      make("hrv", "HRV", "number", "ms", (i) => 45 + ((i * 13) % 30), (v) => `${Math.round(v)} ms`),
      make("resting_heart_rate", "Resting heart rate", "number", "bpm", (i) => 50 + ((i * 7) % 9), (v) => `${Math.round(v)} bpm`),
      make("sleep_time", "Time asleep", "duration", "h", (i) => 5.5 + ((i * 29) % 30) / 10, hm),
    ],
  };
}
