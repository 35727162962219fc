// Demo mode: offered prominently while nothing real is connected, and unmistakable while on,
// so nobody takes simulated numbers for their own.
import * as api from "../api/commands";
import type { Overview } from "../api/types";
import type { AppContext } from "../context";
import { h } from "./dom";

export interface DemoParts { banner: HTMLElement; offer: HTMLElement; update(overview: Overview): void }

export function createDemo(ctx: AppContext): DemoParts {
  let busy = false;
  const stop = h("button", { type: "button", id: "demo-stop", onclick: () => { void toggle(false); } }, "Leave demo");
  const start = h("button", { type: "button", id: "demo-start", class: "primary", onclick: () => { void toggle(true); } }, "Try it with demo data");

  const banner = h("div", { id: "demo-banner", class: "banner demo", role: "status", hidden: true },
    h("div", { class: "banner-text" },
      h("strong", null, "Demo mode — simulated WHOOP and Notion"),
      h("span", null, "Nothing here is your data, and nothing is written to your Notion."),
    ),
    h("div", { class: "banner-actions" }, stop),
  );

  const offer = h("section", { id: "demo-offer", class: "card offer", "aria-labelledby": "demo-offer-title", hidden: true },
    h("div", null,
      h("h2", { id: "demo-offer-title" }, "See it work before you connect anything"),
      h("p", { class: "muted" }, "Runs a simulated WHOOP account and Notion database on this computer and syncs 30 days into it."),
    ),
    start,
  );

  async function toggle(on: boolean): Promise<void> {
    busy = true;
    start.disabled = stop.disabled = true;
    start.textContent = on ? "Starting demo…" : "Try it with demo data";
    const next = await ctx.run(() => (on ? api.startDemo() : api.stopDemo()), () => toggle(on));
    busy = false;
    start.disabled = stop.disabled = false;
    start.textContent = "Try it with demo data";
    if (next) ctx.setOverview(next);
  }

  return {
    banner,
    offer,
    update(overview) {
      banner.hidden = overview.mode !== "demo";
      offer.hidden = overview.mode === "demo" || !overview.demoAvailable;
      if (!busy) start.disabled = stop.disabled = false;
    },
  };
}
