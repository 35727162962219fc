import { describe, expect, it } from "vitest";
import * as fx from "../src/dev/fixtures";
import { connectedShell } from "./fake-transport";
import { suggestedName } from "../src/screens/history-export";
import { $, $$, choose, click, mount, settle } from "./helpers";

describe("history screen", () => {
  it("lists runs newest first with why, result and counts", async () => {
    const shell = connectedShell();
    const app = await mount(shell);
    expect(app.tab()).toBe("history");
    expect(shell.callsOf("history")).toEqual([{ limit: 50 }]);
    const rows = $$("#history-table tr[data-run-id]");
    expect(rows.map((r) => r.dataset.runId)).toEqual(["42", "41", "40"]);
    expect(rows[0]?.textContent).toContain("After wake");
    expect(rows[0]?.textContent).toContain("1 created · 1 updated · 5 unchanged · 2 workouts written");
    expect(rows[1]?.textContent).toContain("Failed");
    expect(rows[2]?.textContent).toContain("1 skipped");
  });

  // The oldest fixture run started at 21:30 UTC; the test's zone decides the local hour.
  const startedHour = new Date("2026-11-20T21:30:00Z").getHours();
  const oldestRun = () => $$("#history-table tr[data-run-id]")[2]?.textContent ?? "";

  it("shows when runs started in a 12-hour clock when that is the user's", async () => {
    await mount(connectedShell().answer("overview", fx.overview({ units: { clock: "12h", temperature: "fahrenheit", weight: "pounds", height: "inches" } })));
    const h = startedHour;
    expect(oldestRun()).toContain(`${h % 12 === 0 ? 12 : h % 12}:30 ${h < 12 ? "AM" : "PM"}`);
  });

  it("shows when runs started in a 24-hour clock when that is the user's", async () => {
    await mount(connectedShell());
    expect(oldestRun()).toContain(`${String(startedHour).padStart(2, "0")}:30`);
    expect(oldestRun()).not.toMatch(/AM|PM/);
  });

  it("shows a failed run's error with the action for its code", async () => {
    await mount(connectedShell());
    const error = $('tr[data-error-for="41"]');
    expect(error.textContent).toContain("reconnect WHOOP");
    expect(error.querySelector("button")?.textContent).toBe("Reconnect WHOOP");
    expect(document.querySelector('tr[data-error-for="42"]')).toBeNull();
  });

  it("opens a run's days on click and a day's Notion page", async () => {
    const shell = connectedShell();
    await mount(shell);
    await click('button[data-run-id="42"]');
    expect(shell.callsOf("history_days")).toEqual([{ runId: 42 }]);
    expect($('button[data-run-id="42"]').getAttribute("aria-expanded")).toBe("true");
    const days = $$("#history-days li");
    expect(days.map((d) => d.dataset.day)).toEqual(["2026-11-25", "2026-11-24", "2026-11-23"]);
    expect(days[0]?.textContent).toContain("78% · 7h 12m");
    expect(days[2]?.textContent).toContain("WHOOP is still scoring");
    // A day without a page has nothing to open.
    expect(days[2]?.querySelector("button")).toBeNull();
    await click(days[0]?.querySelector("button") as HTMLElement);
    expect(shell.callsOf("open_url")).toEqual([{ url: "https://www.notion.so/page-25" }]);
    // Clicking again closes it.
    await click('tr[data-run-id="42"]');
    expect(document.getElementById("history-days")).toBeNull();
  });

  it("reloads when a sync finishes while shown", async () => {
    const shell = connectedShell();
    await mount(shell);
    shell.emit("overview", fx.overview({ syncing: true }));
    shell.emit("overview", fx.overview({ syncing: false, lastSync: "2026-11-25T08:00:00Z" }));
    await settle();
    expect(shell.callsOf("history").length).toBe(2);
  });

  it("says so when there are no runs", async () => {
    await mount(connectedShell().answer("history", []));
    expect($("#history-empty").hidden).toBe(false);
    expect($("#history-table").hidden).toBe(true);
  });

  describe("Export…", () => {
    const saved = (path: string, rows: number) => ({ path, fileName: path.split("/").pop() ?? "", rows, first: "2025-10-22", last: "2026-12-07" });

    it("proposes a dated name with the format's extension", () => {
      const day = new Date(2026, 11, 7, 23, 30);
      expect(suggestedName(day, "days", "csv")).toBe("whoop-2026-12-07.csv");
      expect(suggestedName(day, "workouts", "json")).toBe("whoop-workouts-2026-12-07.json");
    });

    it("asks where to save, then writes the days there and says how many", async () => {
      const shell = connectedShell()
        .onDialog((a) => `/home/ana/${a.suggestedName}`)
        .on("export_history", (a) => saved(a.path, 412));
      await mount(shell);
      await click("#history-export");
      const [dialog] = shell.dialogs();
      expect(dialog?.format).toBe("csv");
      expect(dialog?.suggestedName).toMatch(/^whoop-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(shell.callsOf("export_history")).toEqual([{ path: `/home/ana/${dialog?.suggestedName}`, format: "csv", workouts: false }]);
      expect($("#export-status").textContent).toBe(`Saved 412 days to ${dialog?.suggestedName}.`);
    });

    it("exports workouts as JSON when chosen", async () => {
      const shell = connectedShell()
        .onDialog(() => "/home/ana/w.json")
        .on("export_history", (a) => saved(a.path, 1));
      await mount(shell);
      await choose($<HTMLSelectElement>("#export-rows"), "workouts");
      await choose($<HTMLSelectElement>("#export-format"), "json");
      await click("#history-export");
      expect(shell.dialogs()[0]?.suggestedName).toMatch(/^whoop-workouts-.*\.json$/);
      expect(shell.callsOf("export_history")).toEqual([{ path: "/home/ana/w.json", format: "json", workouts: true }]);
      expect($("#export-status").textContent).toBe("Saved 1 workout to w.json.");
    });

    it("writes nothing when the dialog is cancelled", async () => {
      const shell = connectedShell().onDialog(() => null).on("export_history", (a) => saved(a.path, 3));
      await mount(shell);
      await click("#history-export");
      expect(shell.dialogs().length).toBe(1);
      expect(shell.callsOf("export_history")).toEqual([]);
      expect($("#export-status").textContent).toBe("");
      expect($<HTMLButtonElement>("#history-export").disabled).toBe(false);
    });

    it("says there is nothing to export in the desktop's words", async () => {
      const nothing = { code: "nothing_to_export" as const, message: "Nothing synced to export yet. Sync first, then export." };
      const shell = connectedShell().onDialog(() => "/home/ana/x.csv").reject("export_history", nothing);
      await mount(shell);
      await click("#history-export");
      expect($("#export-status").textContent).toBe(nothing.message);
      await choose($<HTMLSelectElement>("#export-rows"), "workouts");
      await click("#history-export");
      const said = $("#export-status").textContent ?? "";
      expect(said).toContain("No workouts to export yet");
      expect(said).toContain("Settings → Workouts");
      expect(said).not.toMatch(/whoop-notion|--|`/);
    });

    it("leaves other problems to the banner", async () => {
      const shell = connectedShell().onDialog(() => "/home/ana/x.csv").reject("export_history", { code: "history", message: "The sync history couldn't be read or saved." });
      await mount(shell);
      await click("#history-export");
      expect($("#export-status").textContent).toBe("");
      expect(document.body.textContent).toContain("The sync history couldn't be read or saved.");
    });
  });
});
