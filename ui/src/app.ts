// The window: demo banner, header, error banner, demo offer, tabs, and the recent days beside
// them. Owns the Overview and the one error banner; screens get an AppContext and re-render
// from every `overview` event.
import * as api from "./api/commands";
import { toAppError } from "./api/errors";
import type { AppError, Overview } from "./api/types";
import type { Unlisten } from "./api/transport";
import { createDemo } from "./components/demo";
import { h } from "./components/dom";
import { createNoTrayNotice } from "./components/no-tray";
import { createWorkoutsReconnect } from "./components/workouts-reconnect";
import { createErrorBanner } from "./components/error-banner";
import { createHeader } from "./components/header";
import { createRecentDays } from "./components/recent-days";
import { lazyScreen } from "./components/lazy-screen";
import { createTabs } from "./components/tabs";
import { TABS, type AppContext, type Screen, type TabId } from "./context";
import { actionFor, TRANSIENT, type ErrorAction } from "./error-actions";
import { createConnect } from "./screens/connect";
import { NOTION_INTEGRATIONS } from "./screens/connect-notion";
import { createHistory } from "./screens/history";
import { createMapping } from "./screens/mapping";
import { createSettings } from "./screens/settings";

export interface App {
  el: HTMLElement;
  ctx: AppContext;
  /** Subscribes to the shell's events, then loads the first Overview. */
  start(): Promise<void>;
  /** Unsubscribes (tests; the window itself just closes). */
  stop(): void;
  tab(): TabId;
}

export function createApp(root: HTMLElement): App {
  let overview: Overview | null = null;
  let local: { error: AppError; retry: (() => unknown) | undefined } | null = null;
  let dismissedAttention: string | null = null;
  let navigated = false;
  const unlisten: Unlisten[] = [];

  const ctx: AppContext = {
    overview: () => overview,
    setOverview,
    fail,
    async run(op, retry) {
      try {
        return await op();
      } catch (reason) {
        fail(toAppError(reason), retry ?? op);
        return undefined;
      }
    },
    go,
    resolve: (error) => { perform(actionFor(error.code), undefined); },
    openUrl: (url) => { void ctx.run(() => api.openUrl(url)); },
  };

  const header = createHeader(ctx);
  const demo = createDemo(ctx);
  const noTray = createNoTrayNotice();
  const banner = createErrorBanner(onBannerAction, onBannerDismiss);
  const recent = createRecentDays(ctx);
  const connect = createConnect(ctx);
  const settings = createSettings(ctx);
  const workoutsReconnect = createWorkoutsReconnect(() => {
    go("connect", "whoop-connect");
    connect.reconnectWhoop();
  });
  const screens: Record<TabId, Screen> = {
    connect,
    mapping: createMapping(ctx),
    history: createHistory(ctx),
    // Loaded when first opened, charts and all: the start-up bundle stays as it was.
    trends: lazyScreen(ctx, async () => (await import("./screens/trends")).createTrends),
    settings,
  };
  const panels = Object.fromEntries(TABS.map((t) => [t.id,
    h("section", { role: "tabpanel", id: `panel-${t.id}`, "aria-labelledby": `tab-${t.id}`, tabindex: "-1", class: "panel", hidden: true }, screens[t.id].el),
  ])) as Record<TabId, HTMLElement>;
  const tabs = createTabs(TABS, (id) => { navigated = true; showTab(id); });

  const el = h("div", { class: "app" },
    demo.banner,
    header.el,
    noTray.el,
    workoutsReconnect.el,
    banner.el,
    h("div", { class: "body" },
      h("main", { class: "main", id: "main" }, demo.offer, tabs.el, TABS.map((t) => panels[t.id])),
      recent.el,
    ),
  );
  root.replaceChildren(el);
  let shown: TabId = tabs.selected();
  panels[shown].hidden = false;

  function showTab(id: TabId): void {
    if (id === shown) return;
    screens[shown].deactivate?.();
    panels[shown].hidden = true;
    shown = id;
    panels[id].hidden = false;
    screens[id].activate?.();
  }

  function go(tab: TabId, focusId?: string): void {
    navigated = true;
    tabs.select(tab);
    const target = focusId ? document.getElementById(focusId) : null;
    if (target instanceof HTMLDetailsElement) {
      target.open = true;
      target.querySelector("summary")?.focus();
    } else if (target && !target.closest("[hidden]")) {
      target.focus();
    } else {
      panels[tab].focus();
    }
  }

  function setOverview(next: Overview): void {
    overview = next;
    el.dataset.mode = next.mode;
    header.update(next);
    demo.update(next);
    noTray.update(next);
    workoutsReconnect.update(next);
    recent.update(next);
    for (const t of TABS) screens[t.id].update(next);
    if (!navigated) {
      // First look: set-up first if anything is missing, else what happened lately.
      const ready = next.mode === "demo" || (next.whoop.state === "connected" && next.notion.state === "connected" && next.notion.databaseId !== null);
      navigated = true;
      const first: TabId = ready ? "history" : "connect";
      // Selecting the tab already shown changes nothing, so it must be activated by hand.
      if (first === shown) screens[first].activate?.();
      else tabs.select(first);
    }
    paintBanner();
  }

  function attentionKey(error: AppError): string {
    return `${error.code}\u0000${error.message}`;
  }

  function paintBanner(): void {
    if (local) {
      banner.show(local.error, local.retry !== undefined);
      return;
    }
    const attention = overview?.tray.attention ?? null;
    if (attention && attentionKey(attention) !== dismissedAttention) banner.show(attention, true);
    else banner.show(null, false);
  }

  function fail(error: AppError, retry?: () => unknown): void {
    // Retry only where waiting may help; elsewhere the button leads to the fix instead.
    local = { error, retry: TRANSIENT.has(error.code) ? retry : undefined };
    paintBanner();
  }

  function perform(action: ErrorAction, retry: (() => unknown) | undefined): void {
    switch (action.kind) {
      case "whoop": go("connect", overview?.whoop.clientId ? "whoop-client-secret" : "whoop-client-id"); break;
      case "notion": go("connect", "notion-token"); break;
      case "database": go("connect", overview?.notion.state === "connected" ? "notion-pick-title" : "notion-token"); break;
      case "share-help": go("connect", "notion-share-help"); break;
      case "notion-settings": void ctx.run(() => api.openUrl(NOTION_INTEGRATIONS)); break;
      case "mapping": go("mapping"); break;
      case "retry": void (retry ?? header.syncNow)(); break;
      case "logs": void ctx.run(() => api.openLogs()); break;
      case "none": break;
    }
  }

  function onBannerAction(action: ErrorAction): void {
    if (local) {
      const retry = local.retry;
      // Acting on it is acknowledging it; a new failure will show again.
      local = null;
      paintBanner();
      perform(action, retry);
    } else {
      // The tray's attention stays until the shell clears it; Retry means another sync.
      perform(action, header.syncNow);
    }
  }

  function onBannerDismiss(): void {
    if (local) local = null;
    else if (overview?.tray.attention) dismissedAttention = attentionKey(overview.tray.attention);
    paintBanner();
  }

  async function refresh(): Promise<void> {
    try {
      setOverview(await api.overview());
    } catch (reason) {
      fail(toAppError(reason), refresh);
    }
  }

  async function subscribe(): Promise<void> {
    const subscriptions = [
      api.on("overview", setOverview),
      api.on("backfill-progress", (p) => { settings.onProgress(p); }),
      api.on("whoop-connected", (p) => {
        connect.onWhoopConnected(p.name);
        void refresh();
      }),
      api.on("connect-failed", (error) => {
        connect.onConnectFailed();
        fail(toAppError(error));
      }),
    ];
    for (const s of subscriptions) {
      try {
        unlisten.push(await s);
      } catch (reason) {
        fail(toAppError(reason));
      }
    }
  }

  return {
    el,
    ctx,
    async start() {
      await subscribe();
      await refresh();
    },
    stop() {
      for (const u of unlisten.splice(0)) u();
    },
    tab: () => shown,
  };
}
