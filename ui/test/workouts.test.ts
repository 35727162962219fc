import { afterEach, describe, expect, it } from "vitest";
import * as fx from "../src/dev/fixtures";
import { workoutPreview, workoutsDatabase } from "../src/dev/workouts-fixtures";
import { syncResult } from "../src/components/header";
import { backfillDone } from "../src/screens/settings";
import { connectedShell } from "./fake-transport";
import { $, $$, choose, click, mount, submit, visible } from "./helpers";

afterEach(() => { localStorage.clear(); });

const select = (id: string) => $<HTMLSelectElement>(`#${id}`);

describe("Settings → Workouts", () => {
  it("is off at first and creates the database beside the daily one, then shows its mapping", async () => {
    const shell = connectedShell().answer("workouts_show", null)
      .on("workouts_create_database", (a) => workoutsDatabase(undefined, { title: a.title ?? "Workouts" }));
    await mount(shell);
    await click("#tab-settings");
    expect(visible($("#workouts-off"))).toBe(true);
    expect(visible($("#workouts-on"))).toBe(false);
    await click("#workouts-add");
    expect(visible($("#workouts-setup"))).toBe(true);
    // Beside the daily database first, then the pages the connection sees.
    expect($$<HTMLOptionElement>("#workouts-create-parent option").map((o) => o.textContent)).toEqual([
      "Beside “Daily Tracking” (in the same page)", "In “Health”", "In “Journal”",
    ]);
    // The daily database isn't offered for workouts.
    expect($$("#workouts-databases button").map((b) => b.dataset.id)).toEqual(["ds-reading"]);
    await choose(select("workouts-create-energy"), "kj");
    await submit("#workouts-create-form");
    expect(shell.callsOf("workouts_create_database")).toEqual([{ energy: "kj", title: "Workouts" }]);
    expect(visible($("#workouts-setup"))).toBe(false);
    expect($("#workouts-database").textContent).toBe("Into Workouts");
    expect(select("workout-strain").value).toBe("w-strain");
    expect(select("workout-energy_kj").value).toBe("");
    expect($$("#workouts-table tbody tr")).toHaveLength(18);
    expect(visible($("#workouts-day-link"))).toBe(false);
    // The new database's mapping is previewed straight away.
    expect(shell.callsOf("workouts_preview")).toHaveLength(1);
    expect($("td[data-preview='strain']").textContent).toBe("11.2");
  });

  it("creates it in a page the user picks when the daily database has none around it", async () => {
    const beside = { code: "invalid_input" as const, message: "“Daily Tracking” isn't inside a page, so the Workouts database has no place beside it; choose a page to create it in" };
    const shell = connectedShell().answer("workouts_show", null)
      .on("workouts_create_database", (a) => { if (a.parent === undefined) throw beside; return workoutsDatabase(); });
    await mount(shell);
    await click("#tab-settings");
    await click("#workouts-add");
    await submit("#workouts-create-form");
    expect($("#error-banner").textContent).toContain("choose a page to create it in");
    expect(visible($("#workouts-setup"))).toBe(true);
    await choose(select("workouts-create-parent"), "page-health");
    await submit("#workouts-create-form");
    expect(shell.callsOf("workouts_create_database").at(-1)).toEqual({ energy: "kcal", title: "Workouts", parent: "page-health" });
    expect(visible($("#workouts-on"))).toBe(true);
  });

  it("uses a database the connection sees", async () => {
    const shell = connectedShell().answer("workouts_show", null).on("workouts_use", () => workoutsDatabase({}));
    await mount(shell);
    await click("#tab-settings");
    await click("#workouts-add");
    await click($$("#workouts-databases button")[0] ?? "#missing");
    expect(shell.callsOf("workouts_use")).toEqual([{ database: "ds-reading" }]);
    expect(select("workout-strain").value).toBe("");
  });

  it("maps by column id, with a unit for durations, and unmaps", async () => {
    const shell = connectedShell().answer("workouts_show", workoutsDatabase())
      .on("workouts_map", (a) => workoutsDatabase({ duration: { id: "w-duration", unit: a.unit ?? "minutes" } }));
    await mount(shell);
    await click("#tab-settings");
    await choose(select("workout-strain"), "");
    const unit = $<HTMLSelectElement>("select[data-unit='duration']");
    expect([...unit.options].map((o) => o.value)).toEqual(["hours", "minutes", "ms"]);
    await choose(unit, "hours");
    expect(shell.callsOf("workouts_map")).toEqual([
      { field: "strain" },
      { field: "duration", property: "w-duration", unit: "hours" },
    ]);
    // The answer is what is saved: strain unmapped, duration in hours.
    expect(select("workout-strain").value).toBe("");
    expect($<HTMLSelectElement>("select[data-unit='duration']").value).toBe("hours");
    expect($("#workouts-table").getAttribute("aria-busy")).toBeNull();
  });

  it("previews the newest workout through the mapping, again after each change", async () => {
    const shell = connectedShell().answer("workouts_show", workoutsDatabase())
      .on("workouts_map", () => workoutsDatabase({ sport: { id: "w-sport" } }));
    await mount(shell);
    await click("#tab-settings");
    expect($("#workouts-preview").textContent).toContain("“Running · 07:10”");
    expect($("td[data-preview='strain']").textContent).toBe("11.2");
    expect($("td[data-preview='day']").textContent).toBe("→ 2026-11-25");
    const before = shell.callsOf("workouts_preview").length;
    shell.answer("workouts_preview", workoutPreview({ sport: { id: "w-sport" } }));
    await choose(select("workout-strain"), "");
    expect(shell.callsOf("workouts_preview").length).toBe(before + 1);
    expect($("td[data-preview='strain']").textContent).toBe("");
    expect($("td[data-preview='sport']").textContent).toBe("Running");
  });

  it("shows problems in words and offers the link to the days, saying what it changes", async () => {
    const unlinked = workoutsDatabase({ strain: { id: "gone" } }, {
      canAddDayLink: true,
      problems: [{ key: "strain", message: "the column \"Strain\" was deleted in Notion" }],
    });
    const shell = connectedShell().answer("workouts_show", unlinked).on("workouts_add_day_link", () => workoutsDatabase());
    await mount(shell);
    await click("#tab-settings");
    expect($("#workouts-problem-strain").textContent).toBe("Strain: the column \"Strain\" was deleted in Notion");
    expect(select("workout-strain").getAttribute("aria-invalid")).toBe("true");
    expect(select("workout-strain").selectedOptions[0]?.textContent).toBe("gone (unavailable)");
    const text = $("#workouts-day-link-text").textContent;
    expect(text).toContain("“Workouts”");
    expect(text).toContain("“Daily Tracking”");
    expect(text).toContain("adds a column to both databases");
    await click("#workouts-add-day-link");
    expect(shell.callsOf("workouts_add_day_link")).toHaveLength(1);
    expect(visible($("#workouts-day-link"))).toBe(false);
  });

  it("turns off, saying the database and its pages stay", async () => {
    const shell = connectedShell().answer("workouts_show", workoutsDatabase()).on("workouts_off", () => null);
    await mount(shell);
    await click("#tab-settings");
    expect($("#workouts-on").textContent).toContain("The Workouts database and its pages stay in Notion.");
    await click("#workouts-turn-off");
    expect(shell.callsOf("workouts_off")).toHaveLength(1);
    expect(visible($("#workouts-off"))).toBe(true);
    expect(visible($("#workouts-on"))).toBe(false);
  });

  it("asks for the daily database first, in place", async () => {
    const shell = connectedShell().answer("overview", fx.overview({ notion: { ...fx.overview().notion, database: null, databaseId: null, databaseUrl: null } }))
      .answer("workouts_show", null);
    await mount(shell);
    await click("#tab-settings");
    expect(visible($("#workouts-needs-setup"))).toBe(true);
    expect(visible($("#workouts-off"))).toBe(false);
  });
});

describe("a sync's result", () => {
  it("counts the workouts written and the ones WHOOP deleted, whose pages stay", () => {
    const workouts = { created: 2, updated: 1, unchanged: 4, waiting: 0, deletedInWhoop: ["page-1"], unlinked: 0 };
    expect(syncResult(fx.syncReport({ workouts }))).toBe(
      "Synced: 1 created, 0 updated, 6 unchanged. 3 workouts written. 1 workout was deleted in WHOOP; its page stays in Notion.");
    expect(backfillDone(fx.syncReport({ workouts: { ...workouts, created: 1, updated: 0, deletedInWhoop: ["a", "b"] } }))).toBe(
      "Done: 1 created, 0 updated, 6 unchanged. 1 workout written. 2 workouts were deleted in WHOOP; their pages stay in Notion.");
    // Nothing to say: nothing added.
    expect(syncResult(fx.syncReport({ workouts: { ...workouts, created: 0, updated: 0, deletedInWhoop: [] } }))).toBe(
      "Synced: 1 created, 0 updated, 6 unchanged.");
  });
});

describe("the ask to connect WHOOP again for workouts", () => {
  it("shows when workouts are among the missing scopes, and not for the body's alone", async () => {
    await mount(connectedShell().answer("overview", fx.overview({ needsWhoopScope: "read:body_measurement read:workout" })));
    expect(visible($("#workouts-reconnect"))).toBe(true);
    document.body.replaceChildren();
    await mount(connectedShell().answer("overview", fx.overview({ needsWhoopScope: "read:body_measurement" })));
    expect(visible($("#workouts-reconnect"))).toBe(false);
  });

  it("shows once and starts the WHOOP sign-in with the saved app", async () => {
    const shell = connectedShell().answer("overview", fx.overview({ needsWhoopScope: "read:workout" }))
      .answer("whoop_connect", { authorizeUrl: "https://whoop.example/auth", listens: true, appLink: false });
    await mount(shell);
    const ask = $("#workouts-reconnect");
    expect(visible(ask)).toBe(true);
    expect(ask.textContent).toContain("Connect WHOOP again to add workouts");
    await click("#workouts-reconnect-connect");
    expect(visible(ask)).toBe(false);
    expect(shell.callsOf("whoop_connect")).toHaveLength(1);
    expect(shell.callsOf("whoop_connect")[0]?.clientSecret).toBe("");
    expect(visible($("#panel-connect"))).toBe(true);
    // Remembered: not again in the next window.
    document.body.replaceChildren();
    await mount(connectedShell().answer("overview", fx.overview({ needsWhoopScope: "read:workout" })));
    expect(visible($("#workouts-reconnect"))).toBe(false);
  });

  it("isn't shown when the sign-in reads workouts, and can be put off", async () => {
    await mount(connectedShell());
    expect(visible($("#workouts-reconnect"))).toBe(false);
    document.body.replaceChildren();
    await mount(connectedShell().answer("overview", fx.overview({ needsWhoopScope: "read:workout" })));
    await click("#workouts-reconnect-dismiss");
    expect(visible($("#workouts-reconnect"))).toBe(false);
  });
});
