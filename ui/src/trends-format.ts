// The Trends view's words and numbers, apart from any chart: WHOOP's recovery bands, axis
// labels, the summary line, and the rows of the table (the same numbers for keyboard and
// screen-reader users). Pure functions, so they are tested alone; the chart module (uPlot,
// loaded only when the tab opens) and the table both take their data from here.
import type { Trends, TrendSeries } from "./api/types";
import { day as formatDay } from "./format";

/** The periods the view offers, in days. */
export const RANGES = [30, 90, 365] as const;
export type Range = (typeof RANGES)[number];

export type Band = "green" | "yellow" | "red";

/** WHOOP's recovery bands: green 67–100, yellow 34–66, red 0–33 (on the rounded score). */
export function band(recovery: number): Band {
  const score = Math.round(recovery);
  if (score >= 67) return "green";
  if (score >= 34) return "yellow";
  return "red";
}

export const BAND_LABELS: Record<Band, string> = {
  green: "green (67–100)",
  yellow: "yellow (34–66)",
  red: "red (0–33)",
};

/** The recovery series as three, one per band (null where a day is in another band or has no
 * score), so each is drawn in its band's colour. */
export function bandSeries(values: (number | null)[]): Record<Band, (number | null)[]> {
  const only = (b: Band) => values.map((v) => (v !== null && band(v) === b ? v : null));
  return { green: only("green"), yellow: only("yellow"), red: only("red") };
}

/** How many days of a series have a number: the points its chart draws. */
export function countPoints(values: readonly (number | null | undefined)[]): number {
  return values.filter((v) => v !== null && v !== undefined).length;
}

/** A chart axis' tick: "50%", "7h", "7.5h", "62 ms" → "62", "55". */
export function axisValue(series: Pick<TrendSeries, "unit">, value: number): string {
  const text = String(Math.round(value * 10) / 10);
  switch (series.unit) {
    case "%": return `${text}%`;
    case "h": return `${text}h`;
    default: return text;
  }
}

/** "YYYY-MM-DD" → seconds since the epoch at that day's local midnight (a chart's x). */
export function dayStamp(ymd: string): number {
  const [y, m, d] = ymd.split("-").map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1).getTime() / 1000;
}

/** "28 of the last 30 days have numbers." */
export function summary(trends: Trends): string {
  const total = trends.days.length;
  const withNumbers = daysWithNumbers(trends).length;
  const period = total === 1 ? "today" : `the last ${total} days`;
  if (withNumbers === 0) return `No numbers synced for ${period} yet.`;
  if (withNumbers === total) return total === 1 ? "Today has numbers." : `Every one of ${period} has numbers.`;
  return `${withNumbers} of ${period} ${withNumbers === 1 ? "has" : "have"} numbers.`;
}

/** The latest number of a series and its 7-day average: "78% · 7-day average 64%". */
export function latest(series: TrendSeries): string {
  for (let i = series.values.length - 1; i >= 0; i--) {
    const shown = series.display[i];
    if (shown) {
      const average = series.averageDisplay[i];
      return average ? `${shown} · 7-day average ${average}` : shown;
    }
  }
  return "no numbers";
}

/** One table cell: the day's number (with its band for recovery), and the 7-day average. */
export interface TableCell {
  value: string | null;
  band: Band | null;
  average: string | null;
}

export interface TableRow {
  day: string;
  label: string;
  cells: TableCell[];
}

/** Indexes of the days that have at least one number. */
function daysWithNumbers(trends: Trends): number[] {
  return trends.days.map((_, i) => i).filter((i) => trends.series.some((s) => s.values[i] !== null && s.values[i] !== undefined));
}

/** The table: one row per day that has a number, newest first; a cell per series. */
export function tableRows(trends: Trends, locale?: string): TableRow[] {
  return daysWithNumbers(trends).reverse().map((i) => ({
    day: trends.days[i] ?? "",
    label: formatDay(trends.days[i] ?? "", locale),
    cells: trends.series.map((s) => {
      const value = s.values[i] ?? null;
      return {
        value: value === null ? null : s.display[i] ?? null,
        band: value !== null && s.key === "recovery_score" ? band(value) : null,
        average: s.averageDisplay[i] ?? null,
      };
    }),
  }));
}

/** A column heading short enough for the window: "Resting HR" for "Resting heart rate". */
export function shortLabel(series: Pick<TrendSeries, "key" | "label">): string {
  switch (series.key) {
    case "resting_heart_rate": return "Resting HR";
    case "sleep_time": return "Asleep";
    default: return series.label;
  }
}
