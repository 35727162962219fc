// The only module that touches Tauri. Everything else goes through `transport()`, so tests (and
// the browser preview in `npm run dev`) swap in a fake with `setTransport` and the screens never
// know the difference.
import { invoke, isTauri } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";

export type Unlisten = () => void;

export interface Transport {
  /** Runs a shell command; rejects with whatever the shell rejected with (normally an AppError). */
  invoke<T>(command: string, args?: Record<string, unknown>): Promise<T>;
  /** Subscribes to a shell event; the handler gets the bare payload. */
  listen<T>(event: string, handler: (payload: T) => void): Promise<Unlisten>;
}

export const tauriTransport: Transport = {
  invoke: <T>(command: string, args?: Record<string, unknown>) => invoke<T>(command, args),
  listen: <T>(event: string, handler: (payload: T) => void) =>
    listen<T>(event, (e) => {
      handler(e.payload);
    }),
};

/** True inside the Tauri webview; false in a plain browser or a test. */
export const insideTauri = (): boolean => isTauri();

let current: Transport = tauriTransport;

export function setTransport(next: Transport): void {
  current = next;
}

export function transport(): Transport {
  return current;
}
