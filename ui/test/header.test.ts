import { describe, expect, it } from "vitest";
import type { SyncReport } from "../src/api/types";
import * as fx from "../src/dev/fixtures";
import { connectedShell } from "./fake-transport";
import { $, click, key, mount, settle } from "./helpers";

const report = fx.syncReport({ created: 1, unchanged: 6 });

describe("header", () => {
  it("shows the tray summary and re-renders on the overview event", async () => {
    const shell = connectedShell();
    await mount(shell);
    expect($("#tray-summary").textContent).toBe("Synced · Today: recovery 78%, asleep 7h 12m");
    shell.emit("overview", fx.overview({ tray: { state: "waiting", tooltip: "Waiting for WHOOP to score last night", attention: null } }));
    expect($("#tray-summary").textContent).toBe("Waiting for WHOOP to score last night");
    expect($("header").dataset.state).toBe("waiting");
  });

  it("Sync now calls sync_now and is disabled while syncing", async () => {
    const shell = connectedShell().answer("sync_now", report);
    await mount(shell);
    const button = $<HTMLButtonElement>("#sync-now");
    expect(button.disabled).toBe(false);
    await click(button);
    expect(shell.callsOf("sync_now")).toHaveLength(1);
    expect($("#sync-result").textContent).toBe("Synced: 1 created, 0 updated, 6 unchanged.");
    shell.emit("overview", fx.overview({ syncing: true }));
    expect(button.disabled).toBe(true);
    shell.emit("overview", fx.overview({ syncing: false }));
    expect(button.disabled).toBe(false);
  });

  it("says what connecting WHOOP again adds when the sign-in predates workouts", async () => {
    const shell = connectedShell().answer("sync_now", { ...report, needsWhoopScope: "read:workout" });
    await mount(shell);
    await click("#sync-now");
    expect($("#sync-result").textContent).toBe(
      "Synced: 1 created, 0 updated, 6 unchanged. Workouts weren't read: connect WHOOP again under Connect and allow workouts to add them.",
    );
  });

  it("names each part a sync left out for want of WHOOP scopes", async () => {
    const shell = connectedShell().answer("sync_now", { ...report, needsWhoopScope: "read:workout read:body_measurement" });
    await mount(shell);
    await click("#sync-now");
    expect($("#sync-result").textContent).toBe(
      "Synced: 1 created, 0 updated, 6 unchanged. Workouts weren't read: connect WHOOP again under Connect and allow workouts to add them." +
        " Weight, height and max heart rate weren't read: connect WHOOP again under Connect and allow body measurements to add them.",
    );
  });

  it("stays disabled until its own sync_now answers", async () => {
    let finish: (value: SyncReport) => void = () => undefined;
    const shell = connectedShell().on("sync_now", () => new Promise((resolve) => { finish = resolve; }));
    await mount(shell);
    await click("#sync-now");
    expect($<HTMLButtonElement>("#sync-now").disabled).toBe(true);
    finish(report);
    await settle();
    expect($<HTMLButtonElement>("#sync-now").disabled).toBe(false);
  });
});

describe("pause menu", () => {
  it("opens from the keyboard, moves with arrows and pauses until tomorrow", async () => {
    const paused = fx.overview({ pausedUntil: "2026-11-26T05:00:00Z", tray: { state: "paused", tooltip: "Paused", attention: null } });
    const shell = connectedShell().on("pause", () => paused);
    await mount(shell);
    const toggle = $("#pause-menu");
    expect($("#pause-options").hidden).toBe(true);
    key(toggle, "ArrowDown");
    expect($("#pause-options").hidden).toBe(false);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(document.activeElement?.id).toBe("pause-hour");
    key($("#pause-options"), "ArrowDown");
    expect(document.activeElement?.id).toBe("pause-tomorrow");
    await click(document.activeElement as HTMLElement);
    expect(shell.callsOf("pause")).toEqual([{ until: "tomorrow" }]);
    expect($("#pause-options").hidden).toBe(true);
    expect($("#pause-resume").hidden).toBe(false);
    expect($("#paused-until").hidden).toBe(false);
  });

  it("pauses for an hour with a click", async () => {
    const shell = connectedShell().on("pause", () => fx.overview({ pausedUntil: "2026-11-25T09:00:00Z" }));
    await mount(shell);
    await click("#pause-menu");
    await click("#pause-hour");
    expect(shell.callsOf("pause")).toEqual([{ until: "hour" }]);
  });

  it("closes on Escape and gives focus back", async () => {
    await mount(connectedShell());
    await click("#pause-menu");
    key($("#pause-options"), "Escape");
    expect($("#pause-options").hidden).toBe(true);
    expect(document.activeElement?.id).toBe("pause-menu");
  });

  it("Resume appears only while paused and calls pause(resume)", async () => {
    const shell = connectedShell()
      .answer("overview", fx.overview({ pausedUntil: "2026-11-25T09:00:00Z" }))
      .on("pause", () => fx.overview());
    await mount(shell);
    expect($("#pause-resume").hidden).toBe(false);
    await click("#pause-resume");
    expect(shell.callsOf("pause")).toEqual([{ until: "resume" }]);
    expect($("#pause-resume").hidden).toBe(true);
  });
});
