// Which button an error gets, decided by its code alone. Messages are for reading: they change
// wording, get translated and may mention words like "reconnect" for unrelated reasons, so
// nothing here ever looks at them.
import { TRANSIENT_CODES } from "./api/generated";
import type { ErrorCode } from "./api/types";

export type ErrorActionKind =
  | "whoop" // go to Connect → WHOOP
  | "notion" // go to Connect → Notion token
  | "database" // go to Connect → pick a database
  | "share-help" // show how to share the database with the connection
  | "notion-settings" // open the connection's settings in Notion (its capabilities)
  | "mapping" // go to the Mapping tab
  | "retry" // run the failed thing again (transient)
  | "logs" // open the log folder
  | "none";

export interface ErrorAction { kind: ErrorActionKind; label: string }

/** The codes that may pass by themselves (the engine's `needs_user() == false`), generated from it. */
export const TRANSIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>(TRANSIENT_CODES);

const ACTIONS: Record<ErrorCode, ErrorAction> = {
  whoop_reconnect: { kind: "whoop", label: "Reconnect WHOOP" },
  whoop_not_connected: { kind: "whoop", label: "Connect WHOOP" },
  whoop_invalid_client: { kind: "whoop", label: "Check WHOOP app details" },
  notion_unauthorized: { kind: "notion", label: "Reconnect Notion" },
  notion_not_connected: { kind: "notion", label: "Connect Notion" },
  notion_not_found: { kind: "share-help", label: "How to share the database" },
  // Notion refused what the mapping asked for (e.g. the day-key query): the mapping is where to look.
  notion_rejected: { kind: "mapping", label: "Open mapping" },
  // The connection lacks "Insert content" (creating a database): it is set in Notion.
  notion_no_permission: { kind: "notion-settings", label: "Open Notion connection settings" },
  no_database: { kind: "database", label: "Choose a database" },
  mapping_broken: { kind: "mapping", label: "Open mapping" },
  invalid_input: { kind: "none", label: "" },
  keychain_unavailable: { kind: "logs", label: "Open logs" },
  secret_store: { kind: "logs", label: "Open logs" },
  rate_limited: { kind: "retry", label: "Retry" },
  network: { kind: "retry", label: "Retry" },
  // A Wi-Fi sign-in page answered in place of the services: once signed in there, a retry works.
  network_web_page: { kind: "retry", label: "Retry" },
  server: { kind: "retry", label: "Retry" },
  busy: { kind: "retry", label: "Retry" },
  history: { kind: "logs", label: "Open logs" },
  // Nothing to do: the damaged history is kept beside the new one the next sync starts.
  history_moved_aside: { kind: "none", label: "" },
  // Nothing to do here: the export's own line says what to sync first.
  nothing_to_export: { kind: "none", label: "" },
  config: { kind: "logs", label: "Open logs" },
  // The damaged settings are kept beside the fresh ones; the setup starts over with WHOOP.
  config_moved_aside: { kind: "whoop", label: "Set up again" },
  internal: { kind: "logs", label: "Open logs" },
};

export function actionFor(code: ErrorCode): ErrorAction {
  return ACTIONS[code];
}

/** A heading for the banner, so the kind of problem reads before the details. */
export function titleFor(code: ErrorCode): string {
  switch (ACTIONS[code].kind) {
    case "whoop": return "WHOOP needs attention";
    case "notion": return "Notion needs attention";
    case "database": return "No Notion database chosen";
    case "share-help": return "Notion can't see the database";
    case "notion-settings": return "Notion needs a permission";
    case "mapping": return "The mapping needs attention";
    case "retry": return "Couldn't reach the service";
    default: return code === "invalid_input" ? "Check what you entered" : "Something went wrong";
  }
}
