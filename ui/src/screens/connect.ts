// The Connect tab: WHOOP above, Notion below. In demo mode both are simulated, so the forms
// are disabled with a note rather than letting real credentials mix with the simulators.
import type { Overview } from "../api/types";
import { h, show } from "../components/dom";
import type { AppContext, Screen } from "../context";
import { createNotionSection } from "./connect-notion";
import { createWhoopSection } from "./connect-whoop";

export interface ConnectScreen extends Screen {
  onWhoopConnected(name: string): void;
  onConnectFailed(): void;
  /** Starts the WHOOP sign-in again (the workouts prompt's button). */
  reconnectWhoop(): void;
}

export function createConnect(ctx: AppContext): ConnectScreen {
  const whoop = createWhoopSection(ctx);
  const notion = createNotionSection(ctx);
  const demoNote = h("p", { id: "connect-demo-note", class: "notice", hidden: true },
    "You're in demo mode: these connections are simulated. Leave demo mode to connect your own accounts.");
  const el = h("div", { class: "screen connect" }, demoNote, whoop.el, notion.el);

  return {
    el,
    update(overview: Overview) {
      show(demoNote, overview.mode === "demo");
      whoop.update(overview);
      notion.update(overview);
    },
    activate() {
      notion.activate();
    },
    onWhoopConnected(name) {
      whoop.onConnected(name);
    },
    onConnectFailed() {
      whoop.onFailed();
    },
    reconnectWhoop() {
      whoop.reconnect();
    },
  };
}
