// Settings → Check setup: every link checked live by the app (check_setup), one line each with
// its status in words (not only colour), the app's sentence, and the button the error banner
// has for that code (Reconnect WHOOP, Open mapping, How to share the database, …).
import * as api from "../api/commands";
import type { CheckStatus, SetupCheck } from "../api/types";
import { h, show } from "../components/dom";
import type { AppContext } from "../context";
import { actionFor } from "../error-actions";

export const STATUS_TEXT: Record<CheckStatus, string> = {
  pass: "OK",
  fail: "Problem",
  warn: "Note",
  skip: "Skipped",
};

const BADGE: Record<CheckStatus, string> = { pass: "ok", fail: "failed", warn: "waiting", skip: "skipped" };

/** "Everything works." / "2 problems found." */
export function checkSummary(checks: SetupCheck[]): string {
  const failed = checks.filter((c) => c.status === "fail").length;
  if (failed === 0) return checks.some((c) => c.status === "warn") ? "Everything works; one thing to note." : "Everything works.";
  return failed === 1 ? "1 problem found." : `${failed} problems found.`;
}

export function createSetupCheck(ctx: AppContext): HTMLElement {
  const button = h("button", { type: "button", id: "setup-check", onclick: () => { void runCheck(); } }, "Check setup");
  const status = h("span", { id: "setup-check-status", role: "status", class: "small" });
  const list = h("ul", { id: "setup-checks", class: "setup-checks", "aria-label": "Setup checks", hidden: true });

  async function runCheck(): Promise<void> {
    button.disabled = true;
    status.textContent = "Checking…";
    const checks = await ctx.run(() => api.checkSetup(), runCheck);
    button.disabled = false;
    if (!checks) {
      status.textContent = "";
      return;
    }
    status.textContent = checkSummary(checks);
    list.replaceChildren(...checks.map(line));
    show(list, true);
  }

  function line(check: SetupCheck): HTMLElement {
    const code = check.code;
    const action = code && check.status !== "pass" && check.status !== "skip" ? actionFor(code) : null;
    return h("li", { "data-check": check.id, "data-status": check.status, class: `setup-check ${check.status}` },
      h("span", { class: `badge ${BADGE[check.status]}` }, STATUS_TEXT[check.status]),
      h("span", { class: "setup-check-text" },
        h("strong", null, check.title), " ", h("span", { class: "small" }, check.message)),
      code && action && action.kind !== "none" && h("button", {
        type: "button",
        class: "quiet",
        "data-action": action.kind,
        onclick: () => {
          if (action.kind === "retry") void runCheck();
          else ctx.resolve({ code, message: check.message });
        },
      }, action.kind === "retry" ? "Check again" : action.label),
    );
  }

  return h("section", { class: "card", "aria-labelledby": "setup-check-title" },
    h("h2", { id: "setup-check-title" }, "Check setup"),
    h("p", { class: "muted small" }, "Checks each link live: your keychain, WHOOP and Notion, the database and its columns, this computer's clock, and launch at login. Nothing is changed."),
    h("div", { class: "row" }, button, status),
    list,
  );
}
