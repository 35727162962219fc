import { describe, expect, it } from "vitest";
import * as fx from "../src/dev/fixtures";
import { connectedShell, FakeTransport } from "./fake-transport";
import { $, $$, click, mount, settle, submit, visible } from "./helpers";

function freshShell(): FakeTransport {
  return new FakeTransport().answer("overview", fx.freshOverview()).on("open_url", () => null);
}

function fill(id: string, value: string): void {
  $<HTMLInputElement>(`#${id}`).value = value;
}

describe("connect screen", () => {
  it("opens on Connect when nothing is connected, with statuses and the redirect URI", async () => {
    const app = await mount(freshShell());
    expect(app.tab()).toBe("connect");
    expect($("#whoop-status").textContent).toBe("Not connected");
    expect($("#notion-status").textContent).toBe("Not connected");
    expect($<HTMLInputElement>("#whoop-redirect-uri").value).toBe("http://127.0.0.1:8765/callback");
    expect($<HTMLInputElement>("#whoop-redirect-uri").readOnly).toBe(true);
    expect($("#whoop-disconnect").hidden).toBe(true);
    // Picking a database needs a Notion connection first.
    expect(visible($("#notion-databases"))).toBe(false);
  });

  it("shows who is connected and prefills the client id", async () => {
    await mount(connectedShell());
    await click("#tab-connect");
    expect($("#whoop-status").textContent).toBe("Connected as Ana Example");
    expect($<HTMLInputElement>("#whoop-client-id").value).toBe("client-123");
    expect($("#whoop-connect").textContent).toBe("Reconnect");
    expect($("#notion-status").textContent).toBe("Connected to Ana's Notion");
    expect($("#notion-database").textContent).toContain("Daily Tracking");
  });

  it("says when WHOOP needs a reconnect", async () => {
    const overview = fx.overview({ whoop: { state: "needs_reconnect", userName: "Ana", clientId: "c", redirectUri: null } });
    await mount(connectedShell().answer("overview", overview));
    expect($("#whoop-status").textContent).toContain("Needs reconnect");
  });

  it("connects WHOOP with the typed credentials and the shown redirect URI, then forgets the secret", async () => {
    const shell = freshShell().answer("whoop_connect", { authorizeUrl: "https://whoop.example/auth", listens: true, appLink: false });
    await mount(shell);
    fill("whoop-client-id", " my-client ");
    fill("whoop-client-secret", "s3cret");
    await submit("#whoop-form");
    expect(shell.callsOf("whoop_connect")).toEqual([{ clientId: "my-client", clientSecret: "s3cret", redirectUri: "http://127.0.0.1:8765/callback" }]);
    expect($<HTMLInputElement>("#whoop-client-secret").value).toBe("");
    expect($("#whoop-waiting").hidden).toBe(false);
    await click("#whoop-open-again");
    expect(shell.callsOf("open_url")).toEqual([{ url: "https://whoop.example/auth" }]);
    shell.answer("overview", fx.overview());
    shell.emit("whoop-connected", { name: "Ana Example" });
    await settle();
    expect($("#whoop-waiting").hidden).toBe(true);
    expect($("#whoop-result").textContent).toContain("Ana Example");
    expect($("#whoop-status").textContent).toBe("Connected as Ana Example");
  });

  it("asks for the pasted address when the shell can't listen, and calls whoop_finish", async () => {
    const shell = freshShell()
      .answer("whoop_connect", { authorizeUrl: "https://whoop.example/auth", listens: false, appLink: false })
      .answer("whoop_finish", { name: "Ana Example" });
    await mount(shell);
    $<HTMLInputElement>("#whoop-way-paste").click();
    expect($<HTMLInputElement>("#whoop-redirect-uri").value).toBe("https://localhost:8765/callback");
    fill("whoop-client-id", "id");
    fill("whoop-client-secret", "secret");
    await submit("#whoop-form");
    expect(shell.callsOf("whoop_connect")[0]?.redirectUri).toBe("https://localhost:8765/callback");
    expect($("#whoop-paste").hidden).toBe(false);
    expect(document.activeElement?.id).toBe("whoop-paste-url");
    fill("whoop-paste-url", "https://localhost:8765/callback?code=abc&state=xyz");
    await submit("#whoop-paste");
    expect(shell.callsOf("whoop_finish")).toEqual([{ pastedUrl: "https://localhost:8765/callback?code=abc&state=xyz" }]);
    expect($<HTMLInputElement>("#whoop-paste-url").value).toBe("");
    expect($("#whoop-paste").hidden).toBe(true);
  });

  it("offers the three ways back in order, and the address shown is the one sent", async () => {
    const shell = freshShell().answer("whoop_connect", { authorizeUrl: "https://whoop.example/auth", listens: false, appLink: true });
    await mount(shell);
    const ways = [...document.querySelectorAll<HTMLInputElement>("input[name='whoop-way']")].map((i) => i.value);
    expect(ways).toEqual(["loopback", "app-link", "paste"]);
    expect($<HTMLInputElement>("#whoop-way-loopback").checked).toBe(true);
    const shown: string[] = [];
    for (const way of ways) {
      $<HTMLInputElement>(`#whoop-way-${way}`).click();
      shown.push($<HTMLInputElement>("#whoop-redirect-uri").value);
    }
    expect(shown).toEqual(["http://127.0.0.1:8765/callback", "whoop-notion-sync://oauth/callback", "https://localhost:8765/callback"]);

    // The app link: no pasting; the browser hands the link over and the shell says when it's done.
    $<HTMLInputElement>("#whoop-way-app-link").click();
    fill("whoop-client-id", "id");
    fill("whoop-client-secret", "secret");
    await submit("#whoop-form");
    expect(shell.callsOf("whoop_connect")[0]?.redirectUri).toBe($<HTMLInputElement>("#whoop-redirect-uri").value);
    expect($("#whoop-waiting").hidden).toBe(false);
    expect($("#whoop-paste").hidden).toBe(true);
    shell.answer("overview", fx.overview());
    shell.emit("whoop-connected", { name: "Ana Example" });
    await settle();
    expect($("#whoop-status").textContent).toBe("Connected as Ana Example");
  });

  it("offers the way the saved redirect URI is, when reconnecting", async () => {
    const overview = fx.overview({ whoop: { state: "needs_reconnect", userName: "Ana", clientId: "c", redirectUri: "whoop-notion-sync://oauth/callback" } });
    await mount(connectedShell().answer("overview", overview));
    expect($<HTMLInputElement>("#whoop-way-app-link").checked).toBe(true);
    expect($<HTMLInputElement>("#whoop-redirect-uri").value).toBe("whoop-notion-sync://oauth/callback");
  });

  it("reconnects the same app without asking for its secret again", async () => {
    const overview = fx.overview({ whoop: { state: "needs_reconnect", userName: "Ana", clientId: "my-client", redirectUri: null } });
    const shell = connectedShell().answer("overview", overview)
      .answer("whoop_connect", { authorizeUrl: "https://whoop.example/auth", listens: true, appLink: false });
    await mount(shell);
    expect($<HTMLInputElement>("#whoop-client-id").value).toBe("my-client");
    expect($<HTMLInputElement>("#whoop-client-secret").placeholder).toContain("leave empty");
    await submit("#whoop-form");
    expect(shell.callsOf("whoop_connect")).toEqual([{ clientId: "my-client", clientSecret: "", redirectUri: "http://127.0.0.1:8765/callback" }]);
    expect($("#whoop-form-error").hidden).toBe(true);
  });

  it("doesn't call the shell without a secret", async () => {
    const shell = freshShell();
    await mount(shell);
    fill("whoop-client-id", "id");
    await submit("#whoop-form");
    expect(shell.callsOf("whoop_connect")).toEqual([]);
    expect($("#whoop-form-error").hidden).toBe(false);
    expect(document.activeElement?.id).toBe("whoop-client-secret");
  });

  it("keeps the secret when connecting fails, so the user can fix the id", async () => {
    const shell = freshShell().reject("whoop_connect", { code: "whoop_invalid_client", message: "WHOOP doesn't know that client id" });
    await mount(shell);
    fill("whoop-client-id", "typo");
    fill("whoop-client-secret", "secret");
    await submit("#whoop-form");
    expect($<HTMLInputElement>("#whoop-client-secret").value).toBe("secret");
    expect($("#error-banner").dataset.code).toBe("whoop_invalid_client");
  });

  it("connects Notion, clears the token and lists the databases", async () => {
    const connectedNotion = fx.freshOverview({ notion: { state: "connected", workspace: "Ana's Notion", database: null, databaseId: null, databaseUrl: null } });
    const shell = freshShell()
      .answer("notion_connect", { workspace: "Ana's Notion", name: "Sync" })
      .answer("notion_databases", fx.databases());
    await mount(shell);
    fill("notion-token", "ntn_secret");
    shell.answer("overview", connectedNotion);
    await submit("#notion-form");
    expect(shell.callsOf("notion_connect")).toEqual([{ token: "ntn_secret" }]);
    expect($<HTMLInputElement>("#notion-token").value).toBe("");
    expect(visible($("#notion-databases"))).toBe(true);
    expect($$("#notion-databases button").map((b) => b.textContent)).toEqual(["Daily Tracking", "Reading list"]);
  });

  it("picks a database from the list with notion_use", async () => {
    const shell = connectedShell().answer("notion_use", fx.overview({ notion: { ...fx.overview().notion, database: "Reading list", databaseId: "db-reading" } }));
    await mount(shell);
    await click("#tab-connect");
    await click('#notion-databases button[data-id="ds-reading"]');
    expect(shell.callsOf("notion_use")).toEqual([{ idOrUrl: "ds-reading" }]);
    expect($('#notion-databases button[data-id="ds-reading"]').getAttribute("aria-current")).toBe("true");
    expect($("#notion-result").textContent).toContain("Reading list");
  });

  it("uses a pasted database URL", async () => {
    const shell = connectedShell().answer("notion_use", fx.overview());
    await mount(shell);
    await click("#tab-connect");
    fill("notion-use-url", "https://www.notion.so/me/Daily-Tracking-abc123");
    await submit("#notion-url-form");
    expect(shell.callsOf("notion_use")).toEqual([{ idOrUrl: "https://www.notion.so/me/Daily-Tracking-abc123" }]);
  });

  it("explains how to share the database when the token sees none", async () => {
    await mount(connectedShell().answer("notion_databases", []));
    await click("#tab-connect");
    expect($("#notion-empty").hidden).toBe(false);
    expect($<HTMLDetailsElement>("#notion-share-help").open).toBe(true);
    expect($("#notion-share-help").textContent).toContain("••• → Connections");
  });

  it("offers to create a database when the connection sees pages but no database", async () => {
    const shell = connectedShell()
      .answer("overview", fx.overview({ notion: { ...fx.overview().notion, database: null, databaseId: null, databaseUrl: null } }))
      .answer("notion_databases", []);
    await mount(shell);
    await click("#tab-connect");
    expect(shell.callsOf("notion_pages")).toEqual([undefined]);
    expect($<HTMLDetailsElement>("#notion-create").open).toBe(true);
    expect(visible($("#notion-pages"))).toBe(true);
    expect($$("#notion-pages button").map((b) => b.textContent)).toEqual(["Health", "Journal"]);
    expect($<HTMLInputElement>("#notion-create-title").value).toBe("Daily Tracking");
    // Nothing picked yet: nothing to create.
    expect($<HTMLButtonElement>("#notion-create-submit").disabled).toBe(true);
    // The window never tells the user to run a command.
    expect($("#notion-create").textContent).not.toContain("whoop-notion");
  });

  it("doesn't offer it while a database is listed, but keeps it one click away", async () => {
    const shell = connectedShell();
    await mount(shell);
    await click("#tab-connect");
    expect($<HTMLDetailsElement>("#notion-create").open).toBe(false);
    expect(shell.callsOf("notion_pages")).toEqual([]);
    const details = $<HTMLDetailsElement>("#notion-create");
    details.open = true;
    details.dispatchEvent(new Event("toggle"));
    await settle();
    expect(shell.callsOf("notion_pages")).toEqual([undefined]);
    expect($$("#notion-pages button")).toHaveLength(2);
  });

  it("creates the database under the picked page, then shows it as chosen", async () => {
    const created = fx.overview({ notion: { ...fx.overview().notion, database: "Daily Tracking", databaseId: "db-new", databaseUrl: "https://www.notion.so/db-new" } });
    const shell = connectedShell()
      .answer("overview", fx.overview({ notion: { ...fx.overview().notion, database: null, databaseId: null, databaseUrl: null } }))
      .answer("notion_databases", [])
      .answer("notion_create_database", created);
    await mount(shell);
    await click("#tab-connect");
    await click('#notion-pages button[data-id="page-journal"]');
    expect($('#notion-pages button[data-id="page-journal"]').getAttribute("aria-pressed")).toBe("true");
    expect($<HTMLButtonElement>("#notion-create-submit").disabled).toBe(false);
    shell.answer("notion_databases", [{ id: "ds-new", name: "Daily Tracking", databaseId: "db-new" }]);
    await submit("#notion-create-form");
    expect(shell.callsOf("notion_create_database")).toEqual([{ parent: "page-journal", title: "Daily Tracking" }]);
    expect($("#notion-result").textContent).toContain("Now syncing into Daily Tracking");
    expect($("#notion-database").textContent).toContain("Daily Tracking");
    // The list is read again and marks the new database as the current one.
    expect($('#notion-databases button[data-id="ds-new"]').getAttribute("aria-current")).toBe("true");
    expect($<HTMLDetailsElement>("#notion-create").open).toBe(false);
  });

  it("shows why Notion refused to create it, with a way to the connection's settings", async () => {
    const shell = connectedShell()
      .answer("notion_databases", [])
      .reject("notion_create_database", { code: "notion_no_permission", message: "Notion didn't let the app add content. Allow Insert content." });
    await mount(shell);
    await click("#tab-connect");
    await click('#notion-pages button[data-id="page-health"]');
    await submit("#notion-create-form");
    expect($("#error-banner").dataset.code).toBe("notion_no_permission");
    expect($("#error-message").textContent).toContain("Insert content");
    const action = $("#error-action");
    expect(action.dataset.action).toBe("notion-settings");
    await click(action);
    expect(shell.callsOf("open_url")).toEqual([{ url: "https://www.notion.so/profile/integrations" }]);
    // Still offered, so the user can try again once it is allowed.
    expect($('#notion-pages button[data-id="page-health"]').getAttribute("aria-pressed")).toBe("true");
  });

  it("opens the developer dashboard in the system browser", async () => {
    const shell = freshShell();
    await mount(shell);
    await click("#whoop-dashboard-link");
    expect(shell.callsOf("open_url")).toEqual([{ url: "https://developer-dashboard.whoop.com" }]);
  });

  it("disables the forms in demo mode", async () => {
    await mount(connectedShell().answer("overview", fx.overview({ mode: "demo" })));
    await click("#tab-connect");
    expect($("#connect-demo-note").hidden).toBe(false);
    expect($<HTMLFieldSetElement>("#whoop-section fieldset").disabled).toBe(true);
  });
});
