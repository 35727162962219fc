// A stand-in for the Tauri shell: records every command with its arguments, answers from
// per-command handlers, and lets a test emit events. Handlers, answers and events are typed by
// the generated contract, so a fake can't answer a shape the app never sends.
import type { Transport, Unlisten } from "../src/api/transport";
import type {
  AppError, CommandArgs, CommandHandler, CommandName, CommandResults, EventName, EventPayloads, ShellCommands,
} from "../src/api/types";
import * as fx from "../src/dev/fixtures";
import { workoutPreview } from "../src/dev/workouts-fixtures";

type Handler = (args: unknown) => unknown;

export class FakeTransport implements Transport {
  readonly calls: { command: string; args: Record<string, unknown> | undefined }[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  /** Answers `command` with `handler(args)` (a thrown value becomes a rejection). */
  on<C extends CommandName>(command: C, handler: CommandHandler<C>): this {
    this.handlers.set(command, handler as Handler);
    return this;
  }

  /** Answers `command` with a fixed value. */
  answer<C extends CommandName>(command: C, value: CommandResults[C]): this {
    return this.on(command, () => structuredClone(value));
  }

  /** Rejects `command` with an AppError, as the shell does. */
  reject(command: CommandName, error: AppError | string): this {
    return this.on(command, () => { throw error; });
  }

  /** Answers the window's own save dialog: the path "chosen", or null for Cancel. */
  onDialog(handler: (args: ShellCommands["choose_export_file"]["args"]) => string | null): this {
    this.handlers.set("choose_export_file", handler as Handler);
    return this;
  }

  /** The arguments of every save dialog asked for. */
  dialogs(): ShellCommands["choose_export_file"]["args"][] {
    return this.calls.filter((c) => c.command === "choose_export_file").map((c) => c.args as ShellCommands["choose_export_file"]["args"]);
  }

  invoke<T>(command: string, args?: Record<string, unknown>): Promise<T> {
    this.calls.push({ command, args });
    const handler = this.handlers.get(command);
    if (!handler) return Promise.reject(new Error(`no fake answer for ${command}`));
    try {
      return Promise.resolve(handler(args ?? {}) as T);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  listen<T>(event: string, handler: (payload: T) => void): Promise<Unlisten> {
    const set = this.listeners.get(event) ?? new Set();
    const h = handler as (payload: unknown) => void;
    set.add(h);
    this.listeners.set(event, set);
    return Promise.resolve(() => { set.delete(h); });
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const handler of this.listeners.get(event) ?? []) handler(payload);
  }

  /** The arguments of every call of `command`, as sent. */
  callsOf<C extends CommandName>(command: C): CommandArgs[C][] {
    return this.calls.filter((c) => c.command === command).map((c) => c.args as CommandArgs[C]);
  }
}

/** A shell with everything connected and every read command answered from the fixtures. */
export function connectedShell(): FakeTransport {
  return new FakeTransport()
    .answer("overview", fx.overview())
    .answer("mapping_get", fx.mappingView())
    .answer("mapping_preview", fx.preview())
    .answer("workouts_preview", workoutPreview())
    .answer("history", fx.runs())
    .answer("history_days", fx.dayRecords())
    .on("trends", (a) => fx.trends(a.days))
    .answer("notion_databases", fx.databases())
    .answer("notion_pages", fx.pages())
    .on("open_url", () => null)
    .on("open_logs", () => null)
    .on("diagnostics", () => ({ fileName: "whoop-notion-diagnostics-20261201-074002.tar.gz", folder: "/home/me/Downloads" }));
}
