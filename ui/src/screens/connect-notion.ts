// Connect → Notion: paste the connection token, then pick the database from what the token can
// see or paste its URL. The classic stumble is a database that isn't shared with the
// connection; the sharing steps are always one click away and open by themselves when the
// list comes back empty. A user without a suitable database can have one created (see
// connect-notion-create.ts).
import * as api from "../api/commands";
import type { DataSourceRef, Overview } from "../api/types";
import { h, preserveFocus, replace, show } from "../components/dom";
import { externalLink } from "../components/links";
import type { AppContext } from "../context";
import { createDatabaseOffer } from "./connect-notion-create";
import { connectionText } from "./connect-status";

export const NOTION_INTEGRATIONS = "https://www.notion.so/profile/integrations";

export interface NotionSection {
  el: HTMLElement;
  update(overview: Overview): void;
  /** The tab was shown: (re)load the databases if connected. */
  activate(): void;
}

export function createNotionSection(ctx: AppContext): NotionSection {
  let latest: Overview | null = null;
  let loadedFor: string | null = null; // workspace the list was loaded for
  let loading = false;
  let items: DataSourceRef[] | null = null; // the last list Notion returned

  const status = h("p", { id: "notion-status", class: "conn-status" });
  const disconnect = h("button", { type: "button", id: "notion-disconnect", class: "quiet", onclick: () => { void doDisconnect(); } }, "Disconnect");
  const token = h("input", { id: "notion-token", type: "password", autocomplete: "off", spellcheck: "false", placeholder: "ntn_…", "aria-required": "true" });
  const connect = h("button", { type: "submit", id: "notion-connect", class: "primary" }, "Connect");
  const tokenError = h("p", { id: "notion-form-error", class: "field-error", hidden: true });
  const result = h("p", { id: "notion-result", role: "status", class: "small" });

  const current = h("p", { id: "notion-database" });
  const list = h("ul", { id: "notion-databases", class: "choices", "aria-labelledby": "notion-pick-title" });
  const empty = h("p", { id: "notion-empty", class: "notice", hidden: true },
    "Your connection can't see any database yet. Share it first (below), then refresh.");
  const refresh = h("button", { type: "button", id: "notion-refresh", class: "quiet", onclick: () => { void load(); } }, "Refresh list");
  const shareHelp = h("details", { id: "notion-share-help" },
    h("summary", null, "Don't see your database?"),
    h("p", null, "In Notion, open your daily-tracking database, click ", h("strong", null, "•••"), " → ",
      h("strong", null, "Connections"), " → add your connection. Then refresh the list."),
  );
  const create = createDatabaseOffer(ctx, (next) => {
    chosen(next, "your new database");
    void load();
  });
  const url = h("input", { id: "notion-use-url", type: "text", autocomplete: "off", spellcheck: "false", placeholder: "https://www.notion.so/…" });
  const use = h("button", { type: "submit", id: "notion-use" }, "Use");

  const tokenForm = h("form", { id: "notion-form", onsubmit: (e: Event) => { e.preventDefault(); void doConnect(); } },
    h("details", { id: "notion-token-help" },
      h("summary", null, "Where to get a token"),
      h("ol", null,
        h("li", null, "Open ", externalLink(ctx, "Notion's integrations page", NOTION_INTEGRATIONS, { id: "notion-integrations-link" }),
          " → New integration (internal), pick your workspace."),
        h("li", null, "Copy its token (it starts with ntn_) and paste it here."),
      ),
    ),
    h("div", { class: "field" },
      h("label", { for: "notion-token" }, "Connection token"),
      h("div", { class: "row" }, token, connect),
    ),
    tokenError,
  );

  const pick = h("div", { id: "notion-pick", class: "pick", hidden: true },
    h("h3", { id: "notion-pick-title", tabindex: "-1" }, "Database"),
    current,
    list, empty,
    h("div", { class: "row" }, refresh),
    shareHelp,
    create.el,
    h("form", { id: "notion-url-form", onsubmit: (e: Event) => { e.preventDefault(); void doUse(url.value.trim()); } },
      h("div", { class: "field" },
        h("label", { for: "notion-use-url" }, "…or paste the database's URL"),
        h("div", { class: "row" }, url, use),
      ),
    ),
  );

  const fields = h("fieldset", { class: "plain" }, h("legend", { class: "visually-hidden" }, "Notion connection"), tokenForm, pick);
  const el = h("section", { class: "card", id: "notion-section", "aria-labelledby": "notion-title" },
    h("div", { class: "card-head" }, h("h2", { id: "notion-title" }, "Notion"), status, disconnect),
    fields, result,
  );

  function isCurrent(ds: DataSourceRef): boolean {
    const id = latest?.notion.databaseId;
    return !!id && (ds.databaseId === id || ds.id === id);
  }

  function paintList(shown: DataSourceRef[]): void {
    replace(list, shown.map((ds) => {
      const on = isCurrent(ds);
      return h("li", null, h("button", {
        type: "button",
        class: on ? "choice current" : "choice",
        "data-id": ds.id,
        "aria-current": on ? "true" : null,
        onclick: () => { void doUse(ds.id, ds.name); },
      }, ds.name || "Untitled", on && h("span", { class: "muted" }, " (syncing here)")));
    }));
    show(empty, shown.length === 0);
    // Nothing visible almost always means "not shared yet": show how.
    if (shown.length === 0) shareHelp.open = true;
  }

  async function load(): Promise<void> {
    if (loading) return;
    loading = true;
    list.setAttribute("aria-busy", "true");
    refresh.disabled = true;
    const found = await ctx.run(() => api.notionDatabases());
    loading = false;
    list.removeAttribute("aria-busy");
    refresh.disabled = false;
    if (found) {
      items = found;
      loadedFor = latest?.notion.workspace ?? "";
      paintList(found);
      // No database to sync into: offer to create one where the connection can.
      if (found.length === 0) await create.offer();
    }
  }

  async function doConnect(): Promise<void> {
    const value = token.value.trim();
    if (!value) {
      tokenError.textContent = "Paste your Notion connection token.";
      show(tokenError, true);
      token.focus();
      return;
    }
    show(tokenError, false);
    connect.disabled = true;
    const done = await ctx.run(() => api.notionConnect(value));
    connect.disabled = false;
    if (!done) return;
    // Checked and stored by the shell: the page needn't hold the token any more.
    token.value = "";
    result.textContent = done.workspace ? `Connected to Notion (${done.workspace}).` : "Connected to Notion.";
    const next = await ctx.run(() => api.overview());
    if (next) ctx.setOverview(next);
    await load();
  }

  async function doUse(idOrUrl: string, name?: string): Promise<void> {
    if (!idOrUrl) {
      url.focus();
      return;
    }
    const next = await ctx.run(() => api.notionUse(idOrUrl));
    if (!next) return;
    url.value = "";
    chosen(next, name);
  }

  function chosen(next: Overview, name?: string): void {
    ctx.setOverview(next);
    replace(result, `Now syncing into ${next.notion.database ?? name ?? "that database"}. `,
      h("button", { type: "button", id: "notion-check-mapping", class: "link", onclick: () => { ctx.go("mapping"); } }, "Check the mapping"));
  }

  async function doDisconnect(): Promise<void> {
    const next = await ctx.run(() => api.notionDisconnect());
    if (!next) return;
    result.textContent = "Disconnected from Notion.";
    replace(list);
    items = null;
    loadedFor = null;
    create.reset();
    ctx.setOverview(next);
  }

  return {
    el,
    update(overview) {
      const previousDb = latest?.notion.databaseId;
      latest = overview;
      const n = overview.notion;
      status.textContent = connectionText("Notion", n.state, n.workspace, "to");
      status.dataset.state = n.state;
      show(disconnect, n.state !== "not_connected");
      fields.disabled = overview.mode === "demo";
      disconnect.disabled = overview.mode === "demo";
      connect.textContent = n.state === "not_connected" ? "Connect" : "Replace token";
      show(pick, n.state === "connected");
      if (n.database) {
        replace(current, "Syncing into ", h("strong", null, n.database),
          n.databaseUrl && " · ", n.databaseUrl && externalLink(ctx, "open in Notion", n.databaseUrl, { id: "notion-database-link" }));
      } else {
        replace(current, "No database chosen yet: pick one below.");
      }
      // Re-mark the current database without asking Notion again.
      if (previousDb !== n.databaseId && items) {
        const shown = items;
        preserveFocus(list, () => { paintList(shown); });
      }
      if (n.state !== "connected") loadedFor = null;
    },
    activate() {
      if (latest?.notion.state === "connected" && loadedFor !== (latest.notion.workspace ?? "")) void load();
    },
  };
}
