// Checks the settings form before it goes to the shell, so mistakes are explained next to the
// field instead of coming back as invalid_input.
import type { Settings } from "../api/types";

/** The documented schedule defaults (the engine's too). Toggles have no documented default. */
export const DEFAULT_SCHEDULE: Pick<Settings, "morningStart" | "morningEnd" | "pollMinutes"> = {
  morningStart: "05:00",
  morningEnd: "12:00",
  pollMinutes: 10,
};
export const POLL_MIN = 1;
export const POLL_MAX = 180;
export const BACKFILL_MAX = 1095;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface Invalid { field: "morningStart" | "morningEnd" | "pollMinutes"; message: string }

export function validateSettings(s: Settings): Invalid | null {
  if (!TIME.test(s.morningStart)) return { field: "morningStart", message: "Enter the start of the morning window as HH:MM." };
  if (!TIME.test(s.morningEnd)) return { field: "morningEnd", message: "Enter the end of the morning window as HH:MM." };
  // The engine's window is within one day (start today → end today), so it can't wrap midnight.
  if (s.morningStart >= s.morningEnd) return { field: "morningEnd", message: "The morning window must end after it starts (and not cross midnight)." };
  if (!Number.isInteger(s.pollMinutes) || s.pollMinutes < POLL_MIN || s.pollMinutes > POLL_MAX) {
    return { field: "pollMinutes", message: `Check every ${POLL_MIN}–${POLL_MAX} minutes.` };
  }
  return null;
}

/** A whole number of days in 1…BACKFILL_MAX, or null. */
export function parseBackfillDays(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= BACKFILL_MAX ? n : null;
}
