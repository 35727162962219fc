// The one-time ask to connect WHOOP again: workouts are on (or workout metrics mapped) but the
// WHOOP sign-in predates them, so the last sync couldn't read workouts (everything else synced).
// Shown until the user acts on it or dismisses it; remembered in the window's storage.
import type { Overview } from "../api/types";
import { h } from "./dom";

const SEEN_KEY = "whoop-notion-sync.workouts-reconnect-seen";
export const WORKOUT_SCOPE = "read:workout";

export interface WorkoutsReconnect { el: HTMLElement; update(overview: Overview): void }

function seen(): boolean {
  try {
    return localStorage.getItem(SEEN_KEY) === "1";
  } catch {
    return false;
  }
}

/** `reconnect` starts the WHOOP sign-in (Connect → WHOOP). */
export function createWorkoutsReconnect(reconnect: () => void): WorkoutsReconnect {
  const connect = h("button", { type: "button", id: "workouts-reconnect-connect", class: "primary", onclick: () => { dismiss(); reconnect(); } }, "Connect WHOOP again");
  const later = h("button", { type: "button", id: "workouts-reconnect-dismiss", onclick: () => { dismiss(); } }, "Not now");
  const el = h("div", { id: "workouts-reconnect", class: "banner info", role: "status", hidden: true },
    h("div", { class: "banner-text" },
      h("strong", null, "Connect WHOOP again to add workouts"),
      h("span", null, "Your WHOOP sign-in was made before the app read workouts. Connect again and allow workouts when WHOOP asks; everything else keeps syncing either way.")),
    h("div", { class: "banner-actions" }, connect, later),
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
      // The scopes are space-separated: workouts may be missing along with the body's.
      const missing = overview.needsWhoopScope?.split(" ") ?? [];
      el.hidden = !missing.includes(WORKOUT_SCOPE) || overview.mode === "demo" || seen();
    },
  };
}
