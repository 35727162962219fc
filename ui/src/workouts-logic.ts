// What Settings → Workouts and the sync result need to know about workouts, without the DOM:
// the units a duration column takes, and how a run's workouts read in a sentence.
import type { ColumnChoice, DurationUnit, WorkoutRow, WorkoutsReport } from "./api/types";
import { unitOptions, type UnitOption } from "./mapping-logic";

/** The column a row is mapped to, among its choices (null: unmapped or gone). */
export function mappedChoice(row: WorkoutRow): ColumnChoice | null {
  const id = row.property?.id;
  return row.choices.find((c) => c.id === id) ?? null;
}

/** The units a mapped duration can be written in: numbers for number columns, text for text. */
export function workoutUnitOptions(row: WorkoutRow): UnitOption[] {
  if (row.kind !== "duration" || !row.property) return [];
  const kind = mappedChoice(row)?.kind;
  if (kind === "rich_text") return unitOptions("text");
  if (kind === "number") return unitOptions("number");
  return unitOptions(row.property.unit === "text" ? "text" : row.property.unit ? "number" : null);
}

export function currentUnit(row: WorkoutRow): DurationUnit | null {
  return row.property?.unit ?? null;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 workouts written", and the workouts WHOOP no longer has, whose pages stay. */
export function workoutsSentences(report: WorkoutsReport | null | undefined): string[] {
  if (!report) return [];
  const out: string[] = [];
  const written = report.created + report.updated;
  if (written > 0) out.push(`${plural(written, "workout", "workouts")} written.`);
  const deleted = report.deletedInWhoop.length;
  if (deleted === 1) out.push("1 workout was deleted in WHOOP; its page stays in Notion.");
  else if (deleted > 1) out.push(`${deleted} workouts were deleted in WHOOP; their pages stay in Notion.`);
  return out;
}
