import { describe, expect, it } from "vitest";
import * as fx from "../src/dev/fixtures";
import * as t from "../src/trends-format";

describe("recovery bands", () => {
  it("are WHOOP's: green 67–100, yellow 34–66, red 0–33", () => {
    expect([100, 67, 66.6, 66, 34, 33.6, 33, 0].map(t.band)).toEqual(
      ["green", "green", "green", "yellow", "yellow", "yellow", "red", "red"]);
  });
  it("split a series into one per band, keeping the days in place", () => {
    expect(t.bandSeries([80, null, 50, 20, 67])).toEqual({
      green: [80, null, null, null, 67],
      yellow: [null, null, 50, null, null],
      red: [null, null, null, 20, null],
    });
  });
});

describe("chart numbers", () => {
  it("counts the days that have a number", () => {
    expect(t.countPoints([1, null, 0, undefined, 3])).toBe(3);
    expect(t.countPoints([])).toBe(0);
  });
  it("labels an axis in the series' unit", () => {
    expect(t.axisValue({ unit: "%" }, 50)).toBe("50%");
    expect(t.axisValue({ unit: "h" }, 7.5)).toBe("7.5h");
    expect(t.axisValue({ unit: "h" }, 6.66666)).toBe("6.7h");
    expect(t.axisValue({ unit: "ms" }, 62)).toBe("62");
  });
  it("places a day at its local midnight", () => {
    expect(new Date(t.dayStamp("2026-11-25") * 1000)).toEqual(new Date(2026, 10, 25));
  });
});

describe("words", () => {
  it("sums up how many days have numbers", () => {
    expect(t.summary(fx.trends(30))).toBe("29 of the last 30 days have numbers.");
    expect(t.summary(fx.trends(30, "2026-11-25", []))).toBe("Every one of the last 30 days has numbers.");
    const none = fx.trends(2, "2026-11-25", ["2026-11-24", "2026-11-25"]);
    expect(t.summary(none)).toBe("No numbers synced for the last 2 days yet.");
    expect(t.summary(fx.trends(2, "2026-11-25", ["2026-11-24"]))).toBe("1 of the last 2 days has numbers.");
  });
  it("gives the latest number with its average, skipping days without", () => {
    const recovery = fx.trends(7, "2026-11-25", ["2026-11-25"]).series[0];
    if (!recovery) throw new Error("no series");
    const i = recovery.values.length - 2;
    expect(t.latest(recovery)).toBe(`${recovery.display[i] ?? ""} · 7-day average ${recovery.averageDisplay[i] ?? ""}`);
    expect(t.latest({ ...recovery, display: recovery.display.map(() => null) })).toBe("no numbers");
  });
  it("shortens long column names", () => {
    expect(fx.trends(1).series.map(t.shortLabel)).toEqual(["Recovery", "HRV", "Resting HR", "Asleep"]);
  });
});

describe("table rows", () => {
  it("lists each day with a number once, newest first, with its band and average", () => {
    const data = fx.trends(5, "2026-11-25", ["2026-11-23"]);
    const rows = t.tableRows(data, "en-GB");
    expect(rows.map((r) => r.day)).toEqual(["2026-11-25", "2026-11-24", "2026-11-22", "2026-11-21"]);
    expect(rows[0]?.label).toBe("Wed 25 Nov");
    const first = rows[0]?.cells ?? [];
    expect(first).toHaveLength(4);
    const recovery = data.series[0];
    expect(first[0]).toEqual({
      value: recovery?.display[4],
      band: t.band(recovery?.values[4] ?? -1),
      average: recovery?.averageDisplay[4],
    });
    // Only recovery has bands.
    expect(first.slice(1).map((c) => c.band)).toEqual([null, null, null]);
  });
  it("keeps a day that has only some numbers, with empty cells for the others", () => {
    const data = fx.trends(1, "2026-11-25", []);
    data.series = data.series.map((s, i) => (i === 1 ? { ...s, values: [null], display: [null] } : s));
    const [row] = t.tableRows(data);
    expect(row?.cells[1]?.value).toBeNull();
    expect(row?.cells[0]?.value).not.toBeNull();
  });
});

describe("the charts' language", () => {
  it("replaces a POSIX locale name Intl refuses, and keeps a good one", async () => {
    const { ensureUsableLanguage } = await import("../src/screens/chart-locale");
    const posix = { language: "C" };
    expect(() => new Intl.NumberFormat(posix.language)).toThrow(RangeError);
    const now = ensureUsableLanguage(posix);
    expect(now).not.toBe("C");
    expect(() => new Intl.NumberFormat(now)).not.toThrow();
    expect(ensureUsableLanguage({ language: "de-DE" })).toBe("de-DE");
  });
});
