// What the screens get from the app: the latest Overview, a way to report errors into the one
// banner, and navigation. Screens never talk to each other directly.
import type { AppError, Overview } from "./api/types";

export type TabId = "connect" | "mapping" | "history" | "trends" | "settings";
export const TABS: { id: TabId; label: string }[] = [
  { id: "connect", label: "Connect" },
  { id: "mapping", label: "Mapping" },
  { id: "history", label: "History" },
  { id: "trends", label: "Trends" },
  { id: "settings", label: "Settings" },
];

export interface AppContext {
  /** The latest Overview (null until the first one arrives). */
  overview(): Overview | null;
  /** A command returned a fresh Overview: re-render everything from it. */
  setOverview(next: Overview): void;
  /** Shows `error` in the banner; `retry` is offered for transient codes. */
  fail(error: AppError, retry?: () => unknown): void;
  /**
   * Runs a command the user asked for; on failure shows the banner and resolves undefined, so
   * callers just check the result. Retry (transient codes only) calls `retry`, by default `op`
   * again; pass the caller's whole action when the result must also be shown.
   */
  run<T>(op: () => Promise<T>, retry?: () => unknown): Promise<T | undefined>;
  /** Switches tab and, after it is shown, focuses an element or reveals a section by id. */
  go(tab: TabId, focusId?: string): void;
  /** Does what the banner's button would do for this error (navigate, open logs, sync again). */
  resolve(error: AppError): void;
  /** Opens an http(s) address in the system browser (through the shell). */
  openUrl(url: string): void;
}

export interface Screen {
  el: HTMLElement;
  /** A new Overview arrived. Must not clobber what the user is typing. */
  update(overview: Overview): void;
  /** The tab was shown: load what it needs. */
  activate?(): void;
  /** The tab was hidden. */
  deactivate?(): void;
}
