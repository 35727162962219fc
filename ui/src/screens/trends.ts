// The Trends tab: recovery (in WHOOP's bands), HRV, resting heart rate and time asleep over the
// last 30, 90 or 365 days, each with its 7-day average, from the local history (the `trends`
// command asks nothing of WHOOP or Notion). The charts are uPlot, loaded on first open so the
// window starts as fast as before; the same numbers follow as a table for keyboard and
// screen-reader users (the charts are pictures to them, summed up in a label).
import * as api from "../api/commands";
import type { Overview, Trends, TrendSeries } from "../api/types";
import { h, replace, show } from "../components/dom";
import type { AppContext, Screen } from "../context";
import { BAND_LABELS, latest, RANGES, shortLabel, summary, tableRows, type Range } from "../trends-format";
import type { Charts, drawCharts } from "./trends-charts";
import "./trends.css";

/** What the chart module gives (its type only: the code itself is imported when first needed). */
export interface ChartModule { drawCharts: typeof drawCharts }

export function createTrends(ctx: AppContext, loadCharts: () => Promise<ChartModule> = () => import("./trends-charts")): Screen {
  let range: Range = 30;
  let charts: Charts | null = null;
  let module: Promise<ChartModule> | null = null;
  let active = false;
  let lastSync: string | null | undefined;
  let wasSyncing = false;
  // Answers can cross (a quick switch of period): only the latest request's is shown.
  let requested = 0;

  const rangeButtons = RANGES.map((days) => h("button", {
    type: "button",
    class: "segment",
    "data-days": days,
    "aria-pressed": String(days === range),
    onclick: () => { choose(days); },
  }, `${days} days`));
  const toTable = h("button", {
    type: "button", id: "trends-to-table", class: "link",
    onclick: () => { tableRegion.focus(); tableRegion.scrollIntoView({ block: "start" }); },
  }, "Numbers as a table");
  const line = h("p", { id: "trends-summary", class: "muted small", "aria-live": "polite" });
  const backfill = h("button", {
    type: "button", id: "trends-backfill", class: "quiet", hidden: true,
    onclick: () => { ctx.go("settings", "backfill-days"); },
  }, "Bring earlier days over");
  const figures = h("div", { id: "trends-charts", class: "trend-charts" });
  const caption = h("caption", { id: "trends-caption" });
  const head = h("thead");
  const body = h("tbody");
  const table = h("table", { id: "trends-table", class: "trends-table" }, caption, head, body);
  // Focusable, so a keyboard user can scroll a long table; named by its caption.
  const tableRegion = h("div", { id: "trends-table-region", class: "table-region", role: "region", tabindex: "0", "aria-labelledby": "trends-caption" }, table);
  const el = h("div", { class: "screen trends" },
    h("div", { class: "row spread" },
      h("div", { id: "trends-range", class: "segments", role: "group", "aria-label": "Period" }, rangeButtons),
      toTable),
    h("div", { class: "row spread" }, line, backfill),
    figures,
    tableRegion,
  );

  function choose(days: Range): void {
    if (days === range) return;
    range = days;
    for (const b of rangeButtons) b.setAttribute("aria-pressed", String(Number(b.dataset.days) === days));
    void load();
  }

  async function load(): Promise<void> {
    const ticket = ++requested;
    figures.setAttribute("aria-busy", "true");
    // The chart code is fetched alongside the numbers the first time.
    if (!module) {
      module = loadCharts();
      // Its failure is reported where it is awaited, below; not as an unhandled rejection meanwhile.
      module.catch(() => undefined);
    }
    const next = await ctx.run(() => api.trends(range));
    if (ticket !== requested) return;
    if (!next) {
      figures.removeAttribute("aria-busy");
      return;
    }
    renderTable(next);
    renderFigures(next);
    try {
      const { drawCharts } = await module;
      if (ticket !== requested) return;
      charts?.destroy();
      charts = drawCharts(next, (s) => figures.querySelector<HTMLElement>(`figure[data-key="${s.key}"]`));
    } catch (reason) {
      // Without the charts the table still has every number.
      module = null;
      line.textContent = `${summary(next)} The charts couldn't be drawn (${String(reason)}); the table below has the numbers.`;
    } finally {
      if (ticket === requested) figures.removeAttribute("aria-busy");
    }
  }

  function chartLabel(series: TrendSeries, days: number): string {
    return `${series.label}, last ${days} days: ${latest(series)}. The table below lists every day.`;
  }

  function renderFigures(t: Trends): void {
    charts?.destroy();
    charts = null;
    const empty = t.series.every((s) => s.values.every((v) => v === null));
    line.textContent = summary(t);
    // The history doesn't reach back to the period's first week: offer to fetch earlier days.
    const first = t.days.findIndex((_, i) => t.series.some((s) => s.values[i] !== null));
    show(backfill, t.days.length > 7 && (first < 0 || first >= 7));
    show(figures, !empty);
    replace(figures, t.series.map((s) => h("figure", {
      class: "trend",
      id: `trend-${s.key}`,
      "data-key": s.key,
      role: "img",
      "aria-label": chartLabel(s, t.days.length),
    },
    h("figcaption", null,
      h("strong", null, s.label),
      h("span", { class: "muted small" }, latest(s)),
      s.key === "recovery_score" && h("span", { class: "band-key small", "aria-hidden": "true" },
        (["green", "yellow", "red"] as const).map((b) => h("span", { class: `band-dot ${b}`, title: BAND_LABELS[b] }))),
    ),
    h("div", { class: "chart" }))));
  }

  function renderTable(t: Trends): void {
    const rows = tableRows(t);
    caption.textContent = `Numbers of the last ${t.days.length} days, newest first (${rows.length} ${rows.length === 1 ? "day" : "days"} with numbers)`;
    replace(head, h("tr", null,
      h("th", { scope: "col" }, "Day"),
      t.series.map((s) => h("th", { scope: "col", "data-key": s.key }, shortLabel(s)))));
    replace(body, rows.map((row) => h("tr", { "data-day": row.day },
      h("th", { scope: "row" }, row.label),
      row.cells.map((cell) => h("td", null,
        cell.value === null
          ? h("span", { class: "muted" }, "–", h("span", { class: "visually-hidden" }, "no number"))
          : h("span", { class: cell.band ? `value band ${cell.band}` : "value" }, cell.value,
            cell.band && h("span", { class: "visually-hidden" }, `, ${cell.band}`)),
        cell.average && h("span", { class: "average small muted" }, `7-day ${cell.average}`),
      )))));
    show(tableRegion, rows.length > 0);
  }

  return {
    el,
    update(overview: Overview) {
      // A run just finished: its days are in the history now.
      const finished = (lastSync !== undefined && overview.lastSync !== lastSync) || (wasSyncing && !overview.syncing);
      lastSync = overview.lastSync;
      wasSyncing = overview.syncing;
      if (finished && active) void load();
    },
    activate() {
      active = true;
      void load();
    },
    deactivate() {
      active = false;
    },
  };
}
