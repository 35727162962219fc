// History → Export…: the history's days (or workouts) as CSV or JSON, in a file the user picks
// in the system's save dialog (the window's own, which also asks before replacing a file);
// the host writes it from the local history, with no request to WHOOP or Notion.
import * as api from "../api/commands";
import type { AppError, ExportFormat, ExportSaved } from "../api/types";
import { h } from "../components/dom";
import type { AppContext } from "../context";

export type ExportRows = "days" | "workouts";

const pad = (n: number) => String(n).padStart(2, "0");

/** The name the dialog proposes: `whoop-2026-12-07.csv`, `whoop-workouts-2026-12-07.json`. */
export function suggestedName(today: Date, rows: ExportRows, format: ExportFormat): string {
  const day = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
  return `whoop${rows === "workouts" ? "-workouts" : ""}-${day}.${format}`;
}

/** "Saved 412 days to whoop-2026-12-07.csv." */
export function savedLine(saved: ExportSaved, rows: ExportRows): string {
  const noun = rows === "workouts" ? (saved.rows === 1 ? "workout" : "workouts") : saved.rows === 1 ? "day" : "days";
  return `Saved ${saved.rows} ${noun} to ${saved.fileName}.`;
}

/** What the export's line says when it couldn't write. */
export function failedLine(error: AppError, rows: ExportRows): string {
  if (error.code === "nothing_to_export" && rows === "workouts") {
    return "No workouts to export yet. They are kept once they sync into a Workouts database (Settings → Workouts).";
  }
  return error.message;
}

export function createExport(ctx: AppContext): HTMLElement {
  const rows = h("select", { id: "export-rows", "aria-label": "What to export" },
    h("option", { value: "days" }, "Days"), h("option", { value: "workouts" }, "Workouts"));
  const format = h("select", { id: "export-format", "aria-label": "File format" },
    h("option", { value: "csv" }, "CSV"), h("option", { value: "json" }, "JSON"));
  const button = h("button", { type: "button", id: "history-export", class: "quiet", onclick: () => { void run(); } }, "Export…");
  const status = h("p", { id: "export-status", class: "small", role: "status" });

  async function run(): Promise<void> {
    const what = rows.value as ExportRows;
    const as = format.value as ExportFormat;
    button.disabled = true;
    status.textContent = "";
    status.classList.remove("error-text");
    try {
      const path = await api.chooseExportFile(suggestedName(new Date(), what, as), as);
      // Cancelled: nothing to say.
      if (path === null) return;
      status.textContent = "Saving…";
      status.textContent = savedLine(await api.exportHistory(path, as, what === "workouts"), what);
    } catch (reason) {
      const error = reason as AppError;
      // About this export: said on its line. Anything else gets the banner and its button.
      if (error.code === "nothing_to_export" || error.code === "invalid_input") {
        status.textContent = failedLine(error, what);
        status.classList.add("error-text");
      } else {
        status.textContent = "";
        ctx.fail(error);
      }
    } finally {
      button.disabled = false;
    }
  }

  return h("div", { id: "history-export-box", class: "stack" },
    h("div", { class: "row" }, rows, format, button), status);
}
