// Settings → Workouts: each WHOOP workout as its own page in a Workouts database, linked to
// its day's page. Off: "Add workouts" (workouts-add.ts). On: the mapping of each field to a
// column of the right type (by id) with the unit for durations, its problems, the offer to
// link workouts to their days (it adds a column to both databases, so only on a click), and
// turning workouts off (the database and its pages stay in Notion). Every change answers with
// the whole saved view, which the card shows as it is.
import * as api from "../api/commands";
import type { AppError, DurationUnit, Overview, WorkoutPreview, WorkoutRow, WorkoutsDatabase } from "../api/types";
import { h, preserveFocus, replace, show } from "../components/dom";
import type { AppContext } from "../context";
import { currentUnit, mappedChoice, workoutUnitOptions } from "../workouts-logic";
import { NOT_WRITTEN } from "./mapping";
import { createWorkoutsAdd } from "./workouts-add";

// Without Notion or a daily database there is nothing to put workouts beside: said in place.
const NEEDS_SETUP = new Set<AppError["code"]>(["no_database", "notion_not_connected"]);

export interface WorkoutsCard {
  el: HTMLElement;
  update(overview: Overview): void;
  /** The Settings tab was shown: read the database's live columns. */
  load(): Promise<void>;
}

function option(value: string, text: string, selected: boolean): HTMLOptionElement {
  return h("option", { value, selected }, text);
}

export function createWorkoutsCard(ctx: AppContext): WorkoutsCard {
  let view: WorkoutsDatabase | null = null;
  let loaded = false;
  let queue: Promise<unknown> = Promise.resolve();
  let inFlight = 0;
  let preview: WorkoutPreview | null = null;
  let previewError: string | null = null;
  let previewSeq = 0;

  const needsSetup = h("p", { id: "workouts-needs-setup", class: "notice", hidden: true },
    "Choose the Notion database for your days on the Connect tab first. ",
    h("button", { type: "button", class: "link", onclick: () => { ctx.go("connect", "notion-pick-title"); } }, "Go to Connect"));
  const addButton = h("button", { type: "button", id: "workouts-add", onclick: () => { openAdd(); } }, "Add workouts");
  const off = h("div", { id: "workouts-off", class: "row", hidden: true },
    addButton,
    h("span", { class: "muted small" }, "Each WHOOP workout as its own page in a Workouts database, linked to its day."));
  const add = createWorkoutsAdd(ctx, (next) => { add.close(); view = next; render(); void refreshPreview(); }, () => { add.close(); render(); addButton.focus(); });

  const into = h("p", { id: "workouts-database" });
  const problems = h("ul", { id: "workouts-problems", class: "problems", "aria-label": "Workouts mapping problems", hidden: true });
  const tbody = h("tbody");
  const table = h("table", { id: "workouts-table", class: "mapping" },
    h("colgroup", null, h("col", { class: "c-metric" }), h("col", { class: "c-prop" }), h("col", { class: "c-unit" }), h("col", { class: "c-value" })),
    h("thead", null, h("tr", null,
      h("th", { scope: "col" }, "Workout field"), h("th", { scope: "col" }, "Notion property"), h("th", { scope: "col" }, "Unit"),
      h("th", { scope: "col" }, "Newest workout"))),
    tbody);
  const previewBox = h("p", { id: "workouts-preview", class: "preview-status small", "aria-live": "polite" });
  const dayLinkText = h("p", { id: "workouts-day-link-text", class: "small" });
  const dayLinkButton = h("button", { type: "button", id: "workouts-add-day-link", onclick: () => { enqueue(() => api.workoutsAddDayLink()); } }, "Link workouts to their days");
  dayLinkButton.setAttribute("aria-describedby", "workouts-day-link-text");
  const dayLink = h("div", { id: "workouts-day-link", class: "notice", hidden: true }, dayLinkText, dayLinkButton);
  const offButton = h("button", { type: "button", id: "workouts-turn-off", onclick: () => { void doOff(); } }, "Turn workouts off");
  const on = h("div", { id: "workouts-on", class: "stack", hidden: true },
    into, problems, dayLink, previewBox, table,
    h("div", { class: "row" }, offButton,
      h("span", { class: "muted small" }, "The app stops writing workouts. The Workouts database and its pages stay in Notion.")));

  const el = h("section", { class: "card", id: "workouts-section", "aria-labelledby": "workouts-title" },
    h("h2", { id: "workouts-title" }, "Workouts"),
    needsSetup, off, add.el, on);

  function dailyName(): string {
    return ctx.overview()?.notion.database ?? "your daily database";
  }

  function openAdd(): void {
    show(off, false);
    void add.open(dailyName());
  }

  async function load(): Promise<void> {
    table.setAttribute("aria-busy", "true");
    try {
      view = await api.workoutsShow();
      show(needsSetup, false);
      loaded = true;
      render();
      if (view) void refreshPreview();
    } catch (e) {
      const error = e as AppError;
      if (NEEDS_SETUP.has(error.code)) {
        view = null;
        show(needsSetup, true);
        show(off, false);
        show(on, false);
      } else {
        ctx.fail(error, load);
      }
    } finally {
      paintBusy();
    }
  }

  // aria-busy while a change runs: the table is about to be rebuilt.
  function paintBusy(): void {
    if (inFlight > 0) table.setAttribute("aria-busy", "true");
    else table.removeAttribute("aria-busy");
    dayLinkButton.disabled = inFlight > 0;
    offButton.disabled = inFlight > 0;
  }

  // One change at a time, in order: each answer is the full view the next one builds on.
  function enqueue(op: () => Promise<WorkoutsDatabase>): void {
    inFlight += 1;
    paintBusy();
    queue = queue.then(async () => {
      const next = await ctx.run(op, () => { enqueue(op); });
      if (next) view = next;
      render(); // on failure: puts the selects back to what is saved
      if (next) void refreshPreview();
      inFlight -= 1;
      paintBusy();
    });
  }

  // The newest workout through the mapping as saved now; an answer older than the latest
  // change is dropped.
  async function refreshPreview(): Promise<void> {
    const seq = ++previewSeq;
    previewBox.setAttribute("aria-busy", "true");
    try {
      const next = await api.workoutsPreview();
      if (seq !== previewSeq) return;
      preview = next;
      previewError = null;
    } catch (e) {
      if (seq !== previewSeq) return;
      preview = null;
      previewError = (e as AppError).message;
    }
    previewBox.removeAttribute("aria-busy");
    paintPreview();
  }

  function paintPreview(): void {
    if (preview?.title) previewBox.textContent = `Your newest workout, “${preview.title}”, would be written as shown on the right.`;
    else previewBox.textContent = preview?.note ?? previewError ?? "";
    const values = new Map((preview?.cells ?? []).map((c) => [c.field as string, c.value]));
    for (const cell of tbody.querySelectorAll<HTMLElement>("td[data-preview]")) {
      cell.textContent = values.get(cell.dataset.preview ?? "") ?? "";
    }
  }

  async function doOff(): Promise<void> {
    offButton.disabled = true;
    const done = await ctx.run(() => api.workoutsOff());
    offButton.disabled = false;
    if (done === undefined) return;
    view = null;
    render();
    addButton.focus();
  }

  function propertySelect(row: WorkoutRow, problem: boolean): HTMLSelectElement {
    const mapped = row.property?.id ?? "";
    const options = [option("", NOT_WRITTEN, mapped === "")];
    // A mapped column that vanished or changed type: still shown, marked, not taken for unmapped.
    if (row.property && !mappedChoice(row)) options.push(option(mapped, `${row.property.name} (unavailable)`, true));
    for (const c of row.choices) options.push(option(c.id, c.name, c.id === mapped));
    const select = h("select", {
      id: `workout-${row.field}`,
      "data-field": row.field,
      "aria-describedby": problem ? `workouts-problem-${row.field}` : null,
      "aria-invalid": problem ? "true" : null,
    }, options);
    select.value = mapped;
    select.addEventListener("change", () => {
      const id = select.value;
      // No unit: the engine picks the one that fits the column.
      enqueue(() => api.workoutsMap(row.field, id === "" ? undefined : id));
    });
    return select;
  }

  function unitSelect(row: WorkoutRow): HTMLSelectElement | null {
    const choices = workoutUnitOptions(row);
    const property = row.property;
    if (choices.length === 0 || !property) return null;
    const current = currentUnit(row);
    const select = h("select", {
      "data-unit": row.field,
      "aria-label": `Unit for ${row.label}`,
      disabled: choices.length === 1,
    }, choices.map((u) => option(u.value, u.label, u.value === current)));
    if (current) select.value = current;
    select.addEventListener("change", () => {
      enqueue(() => api.workoutsMap(row.field, property.id, select.value as DurationUnit));
    });
    return select;
  }

  function render(): void {
    const noDaily = (ctx.overview()?.notion.databaseId ?? null) === null;
    if (!view) {
      show(on, false);
      show(needsSetup, loaded && noDaily);
      show(off, loaded && !noDaily && add.el.hidden === true);
      return;
    }
    const v = view;
    show(needsSetup, false);
    show(off, false);
    show(on, true);
    replace(into, "Into ", h("strong", null, v.title));
    const labels = new Map(v.rows.map((r) => [r.field as string, r.label]));
    replace(problems, v.problems.map((p) =>
      h("li", { id: `workouts-problem-${p.key}`, "data-key": p.key }, h("strong", null, `${labels.get(p.key) ?? p.key}: `), p.message)));
    show(problems, v.problems.length > 0);
    dayLinkText.textContent = `No column links a workout to its day. The app can add one: a “Day” column in “${v.title}”, which also shows each day's workouts in “${dailyName()}”. This adds a column to both databases.`;
    show(dayLink, v.canAddDayLink);
    const withProblem = new Set(v.problems.map((p) => p.key));
    preserveFocus(el, () => {
      replace(tbody, v.rows.map((row) => {
        const problem = withProblem.has(row.field);
        return h("tr", { "data-field": row.field, class: problem ? "has-problem" : null },
          h("th", { scope: "row" }, h("label", { for: `workout-${row.field}` }, row.label), problem && h("span", { class: "warn", "aria-hidden": "true" }, " ⚠")),
          h("td", null, propertySelect(row, problem)),
          h("td", null, unitSelect(row)),
          h("td", { class: "value", "data-preview": row.field }));
      }));
    });
    paintPreview();
  }

  return {
    el,
    update() {
      // The daily database may have come or gone: what the off state offers follows.
      if (loaded) render();
    },
    load,
  };
}
