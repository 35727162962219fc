// A read-only value with a Copy button: the redirect URI must be registered character for
// character, so it is shown whole and copied, never retyped.
import { h } from "./dom";

export interface CopyField { el: HTMLElement; set(value: string): void }

export function createCopyField(id: string, label: string): CopyField {
  const input = h("input", { id, type: "text", readOnly: true, class: "mono", spellcheck: "false" });
  const status = h("span", { class: "copy-status", role: "status" });
  const button = h("button", {
    type: "button",
    id: `${id}-copy`,
    "aria-label": `Copy ${label}`,
    onclick: () => { void copy(); },
  }, "Copy");

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = "Copied";
    } catch {
      // No clipboard permission: select it so Ctrl/Cmd+C works.
      input.focus();
      input.select();
      status.textContent = "Press Ctrl+C to copy";
    }
  }

  const el = h("div", { class: "field" },
    h("label", { for: id }, label),
    h("div", { class: "row" }, input, button, status),
  );
  return {
    el,
    set(value) {
      if (input.value !== value) status.textContent = "";
      input.value = value;
    },
  };
}
