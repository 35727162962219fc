// Turns whatever a command rejected with into an AppError. The shell rejects with
// `{ code, message }`; Tauri itself rejects with a plain string (unknown command, bad
// arguments), and a bug may throw an Error. The UI acts on `code` only, so every rejection
// must end up with one.
import { ERROR_CODES } from "./generated";
import type { AppError, ErrorCode } from "./types";

// Generated from the engine's ErrorCode::ALL, so a new code can't be missed here.
const CODES: ReadonlySet<string> = new Set<ErrorCode>(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && CODES.has(value);
}

export function toAppError(reason: unknown): AppError {
  if (typeof reason === "object" && reason !== null && "code" in reason) {
    const { code, message } = reason as { code: unknown; message?: unknown };
    return {
      // An unknown code (a newer shell) is treated like an internal error: no action guessed.
      code: isErrorCode(code) ? code : "internal",
      message: typeof message === "string" && message !== "" ? message : "Something went wrong.",
    };
  }
  if (typeof reason === "string" && reason !== "") return { code: "internal", message: reason };
  if (reason instanceof Error) return { code: "internal", message: reason.message };
  return { code: "internal", message: "Something went wrong." };
}
