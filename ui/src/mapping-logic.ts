// What the Mapping screen needs to know: the type of each column. Newer shells list it in
// `MappingView.properties`; for older ones it is inferred. The view lists compatible property *names* per metric, and the engine's rules
// (sync-engine/src/mapping.rs `compatible`) are: number and text metrics go into number or
// rich_text columns, clock metrics (bedtime, wake time) into date or rich_text columns. So a
// name that is compatible with both a clock metric and a value metric is a text column, one
// compatible only with value metrics is a number column, one only with clocks is a date column.
import type { DurationUnit, MappingRow, MappingView } from "./api/types";

export type ColumnType = "number" | "text" | "date";

export function columnTypes(view: MappingView): Map<string, ColumnType> {
  // The shell lists each property's real type: use it when it's there.
  if (view.properties) {
    const types = new Map<string, ColumnType>();
    for (const p of view.properties) {
      if (p.kind === "number") types.set(p.name, "number");
      else if (p.kind === "rich_text") types.set(p.name, "text");
      else if (p.kind === "date") types.set(p.name, "date");
    }
    return types;
  }
  const clock = new Set<string>();
  const value = new Set<string>();
  let haveClockRow = false;
  for (const row of view.rows) {
    if (row.kind === "clock") haveClockRow = true;
    for (const name of row.compatible) (row.kind === "clock" ? clock : value).add(name);
  }
  const types = new Map<string, ColumnType>();
  // Without a clock metric in the view the rule can't separate number from text: say nothing.
  if (!haveClockRow) return types;
  for (const name of value) types.set(name, clock.has(name) ? "text" : "number");
  for (const name of clock) if (!value.has(name)) types.set(name, "date");
  return types;
}

/**
 * The type of the column a duration row is mapped to. The unit the engine stored is
 * authoritative (it always fits the column after `reconcile`: text ⇔ rich_text); the
 * inference above is the fallback.
 */
export function mappedColumnType(row: MappingRow, types: Map<string, ColumnType>): ColumnType | null {
  if (!row.property) return null;
  if (row.property.unit) return row.property.unit === "text" ? "text" : "number";
  return types.get(row.property.name) ?? null;
}

export interface UnitOption { value: DurationUnit; label: string }

const NUMBER_UNITS: UnitOption[] = [
  { value: "hours", label: "hours" },
  { value: "minutes", label: "minutes" },
  { value: "ms", label: "ms" },
];
const TEXT_UNITS: UnitOption[] = [{ value: "text", label: "7h 42m" }];

/** Units a duration can be written in, given the column: numbers for number columns, text for text. */
export function unitOptions(type: ColumnType | null): UnitOption[] {
  if (type === "text") return TEXT_UNITS;
  if (type === "number") return NUMBER_UNITS;
  return [...NUMBER_UNITS, ...TEXT_UNITS];
}

/** Problems keyed by metric (or "date"), to flag the row they belong to. */
export function problemsByKey(view: MappingView): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const p of view.problems) map.set(p.key, [...(map.get(p.key) ?? []), p.message]);
  return map;
}
