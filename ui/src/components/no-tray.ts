// Stock GNOME shows no tray icons (no StatusNotifierItem host without an extension): the app
// then syncs on unseen. Say so once, with how to get the icon; everything the tray offers is
// in this window too (Sync now and Pause above, recent days beside, Quit in Settings).
import type { Overview } from "../api/types";
import { h } from "./dom";

const SEEN_KEY = "whoop-notion-sync.no-tray-notice-seen";

export interface NoTrayNotice { el: HTMLElement; update(overview: Overview): void }

function seen(): boolean {
  try {
    return localStorage.getItem(SEEN_KEY) === "1";
  } catch {
    return false;
  }
}

export function createNoTrayNotice(): NoTrayNotice {
  const ok = h("button", { type: "button", id: "no-tray-dismiss", onclick: () => { dismiss(); } }, "Got it");
  const el = h("div", { id: "no-tray-notice", class: "banner info", role: "status", hidden: true },
    h("div", { class: "banner-text" },
      h("strong", null, "Your desktop shows no tray icons"),
      h("span", null,
        "WHOOP → Notion Sync keeps syncing in the background; open it from your applications menu. ",
        "To see its icon in GNOME's top bar, install the “AppIndicator and KStatusNotifierItem Support” extension ",
        "(package ", h("code", null, "gnome-shell-extension-appindicator"), ")."),
    ),
    h("div", { class: "banner-actions" }, ok),
  );

  function dismiss(): void {
    try {
      localStorage.setItem(SEEN_KEY, "1");
    } catch {
      // Private storage off: it just shows again next time.
    }
    el.hidden = true;
  }

  return {
    el,
    update(overview) {
      el.hidden = !overview.trayHidden || seen();
    },
  };
}
