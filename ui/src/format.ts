// Text for people: times, counts, durations, labels. Pure functions, so they are tested alone.
import type { BackfillProgress, ClockStyle, DayAction, RunCounts, RunSummary, Trigger } from "./api/types";

const pad = (n: number) => String(n).padStart(2, "0");

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "07:12" or "7:12 AM" in local time, in the user's clock (the overview's `units.clock`). */
export function clock(date: Date, style: ClockStyle = "24h"): string {
  const [h, m] = [date.getHours(), date.getMinutes()];
  if (style === "24h") return `${pad(h)}:${pad(m)}`;
  return `${h % 12 === 0 ? 12 : h % 12}:${pad(m)} ${h < 12 ? "AM" : "PM"}`;
}

/** A moment in local time: "today 07:12", "yesterday 11:40 PM", "Mon 23 Nov 07:12". */
export function when(iso: string, now: Date = new Date(), locale?: string, style: ClockStyle = "24h"): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = clock(date, style);
  if (sameDay(date, now)) return `today ${time}`;
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (sameDay(date, yesterday)) return `yesterday ${time}`;
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  if (sameDay(date, tomorrow)) return `tomorrow ${time}`;
  return `${shortDate(date, locale)} ${time}`;
}

function shortDate(date: Date, locale?: string): string {
  return date.toLocaleDateString(locale, { weekday: "short", day: "numeric", month: "short" });
}

/** A calendar day "YYYY-MM-DD" (a WHOOP day: no time zone) as "Wed 25 Nov". */
export function day(ymd: string, locale?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return ymd;
  // Built from parts, not parsed: `new Date("2026-11-25")` is UTC midnight, the day before
  // west of Greenwich.
  return shortDate(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])), locale);
}

export const TRIGGER_LABELS: Record<Trigger, string> = {
  manual: "Manual",
  schedule: "Schedule",
  wake: "After wake",
  backfill: "Backfill",
  startup: "App start",
  cli: "Command line",
  daemon: "Background",
};

export function trigger(t: string): string {
  return (TRIGGER_LABELS as Record<string, string | undefined>)[t] ?? t;
}

export const ACTION_LABELS: Record<DayAction, string> = {
  created: "Created",
  updated: "Updated",
  unchanged: "Unchanged",
  waiting: "Waiting",
  skipped: "Skipped",
  failed: "Failed",
};

export function action(a: string): string {
  return (ACTION_LABELS as Record<string, string | undefined>)[a] ?? a;
}

/** "2 created · 1 updated · 5 unchanged", then waiting / skipped / failed only when non-zero. */
export function counts(c: RunCounts): string {
  const parts = [`${c.created} created`, `${c.updated} updated`, `${c.unchanged} unchanged`];
  if (c.waiting) parts.push(`${c.waiting} waiting`);
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  if (c.failed) parts.push(`${c.failed} failed`);
  return parts.join(" · ");
}

/** A run's days, then its workouts when workouts were on: "… · 2 workouts written". */
export function runCounts(run: RunSummary): string {
  const days = counts(run.counts);
  const w = run.workouts;
  if (!w) return days;
  const written = w.created + w.updated;
  const parts = [days, `${written} ${written === 1 ? "workout" : "workouts"} written`];
  const deleted = w.deletedInWhoop.length;
  if (deleted) parts.push(`${deleted} deleted in WHOOP`);
  return parts.join(" · ");
}

export function runResult(run: RunSummary): string {
  const base = run.status === "ok" ? "OK" : run.status === "failed" ? "Failed" : "Interrupted";
  return run.dryRun ? `${base} (dry run)` : base;
}

/** Time left, rounded the way people say it; null means the shell can't tell yet. */
export function eta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "estimating time left…";
  if (seconds <= 0) return "almost done";
  if (seconds < 60) return "less than a minute left";
  if (seconds < 3600) return `about ${Math.ceil(seconds / 60)} min left`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  if (minutes === 0) return `about ${hours} h left`;
  if (minutes === 60) return `about ${hours + 1} h left`;
  return `about ${hours} h ${minutes} min left`;
}

/** 0–100, never NaN, never beyond the ends even if the shell overshoots. */
export function percent(done: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.min(100, Math.max(0, Math.round((done / total) * 100)));
}

/**
 * "12 of 30 pages written (40%) · about 2 min left". While parts of a long range are still
 * being read, the total is an upper bound: "12 of about 1,812 pages written …".
 */
export function backfillStatus(p: BackfillProgress): string {
  const unit = p.total === 1 ? "page" : "pages";
  const total = `${p.exact ? "" : "about "}${p.total.toLocaleString("en-US")}`;
  const tail = p.done >= p.total && p.total > 0 ? "finishing…" : eta(p.etaSeconds);
  return `${p.done.toLocaleString("en-US")} of ${total} ${unit} written (${percent(p.done, p.total)}%) · ${tail}`;
}
