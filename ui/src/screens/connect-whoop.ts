// Connect → WHOOP: the user's own developer app (client id + secret), the redirect URI they
// must register, then OAuth in the system browser. Three ways back, in this order: the shell
// listens on the loopback redirect; or the browser hands the app its own link
// (whoop-notion-sync://…), for dashboards that refuse http://; either ends with
// `whoop-connected` / `connect-failed`. Or (https) the user pastes the address the browser
// ended on and we call `whoop_finish`.
import * as api from "../api/commands";
import type { Overview } from "../api/types";
import { createCopyField } from "../components/copy-field";
import { h, show } from "../components/dom";
import { externalLink } from "../components/links";
import type { AppContext } from "../context";
import { connectionText } from "./connect-status";

export const WHOOP_DASHBOARD = "https://developer-dashboard.whoop.com";
const SCOPES = "read:recovery, read:cycles, read:sleep, read:workout, read:profile, read:body_measurement";

/** The https address to register when the dashboard refuses http:// (README: same port and path). */
export function httpsFallback(defaultUri: string): string {
  try {
    const url = new URL(defaultUri);
    return `https://localhost${url.port ? `:${url.port}` : ""}${url.pathname}`;
  } catch {
    return "https://localhost:8765/callback";
  }
}

type Flow = "idle" | "starting" | "waiting" | "paste" | "finishing";

/** How WHOOP's answer comes back to the app. */
export type RedirectWay = "loopback" | "app-link" | "paste";

/** The way a saved redirect URI is, so a reconnect offers the one registered. */
export function wayOf(uri: string | null, appLink: string): RedirectWay | null {
  if (!uri) return null;
  if (uri === appLink) return "app-link";
  return uri.startsWith("https:") ? "paste" : "loopback";
}

export interface WhoopSection {
  el: HTMLElement;
  update(overview: Overview): void;
  onConnected(name: string): void;
  onFailed(): void;
  /** Starts the sign-in again with the saved app (its secret kept), or asks for what is missing. */
  reconnect(): void;
}

export function createWhoopSection(ctx: AppContext): WhoopSection {
  let flow: Flow = "idle";
  let wayTouched = false;
  let authorizeUrl = "";

  const status = h("p", { id: "whoop-status", class: "conn-status" });
  const disconnect = h("button", { type: "button", id: "whoop-disconnect", class: "quiet", onclick: () => { void doDisconnect(); } }, "Disconnect");
  const redirect = createCopyField("whoop-redirect-uri", "Redirect URI to register");
  const wayInput = (way: RedirectWay) => h("input", {
    type: "radio", name: "whoop-way", id: `whoop-way-${way}`, value: way,
    onchange: () => { wayTouched = true; paintRedirect(); },
  });
  const ways: Record<RedirectWay, HTMLInputElement> = {
    loopback: wayInput("loopback"),
    "app-link": wayInput("app-link"),
    paste: wayInput("paste"),
  };
  ways.loopback.checked = true;
  const wayChoice = h("fieldset", { id: "whoop-ways", class: "plain ways" },
    h("legend", null, "How your browser comes back to the app"),
    h("div", { class: "check" }, ways.loopback, h("label", { for: "whoop-way-loopback" }, "Straight back to this app (recommended)")),
    h("div", { class: "check" }, ways["app-link"], h("label", { for: "whoop-way-app-link" }, "Through the app's own link, if the dashboard refuses http:// addresses")),
    h("div", { class: "check" }, ways.paste, h("label", { for: "whoop-way-paste" }, "By pasting the address back, if neither is accepted")),
  );
  const clientId = h("input", { id: "whoop-client-id", type: "text", autocomplete: "off", spellcheck: "false", "aria-required": "true" });
  const secret = h("input", { id: "whoop-client-secret", type: "password", autocomplete: "off", "aria-required": "true" });
  const connect = h("button", { type: "submit", id: "whoop-connect", class: "primary" }, "Connect");
  const formError = h("p", { id: "whoop-form-error", class: "field-error", hidden: true });
  const result = h("p", { id: "whoop-result", role: "status", class: "small" });
  const reopen = h("button", { type: "button", id: "whoop-open-again", class: "link", onclick: () => { if (authorizeUrl) ctx.openUrl(authorizeUrl); } }, "Open the sign-in page again");
  const waiting = h("p", { id: "whoop-waiting", class: "notice", hidden: true },
    "Approve access in your browser, then come back here. Browser didn't open? ", reopen);
  const pasted = h("input", { id: "whoop-paste-url", type: "url", autocomplete: "off", spellcheck: "false", placeholder: "https://localhost:8765/callback?code=…" });
  const finish = h("button", { type: "submit", id: "whoop-finish", class: "primary" }, "Finish");
  const pasteForm = h("form", { id: "whoop-paste", class: "notice", hidden: true, onsubmit: (e: Event) => { e.preventDefault(); void doFinish(); } },
    h("label", { for: "whoop-paste-url" }, "After you approve, your browser shows an error page. Copy that page's whole address and paste it here:"),
    h("div", { class: "row" }, pasted, finish),
  );

  const help = h("details", { id: "whoop-help" },
    h("summary", null, "How to get a client id and secret"),
    h("ol", null,
      h("li", null, "Open ", externalLink(ctx, "WHOOP's developer dashboard", WHOOP_DASHBOARD, { id: "whoop-dashboard-link" }), ", sign in and choose Create App."),
      h("li", null, `Scopes: ${SCOPES} — and `, h("strong", null, "offline"), ", or WHOOP makes you sign in again every hour."),
      h("li", null, "Register the redirect URI below exactly as shown."),
      h("li", null, "Copy the app's Client ID and Client Secret into the fields below."),
    ),
  );

  const form = h("form", { id: "whoop-form", onsubmit: (e: Event) => { e.preventDefault(); void doConnect(); } },
    h("div", { class: "grid2" },
      h("div", { class: "field" }, h("label", { for: "whoop-client-id" }, "Client ID"), clientId),
      h("div", { class: "field" }, h("label", { for: "whoop-client-secret" }, "Client secret"), secret),
    ),
    formError,
    h("div", { class: "row" }, connect),
  );

  const fields = h("fieldset", { class: "plain" },
    h("legend", { class: "visually-hidden" }, "WHOOP app"),
    help,
    wayChoice,
    redirect.el,
    form,
  );

  const el = h("section", { class: "card", id: "whoop-section", "aria-labelledby": "whoop-title" },
    h("div", { class: "card-head" }, h("h2", { id: "whoop-title" }, "WHOOP"), status, disconnect),
    fields, waiting, pasteForm, result,
  );

  let latest: Overview | null = null;

  /** Whether the shell holds the secret of the app with client id `id` (a reconnect). */
  function secretKept(id: string): boolean {
    const w = latest?.whoop;
    return !!w && w.state !== "not_connected" && w.clientId === id;
  }

  function chosenWay(): RedirectWay {
    return ways["app-link"].checked ? "app-link" : ways.paste.checked ? "paste" : "loopback";
  }

  /** The address to register and the one sent: always the same string. */
  function redirectUri(): string {
    const o = latest;
    if (!o) return "";
    const saved = o.whoop.redirectUri;
    const savedWay = wayOf(saved, o.appLinkRedirectUri);
    switch (chosenWay()) {
      case "app-link": return o.appLinkRedirectUri;
      case "paste": return savedWay === "paste" && saved ? saved : httpsFallback(o.defaultRedirectUri);
      default: return savedWay === "loopback" && saved ? saved : o.defaultRedirectUri;
    }
  }

  function paintRedirect(): void {
    redirect.set(redirectUri());
  }

  function paintFlow(): void {
    show(waiting, flow === "waiting");
    show(pasteForm, flow === "paste" || flow === "finishing");
    connect.disabled = flow === "starting" || flow === "finishing";
    finish.disabled = flow === "finishing";
    connect.textContent = flow === "starting" ? "Opening browser…" : latest && latest.whoop.state !== "not_connected" ? "Reconnect" : "Connect";
  }

  function fieldError(message: string | null, focus?: HTMLElement): void {
    formError.textContent = message ?? "";
    show(formError, message !== null);
    focus?.focus();
  }

  async function doConnect(): Promise<void> {
    const id = clientId.value.trim();
    const key = secret.value.trim();
    if (!id) return fieldError("Enter your WHOOP app's Client ID.", clientId);
    // Reconnecting the same app: the shell still has its secret (an empty one means "keep it").
    if (!key && !secretKept(id)) return fieldError("Enter your WHOOP app's Client secret.", secret);
    fieldError(null);
    result.textContent = "";
    flow = "starting";
    paintFlow();
    const started = await ctx.run(() => api.whoopConnect(id, key, redirectUri()));
    if (!started) {
      flow = "idle";
      paintFlow();
      return;
    }
    // The shell holds the secret now; don't keep it in the page any longer than needed.
    secret.value = "";
    authorizeUrl = started.authorizeUrl;
    flow = started.listens || started.appLink ? "waiting" : "paste";
    paintFlow();
    if (!started.listens) pasted.focus();
  }

  async function doFinish(): Promise<void> {
    const url = pasted.value.trim();
    if (!url) {
      pasted.focus();
      return;
    }
    flow = "finishing";
    paintFlow();
    const done = await ctx.run(() => api.whoopFinish(url));
    if (!done) {
      flow = "paste";
      paintFlow();
      return;
    }
    // The pasted address carries the one-time code: clear it too.
    pasted.value = "";
    section.onConnected(done.name);
    const next = await ctx.run(() => api.overview());
    if (next) ctx.setOverview(next);
  }

  async function doDisconnect(): Promise<void> {
    const next = await ctx.run(() => api.whoopDisconnect());
    if (!next) return;
    result.textContent = "Disconnected from WHOOP.";
    ctx.setOverview(next);
  }

  const section: WhoopSection = {
    el,
    update(overview) {
      latest = overview;
      const w = overview.whoop;
      status.textContent = connectionText("WHOOP", w.state, w.userName, "as");
      status.dataset.state = w.state;
      show(disconnect, w.state !== "not_connected");
      fields.disabled = overview.mode === "demo";
      disconnect.disabled = overview.mode === "demo";
      // Not a secret: prefill it, but never overwrite what the user is typing.
      if (!clientId.value && w.clientId && document.activeElement !== clientId) clientId.value = w.clientId;
      secret.placeholder = w.state !== "not_connected" && w.clientId ? "Saved (leave empty to keep it)" : "";
      secret.setAttribute("aria-required", w.state === "not_connected" ? "true" : "false");
      const saved = wayOf(w.redirectUri, overview.appLinkRedirectUri);
      if (!wayTouched && saved) ways[saved].checked = true;
      if (w.state === "not_connected" && !help.dataset.seen) {
        help.open = true;
        help.dataset.seen = "1";
      }
      paintRedirect();
      paintFlow();
    },
    onConnected(name) {
      flow = "idle";
      authorizeUrl = "";
      result.textContent = `Connected to WHOOP as ${name}.`;
      paintFlow();
    },
    onFailed() {
      flow = "idle";
      paintFlow();
    },
    reconnect() {
      if (flow === "idle") void doConnect();
    },
  };
  return section;
}
