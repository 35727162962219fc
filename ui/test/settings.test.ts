import { describe, expect, it } from "vitest";
import * as fx from "../src/dev/fixtures";
import { validateSettings, parseBackfillDays } from "../src/screens/settings-validate";
import { connectedShell } from "./fake-transport";
import { $, click, mount, settle, submit, type } from "./helpers";

const input = (id: string) => $<HTMLInputElement>(`#${id}`);

describe("settings screen", () => {
  it("shows the settings from the overview", async () => {
    const overview = fx.overview({ settings: { morningStart: "06:30", morningEnd: "11:00", pollMinutes: 15, notifications: false, launchAtLogin: true } });
    await mount(connectedShell().answer("overview", overview));
    await click("#tab-settings");
    expect(input("settings-morning-start").value).toBe("06:30");
    expect(input("settings-morning-end").value).toBe("11:00");
    expect(input("settings-poll").value).toBe("15");
    expect(input("settings-notifications").checked).toBe(false);
    expect(input("settings-launch-at-login").checked).toBe(true);
  });

  it("saves with settings_set", async () => {
    const shell = connectedShell().on("settings_set", (a) => fx.overview({ settings: a.settings as never }));
    await mount(shell);
    await click("#tab-settings");
    await type(input("settings-poll"), "20");
    input("settings-launch-at-login").click();
    await submit("#settings-form");
    expect(shell.callsOf("settings_set")).toEqual([{
      settings: { morningStart: "05:00", morningEnd: "12:00", pollMinutes: 20, notifications: true, launchAtLogin: true },
    }]);
    expect($("#settings-status").textContent).toBe("Saved.");
  });

  it("doesn't overwrite unsaved edits when an overview arrives", async () => {
    const shell = connectedShell();
    await mount(shell);
    await type(input("settings-poll"), "25");
    shell.emit("overview", fx.overview());
    expect(input("settings-poll").value).toBe("25");
  });

  it("refuses a window that ends before it starts", async () => {
    const shell = connectedShell();
    await mount(shell);
    await click("#tab-settings");
    await type(input("settings-morning-end"), "04:00");
    await submit("#settings-form");
    expect(shell.callsOf("settings_set")).toEqual([]);
    expect($("#settings-error").hidden).toBe(false);
    expect(input("settings-morning-end").getAttribute("aria-invalid")).toBe("true");
  });

  it("backfills N days and shows progress with time left", async () => {
    let finish: (value: unknown) => void = () => undefined;
    const shell = connectedShell().on("backfill", () => new Promise((resolve) => { finish = resolve; }));
    await mount(shell);
    await click("#tab-settings");
    await type(input("backfill-days"), "30");
    expect($("#backfill-start").textContent).toBe("Sync the last 30 days");
    await submit("#backfill-form");
    expect(shell.callsOf("backfill")).toEqual([{ days: 30 }]);
    expect($<HTMLButtonElement>("#backfill-start").disabled).toBe(true);
    shell.emit("backfill-progress", { done: 12, total: 30, etaSeconds: 100 });
    expect($<HTMLProgressElement>("#backfill-progress").value).toBe(40);
    expect($("#backfill-status").textContent).toBe("12 of 30 days (40%) · about 2 min left");
    finish({ days: [], created: 20, updated: 2, unchanged: 8, waiting: 0, skipped: 0, requests: { whoop: 5, notion: 60 } });
    await settle();
    expect($("#backfill-status").textContent).toBe("Done: 20 created, 2 updated, 8 unchanged.");
    expect($<HTMLButtonElement>("#backfill-start").disabled).toBe(false);
    // The last tick may arrive after the answer: it must not replace "Done".
    shell.emit("backfill-progress", { done: 30, total: 30, etaSeconds: 0 });
    expect($("#backfill-status").textContent).toMatch(/^Done:/);
  });

  it("rejects a day count out of range without calling the shell", async () => {
    const shell = connectedShell();
    await mount(shell);
    await type(input("backfill-days"), "0");
    await submit("#backfill-form");
    expect(shell.callsOf("backfill")).toEqual([]);
    expect($("#backfill-error").hidden).toBe(false);
  });

  it("opens the logs", async () => {
    const shell = connectedShell();
    await mount(shell);
    await click("#open-logs");
    expect(shell.callsOf("open_logs")).toHaveLength(1);
  });
});

describe("settings validation", () => {
  const ok = { morningStart: "05:00", morningEnd: "12:00", pollMinutes: 10, notifications: true, launchAtLogin: false };
  it("accepts the defaults and rejects bad values", () => {
    expect(validateSettings(ok)).toBeNull();
    expect(validateSettings({ ...ok, morningStart: "5am" })?.field).toBe("morningStart");
    expect(validateSettings({ ...ok, pollMinutes: 0 })?.field).toBe("pollMinutes");
    expect(validateSettings({ ...ok, pollMinutes: 2.5 })?.field).toBe("pollMinutes");
  });
  it("parses whole day counts only", () => {
    expect(parseBackfillDays("365")).toBe(365);
    expect(parseBackfillDays("1.5")).toBeNull();
    expect(parseBackfillDays("")).toBeNull();
    expect(parseBackfillDays("99999")).toBeNull();
  });
});
