// Status lines for the two connections, shared by both halves of the Connect screen.
import type { Connection } from "../api/types";

/** `who` is the account (WHOOP: "as Ana") or the place (Notion: "to Ana's workspace"). */
export function connectionText(service: string, state: Connection, who: string | null, preposition: "as" | "to"): string {
  switch (state) {
    case "connected": return who ? `Connected ${preposition} ${who}` : `Connected to ${service}`;
    case "needs_reconnect": return `Needs reconnect — ${service} no longer accepts the sign-in`;
    default: return "Not connected";
  }
}
