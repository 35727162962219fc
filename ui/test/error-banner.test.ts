import { describe, expect, it } from "vitest";
import type { AppError } from "../src/api/types";
import * as fx from "../src/dev/fixtures";
import { isErrorCode, toAppError } from "../src/api/errors";
import { ERROR_CODES, TRANSIENT_CODES } from "../src/api/generated";
import { actionFor, TRANSIENT } from "../src/error-actions";
import { connectedShell } from "./fake-transport";
import { $, click, mount, settle, visible } from "./helpers";

function attention(error: AppError) {
  return fx.overview({ tray: { state: "attention", tooltip: "Needs attention", attention: error } });
}

describe("error banner action by code", () => {
  it("offers Retry, not Reconnect, for a network error whose message says reconnect", async () => {
    const shell = connectedShell().reject("sync_now", { code: "network", message: "Couldn't reach WHOOP; reconnect to Wi-Fi and retry" });
    await mount(shell);
    await click("#sync-now");
    const banner = $("#error-banner");
    expect(visible(banner)).toBe(true);
    expect(banner.dataset.code).toBe("network");
    expect($("#error-action").textContent).toBe("Retry");
    expect(banner.textContent).not.toContain("Reconnect WHOOP");
  });

  it("Retry runs the failed command again and clears the banner when it works", async () => {
    let attempts = 0;
    const shell = connectedShell().on("sync_now", () => {
      attempts += 1;
      if (attempts === 1) throw { code: "server", message: "Notion had a problem" };
      return fx.syncReport({ created: 1, unchanged: 0 });
    });
    await mount(shell);
    await click("#sync-now");
    await click("#error-action");
    expect(attempts).toBe(2);
    expect($("#error-banner").hidden).toBe(true);
  });

  it("shows Reconnect WHOOP for whoop_reconnect, whatever the message, and it leads to the Connect tab", async () => {
    const shell = connectedShell().answer("overview", attention({ code: "whoop_reconnect", message: "Network hiccup? No." }));
    const app = await mount(shell);
    expect(app.tab()).toBe("history");
    expect($("#error-action").textContent).toBe("Reconnect WHOOP");
    await click("#error-action");
    expect(app.tab()).toBe("connect");
    expect($("#tab-connect").getAttribute("aria-selected")).toBe("true");
    // The client id is known, so the secret is what needs typing again.
    expect(document.activeElement?.id).toBe("whoop-client-secret");
  });

  it("sends mapping_broken to the Mapping tab", async () => {
    const shell = connectedShell().answer("overview", attention({ code: "mapping_broken", message: "Sleep (h) was deleted" }));
    const app = await mount(shell);
    expect($("#error-action").textContent).toBe("Open mapping");
    await click("#error-action");
    expect(app.tab()).toBe("mapping");
    expect(shell.callsOf("mapping_get").length).toBeGreaterThan(0);
  });

  it("opens the sharing help for notion_not_found", async () => {
    const shell = connectedShell().answer("overview", attention({ code: "notion_not_found", message: "gone" }));
    const app = await mount(shell);
    const help = $<HTMLDetailsElement>("#notion-share-help");
    help.open = false;
    await click("#error-action");
    expect(app.tab()).toBe("connect");
    expect(help.open).toBe(true);
    expect(help.textContent).toContain("Connections");
  });

  it("offers no Retry for a transient error with nothing to re-run", async () => {
    const shell = connectedShell();
    await mount(shell);
    shell.emit("connect-failed", { code: "network", message: "The browser sign-in timed out" });
    await settle();
    expect($("#error-banner").dataset.code).toBe("network");
    expect(document.getElementById("error-action")).toBeNull();
  });

  it("a failed background sync (tray attention) retries with a new sync", async () => {
    const shell = connectedShell()
      .answer("overview", attention({ code: "rate_limited", message: "WHOOP asked us to slow down" }))
      .answer("sync_now", fx.syncReport({ created: 0, unchanged: 7 }));
    await mount(shell);
    await click("#error-action");
    expect(shell.callsOf("sync_now")).toHaveLength(1);
  });

  it("can be dismissed, and comes back for a different attention", async () => {
    const shell = connectedShell().answer("overview", attention({ code: "config", message: "config.json is damaged" }));
    await mount(shell);
    expect($("#error-action").textContent).toBe("Open logs");
    await click("#error-dismiss");
    expect($("#error-banner").hidden).toBe(true);
    shell.emit("overview", attention({ code: "notion_unauthorized", message: "token revoked" }));
    expect($("#error-banner").hidden).toBe(false);
    expect($("#error-action").textContent).toBe("Reconnect Notion");
  });

  it("treats a plain-string rejection (Tauri's own errors) as internal", async () => {
    const shell = connectedShell().reject("pause", "invalid args `until` for command `pause`");
    await mount(shell);
    await click("#pause-menu");
    await click("#pause-hour");
    expect($("#error-banner").dataset.code).toBe("internal");
    expect($("#error-message").textContent).toContain("invalid args");
  });

  it("maps every code to an action and only transient ones to Retry", () => {
    expect(actionFor("busy").kind).toBe("retry");
    expect(actionFor("whoop_invalid_client").kind).toBe("whoop");
    expect(actionFor("no_database").kind).toBe("database");
    expect(actionFor("invalid_input").kind).toBe("none");
    expect(actionFor("keychain_unavailable").kind).not.toBe("retry");
    // Walk the engine's own lists (generated from ErrorCode::ALL and needs_user()).
    for (const code of ERROR_CODES) {
      expect(actionFor(code), code).toBeDefined();
      expect(actionFor(code).kind === "retry", code).toBe(TRANSIENT_CODES.includes(code));
      expect(TRANSIENT.has(code), code).toBe(TRANSIENT_CODES.includes(code));
    }
    expect(TRANSIENT_CODES).toContain("busy");
  });

  it("knows every code the engine has, and treats an unknown one as internal", () => {
    for (const code of ERROR_CODES) {
      expect(isErrorCode(code), code).toBe(true);
      expect(toAppError({ code, message: "m" }).code).toBe(code);
    }
    expect(isErrorCode("from_a_newer_shell")).toBe(false);
    expect(toAppError({ code: "from_a_newer_shell", message: "m" }).code).toBe("internal");
  });
});
