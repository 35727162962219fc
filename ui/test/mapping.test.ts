import { beforeEach, describe, expect, it } from "vitest";
import type { MappingView } from "../src/api/types";
import * as fx from "../src/dev/fixtures";
import { day } from "../src/format";
import { columnTypes, mappedColumnType, unitOptions } from "../src/mapping-logic";
import { mappingTiming } from "../src/screens/mapping";
import { connectedShell, type FakeTransport } from "./fake-transport";
import { $, $$, choose, click, mount, settle } from "./helpers";

async function openMapping(shell: FakeTransport = connectedShell()): Promise<FakeTransport> {
  await mount(shell);
  await click("#tab-mapping");
  return shell;
}

const unitValues = (key: string) => $$<HTMLOptionElement>(`select[data-unit="${key}"] option`).map((o) => o.value);

describe("mapping screen", () => {
  beforeEach(() => { mappingTiming.settleMs = 0; });

  it("renders one property select per metric with its compatible properties", async () => {
    await openMapping();
    const selects = $$<HTMLSelectElement>("#mapping-table select[data-metric]");
    expect(selects.map((s) => s.dataset.metric)).toEqual(fx.METRICS.map((m) => m.key));
    const recovery = $<HTMLSelectElement>('select[data-metric="recovery_score"]');
    expect(recovery.value).toBe("Recovery");
    const options = [...recovery.options].map((o) => o.textContent);
    expect(options[0]).toBe("— not written —");
    // Numbers and text, never dates, checkboxes or the title.
    expect(options).toContain("Notes");
    expect(options).not.toContain("Date");
    expect(options).not.toContain("Workout");
    expect(options).not.toContain("Name");
    expect($<HTMLSelectElement>('select[data-metric="spo2"]').value).toBe("");
    expect($<HTMLSelectElement>("#mapping-day").value).toBe("Date");
    // Clock metrics can go into date columns.
    expect([...$<HTMLSelectElement>('select[data-metric="bedtime"]').options].map((o) => o.value)).toContain("Went to bed");
  });

  it("calls mapping_set with the metric and property (engine picks the unit), then refreshes the preview", async () => {
    const after = fx.mappingView({ ...fx.DEFAULT_MAPPING, metrics: { ...fx.DEFAULT_MAPPING.metrics, spo2: { column: "t2" } } });
    const shell = connectedShell().answer("mapping_set", after);
    await openMapping(shell);
    const previews = shell.callsOf("mapping_preview").length;
    await choose($<HTMLSelectElement>('select[data-metric="spo2"]'), "Notes");
    expect(shell.callsOf("mapping_set")).toEqual([{ key: "spo2", property: "Notes" }]);
    expect(shell.callsOf("mapping_preview").length).toBe(previews + 1);
    expect($<HTMLSelectElement>('select[data-metric="spo2"]').value).toBe("Notes");
  });

  it("calls mapping_unset for “— not written —”", async () => {
    const shell = connectedShell().on("mapping_unset", () => fx.mappingView({ ...fx.DEFAULT_MAPPING, metrics: {} }));
    await openMapping(shell);
    await choose($<HTMLSelectElement>('select[data-metric="hrv"]'), "");
    expect(shell.callsOf("mapping_unset")).toEqual([{ key: "hrv" }]);
    expect(shell.callsOf("mapping_set")).toEqual([]);
  });

  it("sends the unit with the current property when the unit changes", async () => {
    const shell = connectedShell().answer("mapping_set", fx.mappingView());
    await openMapping(shell);
    await choose($<HTMLSelectElement>('select[data-unit="sleep_time"]'), "minutes");
    expect(shell.callsOf("mapping_set")).toEqual([{ key: "sleep_time", property: "Time asleep (h)", unit: "minutes" }]);
  });

  it("offers °C / °F for mapped skin temperature and sends the choice with its property", async () => {
    const withSkin = fx.mappingView({ ...fx.DEFAULT_MAPPING, metrics: { ...fx.DEFAULT_MAPPING.metrics, skin_temp: { column: "t2" } } });
    const shell = connectedShell().answer("mapping_get", withSkin).answer("mapping_set", withSkin);
    await openMapping(shell);
    expect(unitValues("skin_temp")).toEqual(["celsius", "fahrenheit"]);
    // Nothing chosen yet is °C, as WHOOP gives it.
    expect($<HTMLSelectElement>('select[data-unit="skin_temp"]').value).toBe("celsius");
    await choose($<HTMLSelectElement>('select[data-unit="skin_temp"]'), "fahrenheit");
    expect(shell.callsOf("mapping_set")).toEqual([{ key: "skin_temp", property: "Notes", temperature: "fahrenheit" }]);
  });

  it("offers kg / lb for a mapped weight and cm / m / in for a height, and sends the choice with its property", async () => {
    const withBody = fx.mappingView({
      ...fx.DEFAULT_MAPPING,
      metrics: { ...fx.DEFAULT_MAPPING.metrics, body_weight: { column: "t2" }, body_height: { column: "t1", height: "inches" } },
    });
    const shell = connectedShell().answer("mapping_get", withBody).answer("mapping_set", withBody);
    await openMapping(shell);
    expect(unitValues("body_weight")).toEqual(["kilograms", "pounds"]);
    expect(unitValues("body_height")).toEqual(["centimeters", "meters", "inches"]);
    // Nothing chosen yet is kg, as WHOOP gives it; a choice made is shown.
    expect($<HTMLSelectElement>('select[data-unit="body_weight"]').value).toBe("kilograms");
    expect($<HTMLSelectElement>('select[data-unit="body_height"]').value).toBe("inches");
    // The day's max heart rate and WHOOP's estimate of yours are two rows, neither with a unit.
    expect(document.querySelector('select[data-unit="body_max_heart_rate"]')).toBeNull();
    await choose($<HTMLSelectElement>('select[data-unit="body_weight"]'), "pounds");
    await choose($<HTMLSelectElement>('select[data-unit="body_height"]'), "centimeters");
    expect(shell.callsOf("mapping_set")).toEqual([
      { key: "body_weight", property: "Notes", weight: "pounds" },
      { key: "body_height", property: "Sleep summary", height: "centimeters" },
    ]);
  });

  it("offers no temperature unit while skin temperature is not written", async () => {
    await openMapping();
    expect(document.querySelector('select[data-unit="skin_temp"]')).toBeNull();
  });

  it("offers hours/minutes/ms for number columns and only text for text columns", async () => {
    await openMapping();
    expect(unitValues("sleep_time")).toEqual(["hours", "minutes", "ms"]);
    expect($<HTMLSelectElement>('select[data-unit="deep_sleep"]').value).toBe("minutes");
    expect(unitValues("light_sleep")).toEqual(["text"]);
    expect($<HTMLSelectElement>('select[data-unit="light_sleep"]').disabled).toBe(true);
    // Unmapped durations and non-durations have no unit to choose.
    expect(document.querySelector('select[data-unit="rem_sleep"]')).toBeNull();
    expect(document.querySelector('select[data-unit="recovery_score"]')).toBeNull();
  });

  it("sends only the last of several quick changes to one row (arrowing through a select)", async () => {
    mappingTiming.settleMs = 30;
    const shell = connectedShell().answer("mapping_set", fx.mappingView());
    await openMapping(shell);
    const select = $<HTMLSelectElement>('select[data-metric="spo2"]');
    await choose(select, "Recovery");
    await choose(select, "RHR");
    await choose(select, "Notes");
    expect(shell.callsOf("mapping_set")).toEqual([]);
    // Busy while the change waits, so nobody (user, screen reader, e2e test) acts on a stale table.
    expect($("#mapping-table").getAttribute("aria-busy")).toBe("true");
    await new Promise((resolve) => setTimeout(resolve, 60));
    await settle();
    expect(shell.callsOf("mapping_set")).toEqual([{ key: "spo2", property: "Notes" }]);
    expect(document.querySelector("[aria-busy='true']")).toBeNull();
  });

  it("sets the day key with key \"date\"", async () => {
    const shell = connectedShell().answer("mapping_set", fx.mappingView({ ...fx.DEFAULT_MAPPING, day: "d2" }));
    await openMapping(shell);
    await choose($<HTMLSelectElement>("#mapping-day"), "Went to bed");
    expect(shell.callsOf("mapping_set")).toEqual([{ key: "date", property: "Went to bed" }]);
  });

  it("Propose from names calls mapping_auto", async () => {
    const shell = connectedShell().answer("mapping_auto", fx.mappingView());
    await openMapping(shell);
    await click("#mapping-auto");
    expect(shell.callsOf("mapping_auto")).toHaveLength(1);
  });

  it("warns about vanished properties on their row and keeps them visible", async () => {
    const columns = fx.COLUMNS.filter((c) => c.id !== "n3"); // "HRV (ms)" deleted in Notion
    const view: MappingView = fx.mappingView(fx.DEFAULT_MAPPING, columns);
    view.rows = view.rows.map((r) => (r.key === "hrv" ? { ...r, property: { id: "n3", name: "HRV (ms)" } } : r));
    await openMapping(connectedShell().answer("mapping_get", view));
    expect($("#mapping-problems").hidden).toBe(false);
    expect($('#mapping-problems li[data-key="hrv"]').textContent).toContain("HRV:");
    expect($('tr[data-key="hrv"]').classList.contains("has-problem")).toBe(true);
    const hrv = $<HTMLSelectElement>('select[data-metric="hrv"]');
    expect(hrv.value).toBe("HRV (ms)");
    expect(hrv.selectedOptions[0]?.textContent).toBe("HRV (ms) (unavailable)");
    expect(hrv.getAttribute("aria-describedby")).toBe("problem-hrv");
  });

  it("lists columns whose number format shows a metric wrong, apart from the problems", async () => {
    const view: MappingView = fx.mappingView();
    expect(view.problems).toEqual([]);
    view.warnings = [{ key: "sleep_time", message: "\"Sleep\" is formatted as a percent (9.08 shows as 908%) in Notion" }];
    await openMapping(connectedShell().answer("mapping_get", view));
    expect($("#mapping-problems").hidden).toBe(true);
    expect($("#mapping-warnings").hidden).toBe(false);
    const label = view.rows.find((r) => r.key === "sleep_time")?.label ?? "";
    expect($('#mapping-warnings li[data-key="sleep_time"]').textContent).toBe(`${label}: ${view.warnings[0]?.message ?? ""}`);
  });

  it("shows no format list when every column fits", async () => {
    await openMapping();
    expect($("#mapping-warnings").hidden).toBe(true);
  });

  it("shows the preview values on their rows and the night's day", async () => {
    await openMapping();
    expect($('td[data-preview="recovery_score"]').textContent).toBe("78%");
    expect($('td[data-preview="spo2"]').textContent).toBe("");
    expect($("#mapping-preview").textContent).toContain(day("2026-11-25"));
  });

  it("explains in place when no database is chosen", async () => {
    const shell = connectedShell().reject("mapping_get", { code: "no_database", message: "Choose a database" });
    await openMapping(shell);
    expect($("#mapping-empty").hidden).toBe(false);
    expect($("#error-banner").hidden).toBe(true);
  });

  it("puts the select back when the shell refuses a change", async () => {
    const shell = connectedShell().reject("mapping_set", { code: "invalid_input", message: "no such property" });
    await openMapping(shell);
    await choose($<HTMLSelectElement>('select[data-metric="recovery_score"]'), "Notes");
    expect($<HTMLSelectElement>('select[data-metric="recovery_score"]').value).toBe("Recovery");
    expect($("#error-banner").dataset.code).toBe("invalid_input");
  });
});

describe("column types", () => {
  it("reads number, text and date columns from the listed properties", () => {
    const types = columnTypes(fx.mappingView());
    expect(types.get("Time asleep (h)")).toBe("number");
    expect(types.get("Notes")).toBe("text");
    expect(types.get("Went to bed")).toBe("date");
    expect(types.has("Workout")).toBe(false);
  });

  it("types only number, text and date properties, and only the listed ones", () => {
    const view = {
      ...fx.mappingView(),
      properties: [
        { id: "a", name: "Mood text", kind: "rich_text", numberFormat: null, options: [], relation: null },
        { id: "b", name: "Hours", kind: "number", numberFormat: "number", options: [], relation: null },
        { id: "c", name: "When", kind: "date", numberFormat: null, options: [], relation: null },
        { id: "d", name: "Done", kind: "checkbox", numberFormat: null, options: [], relation: null },
      ],
    };
    const types = columnTypes(view);
    expect(types.get("Mood text")).toBe("text");
    expect(types.get("Hours")).toBe("number");
    expect(types.get("When")).toBe("date");
    expect(types.has("Done")).toBe(false);
    // Names from the metrics' compatible lists alone don't count.
    expect(types.has("Notes")).toBe(false);
  });

  it("trusts the stored unit over the column's type, and falls back to it", () => {
    const view = fx.mappingView();
    const types = columnTypes(view);
    const row = view.rows.find((r) => r.key === "sleep_time");
    if (!row) throw new Error("fixture has sleep_time");
    expect(mappedColumnType({ ...row, property: { id: "t2", name: "Notes", unit: "text" } }, types)).toBe("text");
    expect(mappedColumnType({ ...row, property: { id: "t2", name: "Notes" } }, types)).toBe("text");
    expect(mappedColumnType({ ...row, property: null }, types)).toBeNull();
    expect(unitOptions(null).map((u) => u.value)).toEqual(["hours", "minutes", "ms", "text"]);
  });
});
