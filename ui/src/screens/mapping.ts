// The Mapping tab: which Notion property each metric goes into, the unit for durations, the
// day key, and a preview of the row the latest night would write. Every change goes straight
// to the shell (`mapping_set` / `mapping_unset`), which answers with the whole new view, so the
// table always shows what is actually saved — including the engine's own fix-ups (a property
// moved to a new metric is unmapped from the old one).
import * as api from "../api/commands";
import type { AppError, DurationUnit, Height, MappingRow, MappingView, Overview, Preview, Temperature, Weight } from "../api/types";
import { h, preserveFocus, replace, show } from "../components/dom";
import type { AppContext, Screen } from "../context";
import { day as formatDay } from "../format";
import { columnTypes, mappedColumnType, measureChoice, problemsByKey, unitOptions, type ColumnType } from "../mapping-logic";

export const NOT_WRITTEN = "— not written —";

/** How long a row's choice must stay put before it is sent (tests set 0). */
export const mappingTiming = { settleMs: 300 };

// Without a database (or a Notion connection) there is nothing to map: say so in place instead
// of raising the banner every time the tab is opened.
const NEEDS_SETUP = new Set<AppError["code"]>(["no_database", "notion_not_connected"]);

function option(value: string, text: string, selected: boolean): HTMLOptionElement {
  return h("option", { value, selected }, text);
}

export function createMapping(ctx: AppContext): Screen {
  let view: MappingView | null = null;
  let preview: Preview | null = null;
  let previewError: string | null = null;
  let previewSeq = 0;
  let queue: Promise<unknown> = Promise.resolve();
  let loadedFor: string | null | undefined; // databaseId the view belongs to
  let active = false;

  const empty = h("div", { id: "mapping-empty", class: "notice", hidden: true },
    "Choose a Notion database on the Connect tab first. ",
    h("button", { type: "button", class: "link", onclick: () => { ctx.go("connect", "notion-pick-title"); } }, "Go to Connect"));
  const title = h("p", { id: "mapping-database" });
  const auto = h("button", { type: "button", id: "mapping-auto", title: "Replaces the current mapping with one guessed from your column names", onclick: () => { enqueue(() => api.mappingAuto()); } }, "Propose from names");
  const problems = h("ul", { id: "mapping-problems", class: "problems", "aria-label": "Mapping problems", hidden: true });
  // The sync still writes these; Notion only shows them wrong until the column's format changes.
  const warnings = h("ul", { id: "mapping-warnings", class: "problems", "aria-label": "Column formats to check", hidden: true });
  const daySelect = h("select", { id: "mapping-day", onchange: () => { onDayChange(); } });
  const previewBox = h("div", { id: "mapping-preview", class: "preview-status", "aria-live": "polite" });
  const tbody = h("tbody");
  const table = h("table", { id: "mapping-table", class: "mapping" },
    h("colgroup", null, h("col", { class: "c-metric" }), h("col", { class: "c-prop" }), h("col", { class: "c-unit" }), h("col", { class: "c-value" })),
    h("thead", null, h("tr", null,
      h("th", { scope: "col" }, "Metric"), h("th", { scope: "col" }, "Notion property"),
      h("th", { scope: "col" }, "Unit"), h("th", { scope: "col" }, "Preview"))),
    tbody,
  );
  const body = h("div", { id: "mapping-body", hidden: true },
    h("div", { class: "row spread" }, title, auto),
    problems,
    warnings,
    h("div", { class: "field inline" }, h("label", { for: "mapping-day" }, "Day key (date property: one page per day)"), daySelect),
    previewBox,
    table,
  );
  const el = h("div", { class: "screen mapping" }, empty, body);

  // Arrowing through a closed <select> fires `change` for every option passed; each would be a
  // Notion round trip. Changes to one row are coalesced and only the last one is sent.
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let inFlight = 0;
  function schedule(key: string, op: () => Promise<MappingView>): void {
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      enqueue(op);
    }, mappingTiming.settleMs));
    paintBusy();
  }

  // aria-busy while a change waits or runs: the table is about to be rebuilt (assistive tech
  // and end-to-end tests both wait for it to clear).
  function paintBusy(): void {
    if (timers.size > 0 || inFlight > 0) table.setAttribute("aria-busy", "true");
    else table.removeAttribute("aria-busy");
  }

  // One change at a time, in order: each answer is the full view the next one builds on.
  function enqueue(op: () => Promise<MappingView>): void {
    inFlight += 1;
    paintBusy();
    queue = queue.then(async () => {
      const next = await ctx.run(op, () => { enqueue(op); });
      if (next) view = next;
      render(); // on failure: puts the selects back to what is saved
      // Started before the table stops being busy, so the preview is busy in its turn, no gap.
      const previewDone = next ? refreshPreview() : Promise.resolve();
      inFlight -= 1;
      paintBusy();
      await previewDone;
    });
  }

  async function load(): Promise<void> {
    table.setAttribute("aria-busy", "true");
    try {
      view = await api.mappingGet();
      loadedFor = ctx.overview()?.notion.databaseId;
      show(empty, false);
      render();
      await refreshPreview();
    } catch (e) {
      const error = e as AppError;
      view = null;
      if (NEEDS_SETUP.has(error.code)) {
        show(empty, true);
        show(body, false);
      } else {
        ctx.fail(error, load);
      }
    } finally {
      paintBusy();
    }
  }

  async function refreshPreview(): Promise<void> {
    const seq = ++previewSeq;
    previewBox.setAttribute("aria-busy", "true");
    try {
      const next = await api.mappingPreview();
      if (seq !== previewSeq) return; // a newer change already asked again
      preview = next;
      previewError = null;
    } catch (e) {
      if (seq !== previewSeq) return;
      // Shown in place: e.g. WHOOP not connected yet shouldn't raise the banner on every edit.
      preview = null;
      previewError = (e as AppError).message;
    }
    previewBox.removeAttribute("aria-busy");
    renderPreview();
  }

  function onDayChange(): void {
    const name = daySelect.value;
    if (name) schedule("date", () => api.mappingSet("date", name));
  }

  function onPropertyChange(row: MappingRow, select: HTMLSelectElement): void {
    const name = select.value;
    if (!name) schedule(row.key, () => api.mappingUnset(row.key));
    // No unit: the engine picks the one that fits the column (text for text, else from the name).
    else schedule(row.key, () => api.mappingSet(row.key, name));
  }

  function onUnitChange(row: MappingRow, select: HTMLSelectElement): void {
    const name = row.property?.name;
    const unit = select.value as DurationUnit;
    if (name) schedule(`${row.key}:unit`, () => api.mappingSet(row.key, name, unit));
  }

  function propertySelect(row: MappingRow, problem: boolean): HTMLSelectElement {
    const mapped = row.property?.name ?? "";
    const options = [option("", NOT_WRITTEN, mapped === "")];
    // A mapped column that vanished or changed type is no longer "compatible": still show it,
    // selected and marked, rather than pretending it's unmapped.
    if (mapped && !row.compatible.includes(mapped)) options.push(option(mapped, `${mapped} (unavailable)`, true));
    for (const name of row.compatible) options.push(option(name, name, name === mapped));
    const select = h("select", {
      id: `metric-${row.key}`,
      "data-metric": row.key,
      "aria-describedby": problem ? `problem-${row.key}` : null,
      "aria-invalid": problem ? "true" : null,
    }, options);
    // Also set as a property: `selected` attributes alone aren't honoured by every DOM.
    select.value = mapped;
    select.addEventListener("change", () => { onPropertyChange(row, select); });
    return select;
  }

  /** °C/°F, kg/lb or cm/m/in for a mapped temperature, weight or height row. */
  function measureSelect(row: MappingRow): HTMLSelectElement | null {
    const choice = measureChoice(row);
    if (!choice || !row.property) return null;
    const property = row.property;
    const options: { value: string; label: string }[] = choice.options;
    const select = h("select", { "data-unit": row.key, "aria-label": `Unit for ${row.label}` },
      options.map((o) => option(o.value, o.label, o.value === choice.current)));
    select.value = choice.current;
    select.addEventListener("change", () => {
      const value = select.value;
      schedule(`${row.key}:unit`, () => {
        if (choice.field === "temperature") return api.mappingSetTemperature(row.key, property.name, value as Temperature);
        if (choice.field === "weight") return api.mappingSetMeasure(row.key, property.name, { weight: value as Weight });
        return api.mappingSetMeasure(row.key, property.name, { height: value as Height });
      });
    });
    return select;
  }

  function unitSelect(row: MappingRow, type: ColumnType | null): HTMLSelectElement | null {
    if (measureChoice(row)) return measureSelect(row);
    if (row.kind !== "duration" || !row.property) return null;
    const current = row.property.unit;
    const choices = unitOptions(type);
    const select = h("select", {
      "data-unit": row.key,
      "aria-label": `Unit for ${row.label}`,
      // A text column takes only "7h 42m": nothing to choose.
      disabled: choices.length === 1,
    }, choices.map((u) => option(u.value, u.label, u.value === current)));
    if (current) select.value = current;
    select.addEventListener("change", () => { onUnitChange(row, select); });
    return select;
  }

  function render(): void {
    if (!view) return;
    const v = view;
    show(body, true);
    const byKey = problemsByKey(v);
    const types = columnTypes(v);

    replace(title, "Into ", h("strong", null, v.database));

    replace(problems, v.problems.map((p) => {
      const label = p.key === "date" ? "Day key" : v.rows.find((r) => r.key === p.key)?.label ?? p.key;
      return h("li", { id: `problem-${p.key}`, "data-key": p.key }, h("strong", null, `${label}: `), p.message);
    }));
    show(problems, v.problems.length > 0);
    replace(warnings, v.warnings.map((w) => {
      const label = v.rows.find((r) => r.key === w.key)?.label ?? w.key;
      return h("li", { id: `warning-${w.key}`, "data-key": w.key }, h("strong", null, `${label}: `), w.message);
    }));
    show(warnings, v.warnings.length > 0);

    preserveFocus(el, () => {
      const dayName = v.day?.name ?? "";
      const dayOptions = [];
      if (!dayName) dayOptions.push(h("option", { value: "", selected: true, disabled: true }, "— choose a date property —"));
      else if (!v.dateProperties.includes(dayName)) dayOptions.push(option(dayName, `${dayName} (unavailable)`, true));
      for (const name of v.dateProperties) dayOptions.push(option(name, name, name === dayName));
      replace(daySelect, dayOptions);
      daySelect.value = dayName;
      daySelect.setAttribute("aria-invalid", String(byKey.has("date")));
      if (byKey.has("date")) daySelect.setAttribute("aria-describedby", "problem-date");
      else daySelect.removeAttribute("aria-describedby");

      replace(tbody, v.rows.map((row) => {
        const problem = byKey.has(row.key);
        return h("tr", { "data-key": row.key, class: problem ? "has-problem" : null },
          h("th", { scope: "row" }, h("label", { for: `metric-${row.key}` }, row.label), problem && h("span", { class: "warn", "aria-hidden": "true" }, " ⚠")),
          h("td", null, propertySelect(row, problem)),
          h("td", null, unitSelect(row, mappedColumnType(row, types))),
          h("td", { class: "value", "data-preview": row.key }),
        );
      }));
    });
    renderPreview();
  }

  function renderPreview(): void {
    const values = new Map((preview?.cells ?? []).map((c) => [c.key, c.value]));
    for (const cell of tbody.querySelectorAll<HTMLElement>("td[data-preview]")) {
      cell.textContent = values.get(cell.dataset.preview ?? "") ?? "";
    }
    if (previewError !== null) {
      replace(previewBox, h("span", { class: "muted" }, `No preview: ${previewError}`));
    } else if (!preview) {
      replace(previewBox, h("span", { class: "muted" }, "Loading preview…"));
    } else {
      replace(previewBox,
        preview.day
          ? h("span", null, "Preview: the row for ", h("strong", null, formatDay(preview.day)), " (the latest night) is in the last column.")
          : h("span", { class: "muted" }, "No night to preview yet."),
        preview.note && h("span", { class: "note" }, ` ${preview.note}`),
      );
    }
  }

  return {
    el,
    update(overview: Overview) {
      // A different database means a different schema: reload if we're showing, else on next show.
      if (loadedFor !== undefined && overview.notion.databaseId !== loadedFor) {
        loadedFor = undefined;
        if (active) void load();
      }
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
