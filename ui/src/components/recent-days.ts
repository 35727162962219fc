// The last few days the sync touched, always in view: the quickest answer to "did it work?".
import type { Overview } from "../api/types";
import type { AppContext } from "../context";
import { action, day } from "../format";
import { h, replace } from "./dom";

export interface RecentDays { el: HTMLElement; update(overview: Overview): void }

export function createRecentDays(ctx: Pick<AppContext, "openUrl">): RecentDays {
  const list = h("ul", { id: "recent-days", class: "recent-list", "aria-labelledby": "recent-title" });
  const empty = h("p", { id: "recent-empty", class: "muted small" }, "Nothing synced yet.");
  const el = h("aside", { class: "recent", "aria-labelledby": "recent-title" },
    h("h2", { id: "recent-title" }, "Recent days"), list, empty);

  return {
    el,
    update(overview) {
      empty.hidden = overview.recentDays.length > 0;
      replace(list, overview.recentDays.map((d) => {
        const label = h("span", { class: "recent-day" }, day(d.day));
        const head = d.pageUrl
          ? h("button", {
            type: "button",
            class: "link",
            title: "Open this day's page in Notion",
            onclick: () => { ctx.openUrl(d.pageUrl ?? ""); },
          }, label)
          : label;
        return h("li", { "data-day": d.day, "data-action": d.action },
          h("div", { class: "recent-head" }, head, h("span", { class: `badge ${d.action}` }, action(d.action))),
          d.summary && h("span", { class: "recent-summary small" }, d.summary),
        );
      }));
    },
  };
}
