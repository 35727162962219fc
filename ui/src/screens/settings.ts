// The Settings tab: the morning window and poll interval, notifications, launch at login,
// workouts (./workouts.ts), a backfill with progress and time left, Check setup, the log folder, Quit and Forget everything.
import * as api from "../api/commands";
import type { BackfillProgress, ClockStyle, ForgetScope, Overview, Settings, SyncReport, Temperature } from "../api/types";
import { h, show } from "../components/dom";
import type { AppContext, Screen } from "../context";
import { notSynced } from "../components/header";
import { backfillStatus, percent } from "../format";
import { workoutsSentences } from "../workouts-logic";
import { BACKFILL_MAX, DEFAULT_SCHEDULE, parseBackfillDays, POLL_MAX, POLL_MIN, validateSettings } from "./settings-validate";
import { createSetupCheck } from "./setup-check";
import { createWorkoutsCard } from "./workouts";

export interface SettingsScreen extends Screen {
  onProgress(progress: BackfillProgress): void;
}

export function backfillDone(report: SyncReport): string {
  const parts = [`${report.created} created`, `${report.updated} updated`, `${report.unchanged} unchanged`];
  if (report.waiting) parts.push(`${report.waiting} waiting`);
  if (report.skipped) parts.push(`${report.skipped} skipped`);
  return [`Done: ${parts.join(", ")}.`, ...workoutsSentences(report.workouts), ...notSynced(report)].join(" ");
}

/** What the confirmation of "Forget everything" says it removes and keeps. */
export function forgetSentence(scope: ForgetScope): string {
  const parts = [
    `This removes your WHOOP and Notion sign-ins from this computer's keychain, starting at login, and the app's settings and sync history in ${scope.folder}.`,
  ];
  if (scope.keeps.length > 0) {
    const names = scope.keeps.length <= 5 ? scope.keeps.join(", ") : `${scope.keeps.slice(0, 5).join(", ")} and ${scope.keeps.length - 5} more`;
    parts.push(`Everything else in that folder stays as it is (${names}): it isn't the app's.`);
  } else if (scope.folderStays) {
    parts.push("The folder itself stays: the app didn't create it.");
  }
  parts.push("Your Notion pages stay as they are. Then WHOOP → Notion Sync closes.");
  return parts.join(" ");
}

export function createSettings(ctx: AppContext): SettingsScreen {
  let dirty = false;
  let running = false;

  const start = h("input", { id: "settings-morning-start", type: "time", step: "60" });
  const end = h("input", { id: "settings-morning-end", type: "time", step: "60" });
  const poll = h("input", { id: "settings-poll", type: "number", min: String(POLL_MIN), max: String(POLL_MAX), step: "1", inputmode: "numeric" });
  const notifications = h("input", { id: "settings-notifications", type: "checkbox" });
  const launch = h("input", { id: "settings-launch-at-login", type: "checkbox", onchange: () => { restart.disabled = !launch.checked; } });
  // Offered where the system can run the app as a service that restarts it (Linux: systemd).
  const restart = h("input", { id: "settings-restart-if-stopped", type: "checkbox", "aria-describedby": "settings-restart-hint" });
  const restartRow = h("div", { class: "check nested", id: "settings-restart-row", hidden: true },
    restart,
    h("label", { for: "settings-restart-if-stopped" }, "Start it again if it stops"),
    h("p", { id: "settings-restart-hint", class: "muted small" }, "Runs the app as a background service of your session, which starts it again if it ever stops unexpectedly. It replaces the login item."));
  // What the shell said, kept for saving: null means not offered.
  let restartOffered = false;
  // "" follows the system's language and region; saved as null.
  const clockChoice = h("select", { id: "settings-clock" },
    h("option", { value: "" }, "Automatic (from your system)"),
    h("option", { value: "24h" }, "24-hour (19:55)"),
    h("option", { value: "12h" }, "12-hour (7:55 PM)"));
  const temperatureChoice = h("select", { id: "settings-temperature" },
    h("option", { value: "" }, "Automatic (from your system)"),
    h("option", { value: "celsius" }, "°C"),
    h("option", { value: "fahrenheit" }, "°F"));
  const error = h("p", { id: "settings-error", class: "field-error", hidden: true });
  const saved = h("span", { id: "settings-status", role: "status", class: "small muted" });
  const save = h("button", { type: "submit", id: "settings-save", class: "primary" }, "Save");
  const defaults = h("button", { type: "button", id: "settings-defaults", class: "quiet", onclick: () => { fill({ ...read(), ...DEFAULT_SCHEDULE }); markDirty(); } }, "Restore default schedule");

  const form = h("form", { id: "settings-form", class: "card", "aria-labelledby": "schedule-title", onsubmit: (e: Event) => { e.preventDefault(); void doSave(); } },
    h("h2", { id: "schedule-title" }, "Schedule"),
    h("p", { class: "muted small" }, "Each morning the app checks WHOOP in this window until today's recovery is written. It also syncs when it starts and when the computer wakes."),
    h("div", { class: "grid3" },
      h("div", { class: "field" }, h("label", { for: "settings-morning-start" }, "Morning from"), start),
      h("div", { class: "field" }, h("label", { for: "settings-morning-end" }, "until"), end),
      h("div", { class: "field" }, h("label", { for: "settings-poll" }, "Check every (min)"), poll),
    ),
    h("div", { class: "check" }, notifications, h("label", { for: "settings-notifications" }, "Notifications: the morning numbers, and problems that need you")),
    h("div", { class: "check" }, launch, h("label", { for: "settings-launch-at-login" }, "Start at login")),
    restartRow,
    h("h3", null, "Units"),
    h("p", { class: "muted small" }, "How the window, the tray and notifications show times and skin temperature. What is written to Notion is chosen in Mapping."),
    h("div", { class: "grid3" },
      h("div", { class: "field" }, h("label", { for: "settings-clock" }, "Clock"), clockChoice),
      h("div", { class: "field" }, h("label", { for: "settings-temperature" }, "Temperature"), temperatureChoice),
    ),
    error,
    h("div", { class: "row" }, save, defaults, saved),
  );
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);

  const days = h("input", { id: "backfill-days", type: "number", min: "1", max: String(BACKFILL_MAX), step: "1", value: "30", inputmode: "numeric" });
  const lastDays = h("input", { id: "backfill-scope-days", type: "radio", name: "backfill-scope", value: "days", checked: true });
  const allHistory = h("input", { id: "backfill-scope-all", type: "radio", name: "backfill-scope", value: "all" });
  const go = h("button", { type: "submit", id: "backfill-start" }, "Sync the last 30 days");
  const bar = h("progress", { id: "backfill-progress", max: "100", value: "0", "aria-labelledby": "backfill-title", "aria-describedby": "backfill-status" });
  const status = h("p", { id: "backfill-status", class: "small", role: "status" });
  const box = h("div", { id: "backfill-box", hidden: true }, bar, status);
  const daysError = h("p", { id: "backfill-error", class: "field-error", hidden: true });
  const backfill = h("section", { class: "card", "aria-labelledby": "backfill-title" },
    h("h2", { id: "backfill-title" }, "Backfill"),
    h("p", { class: "muted small" }, "Write older days too, at Notion's pace (about 3 pages a second: a year takes some 2 minutes). Days already right are left alone; stop the app any time and start again to finish, with no duplicates."),
    h("form", { id: "backfill-form", class: "stack", onsubmit: (e: Event) => { e.preventDefault(); void doBackfill(); } },
      h("fieldset", { class: "plain" },
        h("legend", { class: "sr-only" }, "What to sync"),
        h("div", { class: "check" }, lastDays, h("label", { for: "backfill-scope-days" }, "The last"), days, h("label", { for: "backfill-days" }, "days")),
        h("div", { class: "check" }, allHistory, h("label", { for: "backfill-scope-all" }, "All my WHOOP history, from the first day WHOOP has"))),
      h("div", { class: "row" }, go)),
    daysError, box,
  );
  function label(): void {
    if (allHistory.checked) {
      go.textContent = "Sync all my WHOOP history";
      return;
    }
    const n = parseBackfillDays(days.value);
    go.textContent = n === null ? "Sync the last N days" : `Sync the last ${n} ${n === 1 ? "day" : "days"}`;
  }
  days.addEventListener("input", () => { lastDays.checked = true; label(); });
  days.addEventListener("focus", () => { lastDays.checked = true; label(); });
  lastDays.addEventListener("change", label);
  allHistory.addEventListener("change", label);

  const diagnosticsStatus = h("p", { id: "diagnostics-status", class: "small", role: "status" });
  const copyDiagnostics = h("button", { type: "button", id: "copy-diagnostics", onclick: () => { void saveDiagnostics(); } }, "Copy diagnostics");
  const logs = h("section", { class: "card", "aria-labelledby": "logs-title" },
    h("h2", { id: "logs-title" }, "Troubleshooting"),
    h("div", { class: "row" },
      h("button", { type: "button", id: "open-logs", onclick: () => { void ctx.run(() => api.openLogs()); } }, "Open logs"),
      h("span", { class: "muted small" }, "The log folder, to look at or attach to a bug report. It never contains tokens or secrets.")),
    h("div", { class: "row" },
      copyDiagnostics,
      h("span", { class: "muted small" }, "One file for a bug report: both logs, the version and a setup check, without tokens or secrets.")),
    diagnosticsStatus,
  );

  async function saveDiagnostics(): Promise<void> {
    copyDiagnostics.disabled = true;
    diagnosticsStatus.textContent = "Checking setup and saving…";
    const saved = await ctx.run(() => api.diagnostics());
    copyDiagnostics.disabled = false;
    diagnosticsStatus.textContent = saved ? `Saved ${saved.fileName} in ${saved.folder}.` : "";
  }

  // The tray's Quit, here too: where no panel shows the tray, it is the only way.
  const quit = h("section", { class: "card", "aria-labelledby": "quit-title" },
    h("h2", { id: "quit-title" }, "Quit"),
    h("div", { class: "row" },
      h("button", { type: "button", id: "quit-app", onclick: () => { void ctx.run(() => api.quit()); } }, "Quit WHOOP → Notion Sync"),
      h("span", { class: "muted small" }, "Stops syncing until you open the app again (or at the next login, if it starts then).")),
  );

  // Everything this computer keeps for the app, removed once the user confirms; then the app
  // ends (it has nothing left to run on). Before uninstalling, or to start over.
  const forgetStatus = h("p", { id: "forget-status", class: "small", role: "status" });
  const forgetWhat = h("p", { id: "forget-what" });
  const forgetYes = h("button", { type: "button", id: "forget-confirm", class: "danger", onclick: () => { void doForget(); } }, "Forget everything");
  const forgetAsk = h("div", { id: "forget-ask", class: "confirm", hidden: true },
    forgetWhat,
    h("div", { class: "row" },
      forgetYes,
      h("button", { type: "button", id: "forget-cancel", onclick: () => { show(forgetAsk, false); forgetStart.focus(); } }, "Cancel")),
  );
  forgetYes.setAttribute("aria-describedby", "forget-what");
  const forgetStart = h("button", { type: "button", id: "forget-start", onclick: () => { void askForget(); } }, "Forget everything…");
  const forget = h("section", { class: "card", "aria-labelledby": "forget-title" },
    h("h2", { id: "forget-title" }, "Forget everything"),
    h("div", { class: "row" },
      forgetStart,
      h("span", { class: "muted small" }, "Removes everything the app keeps on this computer: before uninstalling it, or to start over.")),
    forgetAsk, forgetStatus,
  );

  const workouts = createWorkoutsCard(ctx);
  const el = h("div", { class: "screen settings" }, form, workouts.el, backfill, createSetupCheck(ctx), logs, quit, forget);

  // The confirmation names the folder, and what in it isn't the app's and stays.
  async function askForget(): Promise<void> {
    const scope = await ctx.run(() => api.forgetPreview());
    if (scope === undefined) return;
    forgetWhat.textContent = forgetSentence(scope);
    show(forgetAsk, true);
    forgetYes.focus();
  }

  async function doForget(): Promise<void> {
    forgetYes.disabled = true;
    const done = await ctx.run(() => api.forgetEverything());
    forgetYes.disabled = false;
    if (done === undefined) return;
    show(forgetAsk, false);
    forgetStart.disabled = true;
    forgetStatus.textContent = "Everything is removed. WHOOP → Notion Sync is closing.";
  }

  function markDirty(): void {
    dirty = true;
    saved.textContent = "";
  }

  function fill(s: Settings): void {
    start.value = s.morningStart;
    end.value = s.morningEnd;
    poll.value = String(s.pollMinutes);
    notifications.checked = s.notifications;
    launch.checked = s.launchAtLogin;
    restartOffered = s.restartIfStopped !== null && s.restartIfStopped !== undefined;
    show(restartRow, restartOffered);
    restart.checked = s.restartIfStopped === true;
    restart.disabled = !launch.checked;
    clockChoice.value = s.clock ?? "";
    temperatureChoice.value = s.temperature ?? "";
  }

  function read(): Settings {
    return {
      morningStart: start.value,
      morningEnd: end.value,
      pollMinutes: Number(poll.value),
      notifications: notifications.checked,
      launchAtLogin: launch.checked,
      restartIfStopped: restartOffered ? launch.checked && restart.checked : null,
      clock: clockChoice.value === "" ? null : (clockChoice.value as ClockStyle),
      temperature: temperatureChoice.value === "" ? null : (temperatureChoice.value as Temperature),
    };
  }

  async function doSave(): Promise<void> {
    const settings = read();
    const invalid = validateSettings(settings);
    const fields = { morningStart: start, morningEnd: end, pollMinutes: poll };
    for (const input of Object.values(fields)) input.removeAttribute("aria-invalid");
    if (invalid) {
      error.textContent = invalid.message;
      show(error, true);
      fields[invalid.field].setAttribute("aria-invalid", "true");
      fields[invalid.field].focus();
      return;
    }
    show(error, false);
    save.disabled = true;
    const next = await ctx.run(() => api.settingsSet(settings));
    save.disabled = false;
    if (!next) return;
    dirty = false;
    ctx.setOverview(next);
    saved.textContent = "Saved.";
  }

  async function doBackfill(): Promise<void> {
    const all = allHistory.checked;
    const n = all ? null : parseBackfillDays(days.value);
    if (!all && n === null) {
      daysError.textContent = `Enter a number of days from 1 to ${BACKFILL_MAX}, or choose all your history.`;
      show(daysError, true);
      days.focus();
      return;
    }
    show(daysError, false);
    running = true;
    go.disabled = true;
    show(box, true);
    if (n === null) {
      bar.removeAttribute("value"); // indeterminate while WHOOP's first day is found
      status.textContent = "Finding your first day at WHOOP…";
    } else {
      paintProgress({ done: 0, total: n, exact: false, etaSeconds: null });
    }
    const report = await ctx.run(() => api.backfill(n));
    running = false;
    go.disabled = false;
    if (!report) {
      show(box, false);
      return;
    }
    bar.value = 100;
    status.textContent = backfillDone(report);
  }

  function paintProgress(p: BackfillProgress): void {
    bar.value = percent(p.done, p.total);
    status.textContent = backfillStatus(p);
  }

  return {
    el,
    update(overview: Overview) {
      // Don't throw away what the user is in the middle of changing.
      if (!dirty) fill(overview.settings);
      workouts.update(overview);
    },
    activate() {
      void workouts.load();
    },
    onProgress(progress) {
      // A last tick arriving after our backfill's report adds nothing and would hide "Done".
      if (!running && progress.done >= progress.total) return;
      // Otherwise shown even when the backfill was started elsewhere (the tray menu).
      show(box, true);
      go.disabled = running || progress.done < progress.total;
      paintProgress(progress);
    },
  };
}
