import { afterEach, describe, expect, it } from "vitest";
import * as fx from "../src/dev/fixtures";
import { connectedShell } from "./fake-transport";
import { $, click, mount } from "./helpers";

afterEach(() => { localStorage.clear(); });

describe("a desktop without tray icons", () => {
  it("says so once, with how to get the icon", async () => {
    await mount(connectedShell().answer("overview", fx.overview({ trayHidden: true })));
    const notice = $("#no-tray-notice");
    expect(notice.hidden).toBe(false);
    expect(notice.textContent).toContain("gnome-shell-extension-appindicator");
    // Desktop words only: no command to run.
    expect(notice.textContent).not.toMatch(/whoop-notion |apt |sudo /);
    await click("#no-tray-dismiss");
    expect(notice.hidden).toBe(true);
  });

  it("isn't shown again once dismissed, nor where a panel shows the icon", async () => {
    localStorage.setItem("whoop-notion-sync.no-tray-notice-seen", "1");
    await mount(connectedShell().answer("overview", fx.overview({ trayHidden: true })));
    expect($("#no-tray-notice").hidden).toBe(true);
    localStorage.clear();
    document.body.replaceChildren();
    await mount(connectedShell().answer("overview", fx.overview({ trayHidden: false })));
    expect($("#no-tray-notice").hidden).toBe(true);
  });

  it("offers the tray's Quit in Settings", async () => {
    const shell = connectedShell();
    await mount(shell);
    await click("#tab-settings");
    await click("#quit-app");
    expect(shell.callsOf("quit")).toEqual([undefined]);
  });
});
