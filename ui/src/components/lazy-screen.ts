// A tab whose screen is loaded on first show (a dynamic import, its own chunk): the window's
// start-up bundle carries only this stand-in. Until the code arrives it keeps the latest
// Overview to hand over, and says it is loading.
import type { Overview } from "../api/types";
import type { AppContext, Screen } from "../context";
import { h } from "./dom";

export function lazyScreen(ctx: AppContext, load: () => Promise<(ctx: AppContext) => Screen>): Screen {
  let screen: Screen | null = null;
  let loading: Promise<void> | null = null;
  let latest: Overview | null = null;
  let active = false;
  // Busy only while loading: tests and assistive tech read aria-busy as "work under way".
  const el = h("div", { class: "lazy-screen" }, h("p", { class: "muted" }, "Loading…"));

  function start(): Promise<void> {
    el.setAttribute("aria-busy", "true");
    loading ??= load().then((create) => {
      screen = create(ctx);
      el.replaceChildren(screen.el);
      el.removeAttribute("aria-busy");
      if (latest) screen.update(latest);
      if (active) screen.activate?.();
    }, (reason: unknown) => {
      loading = null;
      el.removeAttribute("aria-busy");
      el.replaceChildren(h("p", { class: "error-text" }, `This view couldn't be loaded (${String(reason)}). Open the tab again to retry.`));
    });
    return loading;
  }

  return {
    el,
    update(overview) {
      latest = overview;
      screen?.update(overview);
    },
    activate() {
      active = true;
      if (screen) screen.activate?.();
      else void start();
    },
    deactivate() {
      active = false;
      screen?.deactivate?.();
    },
  };
}
