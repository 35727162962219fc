import { describe, expect, it } from "vitest";
import { runs } from "../src/dev/fixtures";
import * as f from "../src/format";

describe("eta", () => {
  it("says when it can't tell yet", () => {
    expect(f.eta(null)).toBe("estimating time left…");
  });
  it("rounds like people do", () => {
    expect(f.eta(0)).toBe("almost done");
    expect(f.eta(42)).toBe("less than a minute left");
    expect(f.eta(60)).toBe("about 1 min left");
    expect(f.eta(61)).toBe("about 2 min left");
    expect(f.eta(125)).toBe("about 3 min left");
    expect(f.eta(3600)).toBe("about 1 h left");
    expect(f.eta(3600 + 25 * 60)).toBe("about 1 h 25 min left");
    expect(f.eta(2 * 3600 + 59 * 60 + 50)).toBe("about 3 h left");
  });
});

describe("backfill status", () => {
  it("shows done, total, percent and time left", () => {
    expect(f.backfillStatus({ done: 12, total: 30, exact: true, etaSeconds: 100 })).toBe("12 of 30 pages written (40%) · about 2 min left");
  });
  it("says finishing once every day is done", () => {
    expect(f.backfillStatus({ done: 30, total: 30, exact: true, etaSeconds: 0 })).toBe("30 of 30 pages written (100%) · finishing…");
  });
  it("handles one day and unknown time", () => {
    expect(f.backfillStatus({ done: 0, total: 1, exact: true, etaSeconds: null })).toBe("0 of 1 page written (0%) · estimating time left…");
  });
  it("says about while the total is an estimate", () => {
    expect(f.backfillStatus({ done: 1200, total: 1812, exact: false, etaSeconds: 204 }))
      .toBe("1,200 of about 1,812 pages written (66%) · about 4 min left");
  });
});

describe("percent", () => {
  it("clamps and never divides by zero", () => {
    expect(f.percent(1, 3)).toBe(33);
    expect(f.percent(5, 0)).toBe(0);
    expect(f.percent(12, 10)).toBe(100);
    expect(f.percent(-1, 10)).toBe(0);
  });
});

describe("counts", () => {
  it("always says created/updated/unchanged, the rest only when non-zero", () => {
    const zero = { created: 0, updated: 0, unchanged: 0, waiting: 0, skipped: 0, failed: 0 };
    expect(f.counts({ ...zero, created: 2, unchanged: 5 })).toBe("2 created · 0 updated · 5 unchanged");
    expect(f.counts({ ...zero, waiting: 1, failed: 2 })).toBe("0 created · 0 updated · 0 unchanged · 1 waiting · 2 failed");
  });
});

describe("run counts", () => {
  it("adds the workouts written, and those deleted in WHOOP, only when workouts were on", () => {
    const [withWorkouts, without] = runs();
    expect(f.runCounts(withWorkouts!)).toBe("1 created · 1 updated · 5 unchanged · 2 workouts written");
    expect(f.runCounts(without!)).toBe("0 created · 0 updated · 0 unchanged");
    const one = { ...withWorkouts!, workouts: { created: 0, updated: 1, unchanged: 0, waiting: 0, deletedInWhoop: ["Run"], unlinked: 0 } };
    expect(f.runCounts(one)).toBe("1 created · 1 updated · 5 unchanged · 1 workout written · 1 deleted in WHOOP");
  });
});

describe("dates", () => {
  it("reads a WHOOP day as a local calendar date, not UTC midnight", () => {
    expect(f.day("2026-11-25", "en-GB")).toBe("Wed 25 Nov");
    expect(f.day("not a day")).toBe("not a day");
  });
  it("says today / yesterday for recent moments", () => {
    const now = new Date(2026, 10, 25, 9, 30);
    expect(f.when(new Date(2026, 10, 25, 7, 5).toISOString(), now)).toBe("today 07:05");
    expect(f.when(new Date(2026, 10, 24, 23, 41).toISOString(), now)).toBe("yesterday 23:41");
    expect(f.when(new Date(2026, 10, 26, 0, 0).toISOString(), now)).toBe("tomorrow 00:00");
    expect(f.when(new Date(2026, 10, 20, 6, 0).toISOString(), now, "en-GB")).toBe("Fri 20 Nov 06:00");
  });
  it("follows a 12-hour clock", () => {
    const now = new Date(2026, 10, 25, 9, 30);
    expect(f.clock(new Date(2026, 10, 25, 0, 5), "12h")).toBe("12:05 AM");
    expect(f.clock(new Date(2026, 10, 25, 12, 0), "12h")).toBe("12:00 PM");
    expect(f.clock(new Date(2026, 10, 25, 19, 55), "12h")).toBe("7:55 PM");
    expect(f.clock(new Date(2026, 10, 25, 19, 55), "24h")).toBe("19:55");
    expect(f.when(new Date(2026, 10, 24, 23, 41).toISOString(), now, undefined, "12h")).toBe("yesterday 11:41 PM");
  });
});

describe("labels", () => {
  it("names triggers and passes unknown ones through", () => {
    expect(f.trigger("wake")).toBe("After wake");
    expect(f.trigger("manual")).toBe("Manual");
    expect(f.trigger("something-new")).toBe("something-new");
  });
  it("marks dry runs", () => {
    const run = { status: "ok", dryRun: true } as Parameters<typeof f.runResult>[0];
    expect(f.runResult(run)).toBe("OK (dry run)");
  });
});
