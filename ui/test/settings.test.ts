import { describe, expect, it } from "vitest";
import type { SyncReport } from "../src/api/types";
import * as fx from "../src/dev/fixtures";
import { validateSettings, parseBackfillDays } from "../src/screens/settings-validate";
import { connectedShell } from "./fake-transport";
import { $, $$, click, mount, settle, submit, type } from "./helpers";

const input = (id: string) => $<HTMLInputElement>(`#${id}`);

describe("settings screen", () => {
  it("shows the settings from the overview", async () => {
    const overview = fx.overview({ settings: { morningStart: "06:30", morningEnd: "11:00", pollMinutes: 15, notifications: false, launchAtLogin: true, restartIfStopped: false, clock: "12h", temperature: null } });
    await mount(connectedShell().answer("overview", overview));
    await click("#tab-settings");
    expect(input("settings-morning-start").value).toBe("06:30");
    expect(input("settings-morning-end").value).toBe("11:00");
    expect(input("settings-poll").value).toBe("15");
    expect(input("settings-notifications").checked).toBe(false);
    expect(input("settings-launch-at-login").checked).toBe(true);
    expect($<HTMLSelectElement>("#settings-clock").value).toBe("12h");
    expect($<HTMLSelectElement>("#settings-temperature").value).toBe("");
  });

  it("saves the clock and temperature choice, and back to automatic as null", async () => {
    const shell = connectedShell().on("settings_set", (a) => fx.overview({ settings: a.settings }));
    await mount(shell);
    await click("#tab-settings");
    const clock = $<HTMLSelectElement>("#settings-clock");
    const temperature = $<HTMLSelectElement>("#settings-temperature");
    expect(clock.value).toBe("");
    clock.value = "12h";
    clock.dispatchEvent(new Event("change", { bubbles: true }));
    temperature.value = "fahrenheit";
    temperature.dispatchEvent(new Event("change", { bubbles: true }));
    await submit("#settings-form");
    clock.value = "";
    clock.dispatchEvent(new Event("change", { bubbles: true }));
    await submit("#settings-form");
    expect(shell.callsOf("settings_set").map((c) => [c.settings.clock, c.settings.temperature])).toEqual([
      ["12h", "fahrenheit"],
      [null, "fahrenheit"],
    ]);
  });

  it("saves with settings_set", async () => {
    const shell = connectedShell().on("settings_set", (a) => fx.overview({ settings: a.settings }));
    await mount(shell);
    await click("#tab-settings");
    await type(input("settings-poll"), "20");
    input("settings-launch-at-login").click();
    await submit("#settings-form");
    expect(shell.callsOf("settings_set")).toEqual([{
      settings: { morningStart: "05:00", morningEnd: "12:00", pollMinutes: 20, notifications: true, launchAtLogin: true, restartIfStopped: false, clock: null, temperature: null },
    }]);
    expect($("#settings-status").textContent).toBe("Saved.");
  });

  it("offers restarting the app only where the system can", async () => {
    const base = fx.overview().settings;
    // Not offered (null): no row, and saving leaves it as it is.
    const off = connectedShell().answer("overview", fx.overview({ settings: { ...base, restartIfStopped: null } }))
      .on("settings_set", (a) => fx.overview({ settings: a.settings }));
    await mount(off);
    await click("#tab-settings");
    expect($("#settings-restart-row").hidden).toBe(true);
    await submit("#settings-form");
    expect(off.callsOf("settings_set").map((c) => c.settings.restartIfStopped)).toEqual([null]);
  });

  it("saves restarting the app with start at login, and turning that off turns it off too", async () => {
    const base = fx.overview().settings;
    const shell = connectedShell().answer("overview", fx.overview({ settings: { ...base, launchAtLogin: false, restartIfStopped: false } }))
      .on("settings_set", (a) => fx.overview({ settings: a.settings }));
    await mount(shell);
    await click("#tab-settings");
    expect($("#settings-restart-row").hidden).toBe(false);
    expect(input("settings-restart-if-stopped").disabled).toBe(true);
    input("settings-launch-at-login").click();
    expect(input("settings-restart-if-stopped").disabled).toBe(false);
    input("settings-restart-if-stopped").click();
    await submit("#settings-form");
    input("settings-launch-at-login").click();
    expect(input("settings-restart-if-stopped").disabled).toBe(true);
    await submit("#settings-form");
    expect(shell.callsOf("settings_set").map((c) => [c.settings.launchAtLogin, c.settings.restartIfStopped])).toEqual([
      [true, true],
      [false, false],
    ]);
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
    let finish: (value: SyncReport) => void = () => undefined;
    const shell = connectedShell().on("backfill", () => new Promise((resolve) => { finish = resolve; }));
    await mount(shell);
    await click("#tab-settings");
    await type(input("backfill-days"), "30");
    expect($("#backfill-start").textContent).toBe("Sync the last 30 days");
    await submit("#backfill-form");
    expect(shell.callsOf("backfill")).toEqual([{ days: 30 }]);
    expect($<HTMLButtonElement>("#backfill-start").disabled).toBe(true);
    shell.emit("backfill-progress", { done: 12, total: 30, exact: true, etaSeconds: 100 });
    expect($<HTMLProgressElement>("#backfill-progress").value).toBe(40);
    expect($("#backfill-status").textContent).toBe("12 of 30 pages written (40%) · about 2 min left");
    finish(fx.syncReport({ created: 20, updated: 2, unchanged: 8, requests: { whoop: 5, notion: 60 } }));
    await settle();
    expect($("#backfill-status").textContent).toBe("Done: 20 created, 2 updated, 8 unchanged.");
    expect($<HTMLButtonElement>("#backfill-start").disabled).toBe(false);
    // The last tick may arrive after the answer: it must not replace "Done".
    shell.emit("backfill-progress", { done: 30, total: 30, exact: true, etaSeconds: 0 });
    expect($("#backfill-status").textContent).toMatch(/^Done:/);
  });

  it("syncs all of the WHOOP history, the total marked as an estimate until it is known", async () => {
    let finish: (value: SyncReport) => void = () => undefined;
    const shell = connectedShell().on("backfill", () => new Promise((resolve) => { finish = resolve; }));
    await mount(shell);
    await click("#tab-settings");
    $<HTMLInputElement>("#backfill-scope-all").click();
    expect($("#backfill-start").textContent).toBe("Sync all my WHOOP history");
    await submit("#backfill-form");
    expect(shell.callsOf("backfill")).toEqual([{ days: null }]);
    expect($("#backfill-status").textContent).toBe("Finding your first day at WHOOP…");
    shell.emit("backfill-progress", { done: 90, total: 1812, exact: false, etaSeconds: 574 });
    expect($("#backfill-status").textContent).toBe("90 of about 1,812 pages written (5%) · about 10 min left");
    shell.emit("backfill-progress", { done: 900, total: 1790, exact: true, etaSeconds: 297 });
    expect($("#backfill-status").textContent).toBe("900 of 1,790 pages written (50%) · about 5 min left");
    finish(fx.syncReport({ created: 1790, updated: 0, unchanged: 36, requests: { whoop: 230, notion: 1830 } }));
    await settle();
    expect($("#backfill-status").textContent).toBe("Done: 1790 created, 0 updated, 36 unchanged.");
    // Typing a number goes back to "the last N days".
    await type(input("backfill-days"), "14");
    expect($<HTMLInputElement>("#backfill-scope-days").checked).toBe(true);
    expect($("#backfill-start").textContent).toBe("Sync the last 14 days");
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

  it("saves diagnostics and says where", async () => {
    const shell = connectedShell();
    await mount(shell);
    await click("#copy-diagnostics");
    await settle();
    expect(shell.callsOf("diagnostics")).toHaveLength(1);
    expect($("#diagnostics-status").textContent)
      .toBe("Saved whoop-notion-diagnostics-20261201-074002.tar.gz in /home/me/Downloads.");
    expect($<HTMLButtonElement>("#copy-diagnostics").disabled).toBe(false);
  });

  it("says nothing was saved when it fails", async () => {
    const shell = connectedShell().reject("diagnostics", { code: "internal", message: "The app hit a problem." });
    await mount(shell);
    await click("#copy-diagnostics");
    await settle();
    expect($("#diagnostics-status").textContent).toBe("");
    expect($("#error-banner").dataset.code).toBe("internal");
  });
});

describe("settings validation", () => {
  const ok = { morningStart: "05:00", morningEnd: "12:00", pollMinutes: 10, notifications: true, launchAtLogin: false, restartIfStopped: false, clock: null, temperature: null };
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

describe("check setup", () => {
  const lines = () => $$<HTMLLIElement>("#setup-checks li");
  const line = (id: string) => $<HTMLLIElement>(`#setup-checks li[data-check="${id}"]`);

  it("lists every check as passing, with its status in words", async () => {
    const shell = connectedShell().answer("check_setup", fx.setupChecks());
    await mount(shell);
    await click("#tab-settings");
    expect($("#setup-checks").hidden).toBe(true);
    await click("#setup-check");
    expect(shell.callsOf("check_setup")).toEqual([undefined]);
    expect($("#setup-checks").tagName).toBe("UL");
    expect(lines().map((li) => li.dataset.check)).toEqual([
      "keychain", "whoop_token", "whoop_offline", "whoop_workouts", "notion_token", "notion_database", "mapping", "clock", "login_item",
    ]);
    for (const li of lines()) {
      expect(li.dataset.status).toBe("pass");
      expect(li.querySelector(".badge")?.textContent).toBe("OK");
      expect(li.querySelector("button")).toBeNull();
    }
    expect(line("notion_database").textContent).toContain("Notion database");
    expect(line("notion_database").textContent).toContain("Your database is shared with the connection.");
    expect($("#setup-check-status").textContent).toBe("Everything works.");
    expect($("#setup-check-status").getAttribute("role")).toBe("status");
  });

  it("shows a failure with the banner's button for its code, and what it skipped", async () => {
    const shell = connectedShell().answer("check_setup", fx.setupChecksNotShared());
    await mount(shell);
    await click("#tab-settings");
    await click("#setup-check");
    const failed = line("notion_database");
    expect(failed.dataset.status).toBe("fail");
    expect(failed.querySelector(".badge")?.textContent).toBe("Problem");
    expect(failed.textContent).toContain("Notion can't see your database. Share it with your connection.");
    const button = failed.querySelector<HTMLButtonElement>("button");
    expect(button?.dataset.action).toBe("share-help");
    expect(button?.textContent).toBe("How to share the database");
    const skipped = line("mapping");
    expect(skipped.dataset.status).toBe("skip");
    expect(skipped.querySelector(".badge")?.textContent).toBe("Skipped");
    expect(skipped.textContent).toContain(fx.SKIPPED);
    expect(skipped.querySelector("button")).toBeNull();
    expect($("#setup-check-status").textContent).toBe("1 problem found.");
    // The button does what the error banner's would: the sharing steps, opened.
    await click(button!);
    expect($("#tab-connect").getAttribute("aria-selected")).toBe("true");
    expect($<HTMLDetailsElement>("#notion-share-help").open).toBe(true);
  });

  it("offers Reconnect WHOOP and Open mapping; no command or raw answer is shown", async () => {
    const shell = connectedShell().answer("check_setup", fx.setupChecks({
      whoop_token: { status: "fail", code: "whoop_reconnect", message: "WHOOP signed you out. Reconnect to keep syncing." },
      whoop_offline: { status: "skip", message: fx.SKIPPED },
      whoop_workouts: { status: "warn", code: "whoop_reconnect", message: "Your WHOOP sign-in doesn't include workouts, so the workout columns stay empty. Reconnect WHOOP and allow workouts." },
      mapping: { status: "fail", code: "mapping_broken", message: "A mapped Notion column changed. Check the mapping." },
      clock: { status: "fail", code: null, message: "Your computer's clock is more than 2 minutes off. Set it to update automatically." },
      login_item: { status: "warn", message: "Launch at login is off, so the morning sync waits until you open the app." },
    }));
    await mount(shell);
    await click("#tab-settings");
    await click("#setup-check");
    expect(line("whoop_token").querySelector("button")?.textContent).toBe("Reconnect WHOOP");
    expect(line("mapping").querySelector("button")?.dataset.action).toBe("mapping");
    expect(line("clock").querySelector("button")).toBeNull();
    expect(line("login_item").querySelector(".badge")?.textContent).toBe("Note");
    // A sign-in from before workouts: a note with the same Reconnect WHOOP button.
    expect(line("whoop_workouts").querySelector(".badge")?.textContent).toBe("Note");
    expect(line("whoop_workouts").querySelector("button")?.textContent).toBe("Reconnect WHOOP");
    expect($("#setup-check-status").textContent).toBe("3 problems found.");
    expect($("#setup-checks").textContent).not.toMatch(/whoop-notion|HTTP|\{/);
    await click(line("mapping").querySelector("button")!);
    expect($("#tab-mapping").getAttribute("aria-selected")).toBe("true");
  });

  it("a failed check command goes to the banner, and the button works again", async () => {
    const shell = connectedShell().reject("check_setup", { code: "config", message: "The app's settings couldn't be read or saved." });
    await mount(shell);
    await click("#tab-settings");
    await click("#setup-check");
    expect($("#error-banner").dataset.code).toBe("config");
    expect($<HTMLButtonElement>("#setup-check").disabled).toBe(false);
    expect($("#setup-checks").hidden).toBe(true);
  });
});

describe("forget everything", () => {
  const ours = { folder: "/home/ann/.config/whoop-notion-sync", keeps: [], folderStays: false };

  it("asks first, names the folder, and Cancel removes nothing", async () => {
    const shell = connectedShell().on("forget_everything", () => null).on("forget_preview", () => ours);
    await mount(shell);
    await click("#tab-settings");
    expect($("#forget-ask").hidden).toBe(true);
    await click("#forget-start");
    await settle();
    expect($("#forget-ask").hidden).toBe(false);
    expect($("#forget-what").textContent).toContain("keychain");
    expect($("#forget-what").textContent).toContain("/home/ann/.config/whoop-notion-sync");
    expect($("#forget-what").textContent).not.toContain("stays as it is");
    expect(document.activeElement?.id).toBe("forget-confirm");
    await click("#forget-cancel");
    expect($("#forget-ask").hidden).toBe(true);
    expect(shell.callsOf("forget_everything")).toEqual([]);
  });

  it("says what in the folder isn't the app's and stays", async () => {
    const shell = connectedShell().on("forget_preview", () => ({
      folder: "/home/ann/Documents/health", keeps: ["notes.txt", "budget.xlsx"], folderStays: true,
    }));
    await mount(shell);
    await click("#tab-settings");
    await click("#forget-start");
    await settle();
    const what = $("#forget-what").textContent ?? "";
    expect(what).toContain("/home/ann/Documents/health");
    expect(what).toContain("(notes.txt, budget.xlsx)");
    expect(what).toContain("isn't the app's");
  });

  it("forgets once confirmed and says the app is closing", async () => {
    const shell = connectedShell().on("forget_everything", () => null).on("forget_preview", () => ours);
    await mount(shell);
    await click("#tab-settings");
    await click("#forget-start");
    await settle();
    await click("#forget-confirm");
    await settle();
    expect(shell.callsOf("forget_everything")).toHaveLength(1);
    expect($("#forget-status").textContent).toContain("closing");
    expect($<HTMLButtonElement>("#forget-start").disabled).toBe(true);
  });

  it("shows why when it can't, and removes nothing more", async () => {
    const shell = connectedShell().on("forget_everything", () => {
      throw { code: "keychain_unavailable", message: "The keychain is locked." };
    }).on("forget_preview", () => ours);
    await mount(shell);
    await click("#tab-settings");
    await click("#forget-start");
    await settle();
    await click("#forget-confirm");
    await settle();
    expect($("#forget-status").textContent).toBe("");
    expect($("#forget-ask").hidden).toBe(false);
    expect(document.body.textContent).toContain("The keychain is locked.");
  });
});
