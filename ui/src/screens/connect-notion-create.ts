// Connect → Notion, "Create a database for me": for a user whose connection sees a page but no
// suitable database. Pick one of the pages the connection can see, name the database, and the
// app creates it with the columns it writes, chooses it and maps it. Desktop words only.
import * as api from "../api/commands";
import type { Overview, PageRef } from "../api/types";
import { h, replace, show } from "../components/dom";
import type { AppContext } from "../context";

export const DEFAULT_TITLE = "Daily Tracking";

export interface CreateOffer {
  el: HTMLElement;
  /** The database list came back empty: offer to create one when there are pages for it. */
  offer(): Promise<void>;
  /** Notion was disconnected or replaced: forget the pages. */
  reset(): void;
}

export function createDatabaseOffer(ctx: AppContext, created: (next: Overview) => void): CreateOffer {
  let pages: PageRef[] | null = null;
  let picked: string | null = null;
  let busy = false;
  let loading: Promise<PageRef[] | null> | null = null;

  const list = h("ul", { id: "notion-pages", class: "choices", "aria-label": "Pages the connection can see" });
  const empty = h("p", { id: "notion-pages-empty", class: "notice", hidden: true },
    "Your connection can't see any page yet. In Notion, open the page to put the database in, click ",
    h("strong", null, "•••"), " → ", h("strong", null, "Connections"), " → add your connection. Then open this again.");
  const title = h("input", { id: "notion-create-title", type: "text", autocomplete: "off", value: DEFAULT_TITLE });
  const submit = h("button", { type: "submit", id: "notion-create-submit", class: "primary", disabled: true }, "Create");
  const form = h("form", { id: "notion-create-form", onsubmit: (e: Event) => { e.preventDefault(); void doCreate(); } },
    h("div", { class: "field" },
      h("label", { for: "notion-create-title" }, "Database name"),
      h("div", { class: "row" }, title, submit),
    ),
  );
  const el = h("details", { id: "notion-create", ontoggle: () => { if (el.open && pages === null) void load(); } },
    h("summary", null, "Create a database for me"),
    h("p", { class: "small" }, "Pick the Notion page to put it in. It gets a date for each day and columns for recovery, sleep, HRV, resting heart rate and strain, and syncing starts there."),
    list, empty, form,
  );

  function paint(): void {
    const shown = pages ?? [];
    replace(list, shown.map((p) => h("li", null, h("button", {
      type: "button",
      class: p.id === picked ? "choice current" : "choice",
      "data-id": p.id,
      "aria-pressed": p.id === picked ? "true" : "false",
      onclick: () => { picked = p.id; paint(); },
    }, p.title || "Untitled"))));
    show(empty, pages !== null && shown.length === 0);
    submit.disabled = busy || picked === null;
  }

  /** One request at a time: opening the offer while it loads doesn't ask again. */
  function load(): Promise<PageRef[] | null> {
    loading ??= fetchPages().finally(() => { loading = null; });
    return loading;
  }

  async function fetchPages(): Promise<PageRef[] | null> {
    list.setAttribute("aria-busy", "true");
    const found = await ctx.run(() => api.notionPages());
    list.removeAttribute("aria-busy");
    if (found) {
      pages = found;
      if (picked !== null && !found.some((p) => p.id === picked)) picked = null;
      // One page: it is the only place it can go.
      if (found.length === 1) picked = found[0]?.id ?? null;
      paint();
    }
    return found ?? null;
  }

  async function doCreate(): Promise<void> {
    if (picked === null || busy) return;
    busy = true;
    paint();
    const name = title.value.trim();
    const next = await ctx.run(() => api.notionCreateDatabase(picked ?? "", name === "" ? undefined : name));
    busy = false;
    paint();
    if (!next) return;
    el.open = false;
    created(next);
  }

  return {
    el,
    async offer() {
      const found = await load();
      if (found && found.length > 0) el.open = true;
    },
    reset() {
      pages = null;
      picked = null;
      title.value = DEFAULT_TITLE;
      el.open = false;
      paint();
    },
  };
}
