// Always visible: what the tray says, Sync now, Pause/Resume.
import * as api from "../api/commands";
import type { Overview, PauseUntil, SyncReport } from "../api/types";
import type { AppContext } from "../context";
import { when } from "../format";
import { workoutsSentences } from "../workouts-logic";
import { h } from "./dom";
import { createPauseControl } from "./pause-menu";

export interface Header {
  el: HTMLElement;
  update(overview: Overview): void;
  /** What "Sync now" does; also the Retry for a failed background sync. */
  syncNow: () => Promise<void>;
}

export function syncResult(report: SyncReport): string {
  const parts = [`${report.created} created`, `${report.updated} updated`, `${report.unchanged} unchanged`];
  if (report.waiting) parts.push(`${report.waiting} waiting`);
  if (report.skipped) parts.push(`${report.skipped} skipped`);
  return [`Synced: ${parts.join(", ")}.`, ...workoutsSentences(report.workouts), ...notSynced(report)].join(" ");
}

/**
 * What a sync left out for the user to add: workouts when the WHOOP sign-in predates them, the
 * body measurement when it doesn't allow it (`needsWhoopScope` lists the scopes).
 */
export function notSynced(report: SyncReport): string[] {
  const scopes = report.needsWhoopScope?.split(" ") ?? [];
  const lines: string[] = [];
  if (scopes.includes("read:workout")) {
    lines.push("Workouts weren't read: connect WHOOP again under Connect and allow workouts to add them.");
  }
  if (scopes.includes("read:body_measurement")) {
    lines.push("Weight, height and max heart rate weren't read: connect WHOOP again under Connect and allow body measurements to add them.");
  }
  return lines;
}

export function createHeader(ctx: AppContext): Header {
  const dot = h("span", { class: "state-dot", "aria-hidden": "true" });
  const summary = h("p", { id: "tray-summary", class: "summary" });
  const paused = h("p", { id: "paused-until", class: "muted small", hidden: true });
  const result = h("p", { id: "sync-result", class: "muted small", role: "status" });
  let pending = false;
  let syncing = false;

  const syncButton = h("button", { type: "button", id: "sync-now", class: "primary", onclick: () => { void syncNow(); } }, "Sync now");
  const pause = createPauseControl((until) => { void doPause(until); });

  function paintButton(): void {
    syncButton.disabled = syncing || pending;
    syncButton.textContent = syncing || pending ? "Syncing…" : "Sync now";
  }

  async function syncNow(): Promise<void> {
    pending = true;
    result.textContent = "";
    paintButton();
    const report = await ctx.run(() => api.syncNow(), syncNow);
    pending = false;
    paintButton();
    if (report) result.textContent = syncResult(report);
  }

  async function doPause(until: PauseUntil): Promise<void> {
    const next = await ctx.run(() => api.pause(until), () => doPause(until));
    if (next) ctx.setOverview(next);
  }

  const el = h("header", { class: "header" },
    h("div", { class: "status" }, dot, h("div", { class: "status-text" }, summary, paused, result)),
    h("div", { class: "actions" }, syncButton, pause.el),
  );

  return {
    el,
    syncNow,
    update(overview) {
      el.dataset.state = overview.tray.state;
      summary.textContent = overview.tray.tooltip;
      paused.hidden = overview.pausedUntil === null;
      paused.textContent = overview.pausedUntil ? `Paused until ${when(overview.pausedUntil, new Date(), undefined, overview.units.clock)}` : "";
      syncing = overview.syncing;
      paintButton();
      pause.update(overview);
    },
  };
}
