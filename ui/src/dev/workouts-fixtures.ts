// A Workouts database shaped like the contract's `WorkoutsDatabase`, as the app creates it
// (kcal, km): for the unit tests and the simulated shell of `npm run dev`.
import type { ColumnChoice, WorkoutField, WorkoutPreview, WorkoutRow, WorkoutsDatabase } from "../api/types";

type Kind = WorkoutRow["kind"];

const FIELDS: [WorkoutField, string, Kind][] = [
  ["start", "Start", "start"],
  ["whoop_id", "WHOOP ID", "whoop_id"],
  ["sport", "Sport", "text"],
  ["duration", "Duration (min)", "duration"],
  ["strain", "Strain", "number"],
  ["average_heart_rate", "Avg HR", "number"],
  ["max_heart_rate", "Max HR", "number"],
  ["energy_kj", "Energy (kJ)", "number"],
  ["energy_kcal", "Calories", "number"],
  ["distance_km", "Distance (km)", "number"],
  ["distance_mi", "Distance (mi)", "number"],
  ["zone_0", "Zone 0 (min)", "duration"],
  ["zone_1", "Zone 1 (min)", "duration"],
  ["zone_2", "Zone 2 (min)", "duration"],
  ["zone_3", "Zone 3 (min)", "duration"],
  ["zone_4", "Zone 4 (min)", "duration"],
  ["zone_5", "Zone 5 (min)", "duration"],
  ["day", "Day", "day_link"],
];

/** The created database's columns: every field but kJ and miles. */
const COLUMNS: ColumnChoice[] = FIELDS
  .filter(([field]) => field !== "energy_kj" && field !== "distance_mi")
  .map(([field, name, kind]) => ({
    id: `w-${field}`,
    name,
    kind: kind === "start" ? "date" : kind === "whoop_id" ? "rich_text" : kind === "text" ? "select" : kind === "day_link" ? "relation" : "number",
  }));

function fits(kind: Kind, column: ColumnChoice): boolean {
  switch (kind) {
    case "start": return column.kind === "date";
    case "whoop_id": return column.kind === "rich_text";
    case "text": return column.kind === "rich_text" || column.kind === "select";
    case "number": return column.kind === "number";
    case "duration": return column.kind === "number" || column.kind === "rich_text";
    case "day_link": return column.kind === "relation";
  }
}

/** Field → column id (and unit), as saved. */
export type WorkoutsMapping = Partial<Record<WorkoutField, { id: string; unit?: "minutes" | "hours" | "ms" | "text" }>>;

export const CREATED_MAPPING: WorkoutsMapping = Object.fromEntries(
  COLUMNS.map((c) => {
    const field = c.id.slice(2) as WorkoutField;
    const kind = FIELDS.find(([f]) => f === field)?.[2];
    return [field, kind === "duration" ? { id: c.id, unit: "minutes" } : { id: c.id }];
  }),
);

export function workoutsDatabase(mapping: WorkoutsMapping = CREATED_MAPPING, overrides: Partial<WorkoutsDatabase> = {}): WorkoutsDatabase {
  const rows: WorkoutRow[] = FIELDS.map(([field, label, kind]) => {
    const saved = mapping[field];
    const column = COLUMNS.find((c) => c.id === saved?.id);
    return {
      field, label, kind,
      property: saved ? { id: saved.id, name: column?.name ?? saved.id, unit: saved.unit ?? null } : null,
      choices: COLUMNS.filter((c) => fits(kind, c)),
    };
  });
  return {
    databaseId: "db-workouts", title: "Workouts", dataSourceId: "ds-workouts", rows, problems: [],
    canAddDayLink: !rows.some((r) => r.field === "day" && r.choices.length > 0),
    ...overrides,
  };
}

/** The newest workout through `mapping`, as the engine's preview gives it. */
export function workoutPreview(mapping: WorkoutsMapping = CREATED_MAPPING): WorkoutPreview {
  const shown: Partial<Record<WorkoutField, string>> = {
    start: "2026-11-25 07:10:00+01:00", whoop_id: "4a8f1c1e-0000-4000-8000-000000000001", sport: "Running",
    duration: "52", strain: "11.2", average_heart_rate: "141", max_heart_rate: "178", energy_kcal: "400",
    distance_km: "8.05", zone_0: "1", zone_1: "5", zone_2: "15", zone_3: "20", zone_4: "10", zone_5: "1", day: "→ 2026-11-25",
  };
  const cells = FIELDS
    .filter(([field]) => mapping[field] !== undefined)
    .map(([field, label]) => ({ field, column: COLUMNS.find((c) => c.id === mapping[field]?.id)?.name ?? label, value: shown[field] ?? "— (WHOOP sent no value)" }));
  return { title: "Running · 07:10", cells, note: null };
}
