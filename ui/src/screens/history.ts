// The History tab: every run (when, why, result, what it did to how many days, the error and
// what to do), newest first. A run opens to show its days; a day with a Notion page opens it.
// Export… saves the history's numbers as a file (./history-export.ts).
import * as api from "../api/commands";
import type { DayRecord, Overview, RunSummary } from "../api/types";
import { h, preserveFocus, replace, show } from "../components/dom";
import type { AppContext, Screen } from "../context";
import { actionFor } from "../error-actions";
import { action as actionLabel, day as formatDay, runCounts, runResult, trigger, when } from "../format";
import { createExport } from "./history-export";

export const HISTORY_LIMIT = 50;

export function dayValues(record: DayRecord): string {
  if (!record.values) return "";
  return Object.values(record.values).map((v) => v.display).join(" · ");
}

export function createHistory(ctx: AppContext): Screen {
  let runs: RunSummary[] = [];
  let open: number | null = null;
  const days = new Map<number, DayRecord[]>();
  let active = false;
  let lastSync: string | null | undefined;
  let wasSyncing = false;

  const tbody = h("tbody");
  const table = h("table", { id: "history-table", class: "history" },
    h("colgroup", null, h("col", { class: "c-when" }), h("col", { class: "c-why" }), h("col", { class: "c-result" }), h("col", { class: "c-days" })),
    h("thead", null, h("tr", null,
      h("th", { scope: "col" }, "When"), h("th", { scope: "col" }, "Why"), h("th", { scope: "col" }, "Result"), h("th", { scope: "col" }, "Days"))),
    tbody);
  const empty = h("p", { id: "history-empty", class: "muted", hidden: true }, "No syncs yet. They appear here as they run.");
  const refresh = h("button", { type: "button", id: "history-refresh", class: "quiet", onclick: () => { void load(); } }, "Refresh");
  const el = h("div", { class: "screen history" },
    h("div", { class: "row spread" }, h("p", { class: "muted small" }, "Select a run to see its days."), refresh),
    createExport(ctx), table, empty);

  async function load(): Promise<void> {
    table.setAttribute("aria-busy", "true");
    const next = await ctx.run(() => api.history(HISTORY_LIMIT));
    table.removeAttribute("aria-busy");
    if (!next) return;
    runs = next;
    // Finished runs never change, but the newest may still have been running last time.
    days.clear();
    if (open !== null && !runs.some((r) => r.id === open)) open = null;
    render();
    if (open !== null) await loadDays(open);
  }

  async function loadDays(runId: number): Promise<void> {
    const records = await ctx.run(() => api.historyDays(runId));
    if (!records) return;
    days.set(runId, records);
    render();
  }

  function toggle(runId: number): void {
    open = open === runId ? null : runId;
    render();
    if (open !== null && !days.has(open)) void loadDays(open);
  }

  function dayList(records: DayRecord[] | undefined): HTMLElement {
    if (!records) return h("p", { class: "muted small", id: "history-days", "aria-busy": "true" }, "Loading days…");
    if (records.length === 0) return h("p", { class: "muted small", id: "history-days" }, "This run touched no days.");
    return h("ul", { id: "history-days", class: "days" }, records.map((r) =>
      h("li", { "data-day": r.day, "data-action": r.action },
        h("span", { class: "day-name" }, formatDay(r.day)),
        h("span", { class: `badge ${r.action}` }, actionLabel(r.action)),
        h("span", { class: "day-detail small" }, [dayValues(r), r.reason].filter(Boolean).join(" — ")),
        r.pageUrl && h("button", {
          type: "button",
          class: "link",
          "data-page-url": r.pageUrl,
          onclick: () => { ctx.openUrl(r.pageUrl ?? ""); },
        }, "Open in Notion"),
      )));
  }

  function errorRow(run: RunSummary): HTMLElement | null {
    if (!run.errorCode && !run.errorMessage) return null;
    // The host reads a code it doesn't know as none; the message still says what happened.
    const known = run.errorCode;
    const action = known ? actionFor(known) : null;
    return h("tr", { class: "run-error", "data-error-for": run.id },
      h("td", { colspan: 4 },
        h("span", { class: "error-text" }, run.errorMessage ?? known ?? ""),
        known && action && action.kind !== "none" && h("button", {
          type: "button",
          class: "quiet",
          "data-action": action.kind,
          onclick: () => { ctx.resolve({ code: known, message: run.errorMessage ?? "" }); },
        }, action.kind === "retry" ? "Sync now" : action.label),
      ));
  }

  function render(): void {
    show(empty, runs.length === 0);
    show(table, runs.length > 0);
    preserveFocus(table, () => {
      replace(tbody, runs.map((run) => {
        const expanded = open === run.id;
        const row = h("tr", { "data-run-id": run.id, class: `run ${run.status}`, onclick: () => { toggle(run.id); } },
          h("td", null, h("button", {
            type: "button",
            class: "link",
            "data-run-id": run.id,
            "aria-expanded": String(expanded),
            "aria-controls": expanded ? "history-days" : null,
            title: `Days ${run.range[0]} → ${run.range[1]}`,
          }, when(run.startedAt, new Date(), undefined, ctx.overview()?.units.clock))),
          h("td", null, trigger(run.trigger)),
          h("td", null, h("span", { class: `badge ${run.status}` }, runResult(run))),
          h("td", { class: "small" }, runCounts(run)),
        );
        return [
          row,
          errorRow(run),
          expanded && h("tr", { class: "run-days" }, h("td", { colspan: 4 }, dayList(days.get(run.id)))),
        ];
      }).flat());
    });
  }

  return {
    el,
    update(overview: Overview) {
      // A run just finished: show it if we're on screen, else on next show.
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
