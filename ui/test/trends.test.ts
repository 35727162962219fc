import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Trends, TrendSeries } from "../src/api/types";
import * as fx from "../src/dev/fixtures";
import { connectedShell } from "./fake-transport";
import { $, $$, click, mount, settle } from "./helpers";

// The charts need a canvas (uPlot), which the test DOM hasn't: a stand-in records what it was
// asked to draw and marks the figures as the real module does.
const drawn = vi.hoisted(() => ({ calls: [] as Trends[], destroyed: 0 }));
vi.mock("../src/screens/trends-charts", () => ({
  drawCharts(trends: Trends, figureFor: (s: TrendSeries) => HTMLElement | null) {
    drawn.calls.push(trends);
    for (const s of trends.series) {
      const figure = figureFor(s);
      if (figure) figure.dataset.points = String(s.values.filter((v) => v !== null).length);
    }
    return { destroy: () => { drawn.destroyed++; } };
  },
}));

/** Opens the tab and waits for its code (a dynamic import) and first answer. */
async function openTrends(): Promise<void> {
  await click("#tab-trends");
  await vi.waitFor(() => {
    if (!document.getElementById("trends-range")) throw new Error("the Trends screen isn't loaded yet");
  }, { timeout: 10_000 }); // its first import is compiled on demand, slow on a busy machine
  await settle();
}

beforeEach(() => {
  drawn.calls = [];
  drawn.destroyed = 0;
});

describe("trends screen", () => {
  it("asks for nothing until the tab opens, then the last 30 days", async () => {
    const shell = connectedShell();
    await mount(shell);
    expect(shell.callsOf("trends")).toEqual([]);
    expect(drawn.calls).toHaveLength(0);
    await openTrends();
    expect(shell.callsOf("trends")).toEqual([{ days: 30 }]);
    expect(drawn.calls).toHaveLength(1);
    expect($$("#trends-charts figure").map((f) => f.dataset.key)).toEqual(["recovery_score", "hrv", "resting_heart_rate", "sleep_time"]);
    expect($("#trend-recovery_score").dataset.points).toBe("29");
    expect($("#trends-summary").textContent).toBe("29 of the last 30 days have numbers.");
    // The charts are pictures to a screen reader, named with what they show.
    const recovery = $("#trend-recovery_score");
    expect(recovery.getAttribute("role")).toBe("img");
    expect(recovery.getAttribute("aria-label")).toMatch(/^Recovery, last 30 days: \d+% · 7-day average \d+%\./);
    expect(document.querySelector("[aria-busy='true']")).toBeNull();
  });

  it("gives the same numbers as a real table, one row per day with numbers", async () => {
    await mount(connectedShell());
    await openTrends();
    const table = $<HTMLTableElement>("#trends-table");
    expect(table.caption?.textContent).toBe("Numbers of the last 30 days, newest first (29 days with numbers)");
    expect($$("#trends-table thead th").map((th) => [th.textContent, th.getAttribute("scope")])).toEqual([
      ["Day", "col"], ["Recovery", "col"], ["HRV", "col"], ["Resting HR", "col"], ["Asleep", "col"],
    ]);
    const rows = $$("#trends-table tbody tr");
    expect(rows).toHaveLength(29);
    expect(rows[0]?.dataset.day).toBe("2026-11-25");
    expect(rows.some((r) => r.dataset.day === "2026-11-23")).toBe(false);
    expect(rows[0]?.querySelector("th")?.getAttribute("scope")).toBe("row");
    const data = fx.trends(30);
    const recovery = rows[0]?.querySelector("td");
    expect(recovery?.textContent).toContain(data.series[0]?.display[29] ?? "?");
    expect(recovery?.textContent).toContain(`7-day ${data.series[0]?.averageDisplay[29] ?? "?"}`);
    expect(recovery?.querySelector(".band")?.className).toMatch(/value band (green|yellow|red)/);
    // The table is reachable by keyboard: a focusable region named by its caption.
    const region = $("#trends-table-region");
    expect(region.tabIndex).toBe(0);
    expect(region.getAttribute("aria-labelledby")).toBe("trends-caption");
    await click("#trends-to-table");
    expect(document.activeElement).toBe(region);
  });

  it("switches the period and redraws", async () => {
    const shell = connectedShell();
    await mount(shell);
    await openTrends();
    await click('#trends-range button[data-days="90"]');
    await settle();
    expect(shell.callsOf("trends")).toEqual([{ days: 30 }, { days: 90 }]);
    expect($('#trends-range button[data-days="90"]').getAttribute("aria-pressed")).toBe("true");
    expect($('#trends-range button[data-days="30"]').getAttribute("aria-pressed")).toBe("false");
    expect(drawn.calls.at(-1)?.days).toHaveLength(90);
    expect(drawn.destroyed).toBeGreaterThan(0);
    expect($$("#trends-table tbody tr")).toHaveLength(89);
  });

  it("reloads when a sync finishes while shown", async () => {
    const shell = connectedShell();
    await mount(shell);
    await openTrends();
    shell.emit("overview", fx.overview({ syncing: true }));
    shell.emit("overview", fx.overview({ syncing: false, lastSync: "2026-11-25T08:00:00Z" }));
    await settle();
    expect(shell.callsOf("trends")).toHaveLength(2);
  });

  it("with nothing synced says so and offers to bring days over", async () => {
    const none = fx.trends(30, "2026-11-25", fx.trends(30).days);
    const app = await mount(connectedShell().answer("trends", none));
    await openTrends();
    expect($("#trends-summary").textContent).toBe("No numbers synced for the last 30 days yet.");
    expect($("#trends-charts").hidden).toBe(true);
    expect($("#trends-table-region").hidden).toBe(true);
    await click("#trends-backfill");
    expect(app.tab()).toBe("settings");
    expect(document.activeElement?.id).toBe("backfill-days");
  });

  it("offers earlier days when the history starts within the period", async () => {
    const recent = fx.trends(30, "2026-11-25", fx.trends(30).days.slice(0, 23));
    await mount(connectedShell().answer("trends", recent));
    await openTrends();
    expect($("#trends-backfill").hidden).toBe(false);
    expect($("#trends-summary").textContent).toBe("7 of the last 30 days have numbers.");
  });

  it("shows a failure in the banner and keeps the tab usable", async () => {
    await mount(connectedShell().reject("trends", { code: "internal", message: "The history can't be read." }));
    await openTrends();
    expect($("#error-banner").textContent).toContain("The history can't be read.");
    expect(document.querySelector("[aria-busy='true']")).toBeNull();
  });
});
