import { describe, expect, it } from "vitest";
import * as api from "../src/api/commands";
import { toAppError } from "../src/api/errors";
import { setTransport } from "../src/api/transport";
import * as fx from "../src/dev/fixtures";
import { connectedShell, FakeTransport } from "./fake-transport";
import { $, $$, click, mount, settle } from "./helpers";

describe("app", () => {
  it("shows the recent days on the main screen and opens a day's page", async () => {
    const shell = connectedShell();
    await mount(shell);
    const items = $$("#recent-days li");
    expect(items.map((i) => i.dataset.day)).toEqual(["2026-11-25", "2026-11-24", "2026-11-23"]);
    expect(items[0]?.textContent).toContain("Recovery 78% · Asleep 7h 12m");
    expect(items[2]?.dataset.action).toBe("waiting");
    await click(items[0]?.querySelector("button") as HTMLElement);
    expect(shell.callsOf("open_url")).toEqual([{ url: "https://www.notion.so/page-25" }]);
  });

  it("re-renders everything from the overview event", async () => {
    const shell = connectedShell();
    await mount(shell);
    shell.emit("overview", fx.overview({ recentDays: [], whoop: { state: "needs_reconnect", userName: "Ana", clientId: "c", redirectUri: null } }));
    expect($$("#recent-days li")).toHaveLength(0);
    expect($("#recent-empty").hidden).toBe(false);
    expect($("#whoop-status").textContent).toContain("Needs reconnect");
  });

  it("offers Retry when the first overview can't be loaded", async () => {
    let calls = 0;
    const shell = connectedShell().on("overview", () => {
      calls += 1;
      if (calls === 1) throw { code: "busy", message: "Starting up" };
      return fx.overview();
    });
    await mount(shell);
    expect($("#error-banner").dataset.code).toBe("busy");
    await click("#error-action");
    expect($("#tray-summary").textContent).toContain("Synced");
  });

  it("clears the connect-flow when the shell reports connect-failed", async () => {
    const shell = new FakeTransport()
      .answer("overview", fx.freshOverview())
      .answer("whoop_connect", { authorizeUrl: "https://whoop.example/auth", listens: true, appLink: false });
    await mount(shell);
    $<HTMLInputElement>("#whoop-client-id").value = "id";
    $<HTMLInputElement>("#whoop-client-secret").value = "secret";
    await click("#whoop-connect");
    expect($("#whoop-waiting").hidden).toBe(false);
    shell.emit("connect-failed", { code: "whoop_invalid_client", message: "WHOOP refused the client" });
    await settle();
    expect($("#whoop-waiting").hidden).toBe(true);
    expect($("#error-action").textContent).toBe("Check WHOOP app details");
  });
});

describe("commands", () => {
  it("pass camelCase args and reject with AppErrors", async () => {
    const shell = new FakeTransport()
      .answer("mapping_set", fx.mappingView())
      .reject("history_days", { code: "history", message: "history.sqlite3 is locked" });
    setTransport(shell);
    await api.mappingSet("sleep_time", "Time asleep (h)", "hours");
    await api.notionUse("https://notion.so/x").catch(() => undefined);
    expect(shell.calls.slice(0, 2)).toEqual([
      { command: "mapping_set", args: { key: "sleep_time", property: "Time asleep (h)", unit: "hours" } },
      { command: "notion_use", args: { idOrUrl: "https://notion.so/x" } },
    ]);
    await expect(api.historyDays(3)).rejects.toEqual({ code: "history", message: "history.sqlite3 is locked" });
    expect(shell.callsOf("history_days")).toEqual([{ runId: 3 }]);
  });

  it("normalize anything else into an internal error", () => {
    expect(toAppError("boom")).toEqual({ code: "internal", message: "boom" });
    expect(toAppError(new Error("bug"))).toEqual({ code: "internal", message: "bug" });
    expect(toAppError({ code: "brand_new_code", message: "m" })).toEqual({ code: "internal", message: "m" });
    expect(toAppError({ code: "network" })).toEqual({ code: "network", message: "Something went wrong." });
  });
});

describe("secrets", () => {
  it("never lands in storage", async () => {
    const shell = new FakeTransport()
      .answer("overview", fx.freshOverview())
      .answer("whoop_connect", { authorizeUrl: "https://whoop.example/auth", listens: true, appLink: false })
      .answer("notion_connect", { workspace: "W", name: null })
      .answer("notion_databases", []);
    await mount(shell);
    $<HTMLInputElement>("#whoop-client-id").value = "id";
    $<HTMLInputElement>("#whoop-client-secret").value = "whoop-secret-value";
    await click("#whoop-connect");
    $<HTMLInputElement>("#notion-token").value = "ntn_token_value";
    await click("#notion-connect");
    await settle();
    const stored = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
    expect(stored).not.toContain("whoop-secret-value");
    expect(stored).not.toContain("ntn_token_value");
    expect($<HTMLInputElement>("#whoop-client-secret").value).toBe("");
    expect($<HTMLInputElement>("#notion-token").value).toBe("");
  });
});
