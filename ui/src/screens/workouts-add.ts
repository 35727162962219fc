// Settings → Workouts → "Add workouts": create a Workouts database (its name, energy in kcal or
// kJ, beside the daily database or in a page the user picks) or use one the connection already
// sees. Either way the answer is the chosen database with its mapping. Desktop words only.
import * as api from "../api/commands";
import type { DataSourceRef, EnergyUnit, PageRef, WorkoutsDatabase } from "../api/types";
import { h, replace, show } from "../components/dom";
import type { AppContext } from "../context";

export const DEFAULT_WORKOUTS_TITLE = "Workouts";
/** The "where" choice that means: in the page the daily database is in. */
const BESIDE = "";

export interface WorkoutsAdd {
  el: HTMLElement;
  /** Shows the choices, loading the pages and databases the connection sees. */
  open(daily: string): Promise<void>;
  close(): void;
}

export function createWorkoutsAdd(ctx: AppContext, chosen: (next: WorkoutsDatabase) => void, cancelled: () => void): WorkoutsAdd {
  let busy = false;
  let dailyId: string | null = null;

  const title = h("input", { id: "workouts-create-title", type: "text", autocomplete: "off", value: DEFAULT_WORKOUTS_TITLE });
  const energy = h("select", { id: "workouts-create-energy" },
    h("option", { value: "kcal" }, "Calories (kcal)"),
    h("option", { value: "kj" }, "Kilojoules (kJ)"));
  const where = h("select", { id: "workouts-create-parent" });
  const create = h("button", { type: "submit", id: "workouts-create-submit", class: "primary" }, "Create the Workouts database");
  const createForm = h("form", { id: "workouts-create-form", class: "stack", onsubmit: (e: Event) => { e.preventDefault(); void doCreate(); } },
    h("h3", null, "Create a Workouts database"),
    h("p", { class: "muted small" }, "It gets a page per workout with its start, sport, duration, strain, heart rate, energy, distance and time in each heart-rate zone, and a link to the day's page."),
    h("div", { class: "grid3" },
      h("div", { class: "field" }, h("label", { for: "workouts-create-title" }, "Database name"), title),
      h("div", { class: "field" }, h("label", { for: "workouts-create-energy" }, "Energy in"), energy),
      h("div", { class: "field" }, h("label", { for: "workouts-create-parent" }, "Put it"), where)),
    h("div", { class: "row" }, create));

  const databases = h("ul", { id: "workouts-databases", class: "choices", "aria-label": "Databases the connection can see" });
  const noDatabases = h("p", { id: "workouts-databases-empty", class: "muted small", hidden: true },
    "Your connection sees no other database. To use one of yours, share it with the connection in Notion (••• → Connections).");
  const pick = h("div", { id: "workouts-pick", class: "stack" },
    h("h3", null, "Or use a database you have"),
    h("p", { class: "muted small" }, "Its columns are matched to the workout fields by their names; you can change them after."),
    databases, noDatabases);

  const cancel = h("button", { type: "button", id: "workouts-cancel", class: "quiet", onclick: () => { cancelled(); } }, "Cancel");
  const el = h("div", { id: "workouts-setup", class: "stack", hidden: true }, createForm, pick, h("div", { class: "row" }, cancel));

  function paintWhere(daily: string, pages: PageRef[]): void {
    const current = where.value;
    replace(where,
      h("option", { value: BESIDE }, `Beside “${daily}” (in the same page)`),
      pages.map((p) => h("option", { value: p.id }, `In “${p.title || "Untitled"}”`)));
    where.value = pages.some((p) => p.id === current) ? current : BESIDE;
  }

  function paintDatabases(found: DataSourceRef[]): void {
    const others = found.filter((d) => d.databaseId !== dailyId);
    replace(databases, others.map((d) => h("li", null, h("button", {
      type: "button",
      class: "choice",
      "data-id": d.id,
      onclick: () => { void doUse(d.id); },
    }, d.name || "Untitled"))));
    show(noDatabases, others.length === 0);
  }

  function paintBusy(): void {
    create.disabled = busy;
    for (const b of databases.querySelectorAll("button")) b.disabled = busy;
  }

  async function doCreate(): Promise<void> {
    if (busy) return;
    busy = true;
    paintBusy();
    const name = title.value.trim();
    const parent = where.value === BESIDE ? undefined : where.value;
    // When the daily database isn't inside a page, the banner says to choose one: the list is here.
    const next = await ctx.run(() => api.workoutsCreateDatabase(energy.value as EnergyUnit, name === "" ? undefined : name, parent));
    busy = false;
    paintBusy();
    if (next) chosen(next);
  }

  async function doUse(id: string): Promise<void> {
    if (busy) return;
    busy = true;
    paintBusy();
    const next = await ctx.run(() => api.workoutsUse(id));
    busy = false;
    paintBusy();
    if (next) chosen(next);
  }

  return {
    el,
    async open(daily) {
      dailyId = ctx.overview()?.notion.databaseId ?? null;
      show(el, true);
      paintWhere(daily, []);
      title.focus();
      databases.setAttribute("aria-busy", "true");
      where.setAttribute("aria-busy", "true");
      const [pages, found] = await Promise.all([ctx.run(() => api.notionPages()), ctx.run(() => api.notionDatabases())]);
      if (pages) paintWhere(daily, pages);
      if (found) paintDatabases(found);
      databases.removeAttribute("aria-busy");
      where.removeAttribute("aria-busy");
      paintBusy();
    },
    close() {
      show(el, false);
    },
  };
}
