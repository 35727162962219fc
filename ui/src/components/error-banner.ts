// The one place errors are shown. Its button comes from the error's code (error-actions.ts),
// never from the message text.
import type { AppError } from "../api/types";
import { actionFor, titleFor, type ErrorAction } from "../error-actions";
import { h, replace } from "./dom";

export interface ErrorBanner {
  el: HTMLElement;
  /** Shows `error` (null hides); `canRetry` says whether a Retry button has something to re-run. */
  show(error: AppError | null, canRetry: boolean): void;
}

export function createErrorBanner(onAction: (action: ErrorAction, error: AppError) => void, onDismiss: () => void): ErrorBanner {
  // role="alert" on a container that always exists: screen readers announce what is put in it.
  const el = h("div", { id: "error-banner", class: "banner error", role: "alert", hidden: true });
  return {
    el,
    show(error, canRetry) {
      if (!error) {
        el.hidden = true;
        el.removeAttribute("data-code");
        el.replaceChildren();
        return;
      }
      const action = actionFor(error.code);
      const showAction = action.kind !== "none" && (action.kind !== "retry" || canRetry);
      el.dataset.code = error.code;
      replace(el,
        h("div", { class: "banner-text" },
          h("strong", null, titleFor(error.code)),
          h("span", { id: "error-message" }, error.message),
        ),
        h("div", { class: "banner-actions" },
          showAction && h("button", {
            type: "button",
            id: "error-action",
            "data-action": action.kind,
            onclick: () => { onAction(action, error); },
          }, action.label),
          h("button", { type: "button", id: "error-dismiss", class: "quiet", "aria-label": "Dismiss error", onclick: onDismiss }, "Dismiss"),
        ),
      );
      el.hidden = false;
    },
  };
}
