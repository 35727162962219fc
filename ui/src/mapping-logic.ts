// What the Mapping screen needs to know: the type of each column, from the properties the
// mapping view lists with their Notion types.
import type { DurationUnit, Height, MappingRow, MappingView, Temperature, Weight } from "./api/types";

export type ColumnType = "number" | "text" | "date";

export function columnTypes(view: MappingView): Map<string, ColumnType> {
  const types = new Map<string, ColumnType>();
  for (const p of view.properties) {
    if (p.kind === "number") types.set(p.name, "number");
    else if (p.kind === "rich_text") types.set(p.name, "text");
    else if (p.kind === "date") types.set(p.name, "date");
  }
  return types;
}

/**
 * The type of the column a duration row is mapped to. The unit the engine stored is
 * authoritative (it always fits the column after `reconcile`: text ⇔ rich_text); the
 * column's type is the fallback.
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

/**
 * The unit a temperature, weight or height row is written in, as `mapping_set` takes it: the
 * argument it goes in, the choices with their labels, and the one in force (WHOOP's °C and kg,
 * and cm, when the mapping doesn't say). `null` for other rows.
 */
export type MeasureChoice =
  | { field: "temperature"; options: { value: Temperature; label: string }[]; current: Temperature }
  | { field: "weight"; options: { value: Weight; label: string }[]; current: Weight }
  | { field: "height"; options: { value: Height; label: string }[]; current: Height };

export function measureChoice(row: MappingRow): MeasureChoice | null {
  const p = row.property;
  if (row.temperature) {
    return { field: "temperature", current: p?.temperature ?? "celsius", options: [
      { value: "celsius", label: "°C" }, { value: "fahrenheit", label: "°F" }] };
  }
  if (row.weight) {
    return { field: "weight", current: p?.weight ?? "kilograms", options: [
      { value: "kilograms", label: "kg" }, { value: "pounds", label: "lb" }] };
  }
  if (row.height) {
    return { field: "height", current: p?.height ?? "centimeters", options: [
      { value: "centimeters", label: "cm" }, { value: "meters", label: "m" }, { value: "inches", label: "in" }] };
  }
  return null;
}

/** Problems keyed by metric (or "date"), to flag the row they belong to. */
export function problemsByKey(view: MappingView): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const p of view.problems) map.set(p.key, [...(map.get(p.key) ?? []), p.message]);
  return map;
}
