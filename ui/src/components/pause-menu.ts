// "Pause ▾" menu button (for 1 hour / until tomorrow) plus a Resume button while paused.
// A real menu pattern so it works from the keyboard: Enter/Space/↓ open it on the first item,
// ↑/↓ move, Escape closes and gives focus back to the button.
import type { Overview, PauseUntil } from "../api/types";
import { h } from "./dom";

export interface PauseControl { el: HTMLElement; update(overview: Overview): void; close(): void }

export function createPauseControl(onPause: (until: PauseUntil) => void): PauseControl {
  const items = [
    h("button", { type: "button", role: "menuitem", id: "pause-hour", tabindex: "-1", "data-until": "hour" }, "Pause for 1 hour"),
    h("button", { type: "button", role: "menuitem", id: "pause-tomorrow", tabindex: "-1", "data-until": "tomorrow" }, "Pause until tomorrow"),
  ];
  const menu = h("div", { role: "menu", id: "pause-options", class: "menu", "aria-labelledby": "pause-menu", hidden: true }, items);
  const toggle = h("button", {
    type: "button",
    id: "pause-menu",
    "aria-haspopup": "menu",
    "aria-expanded": "false",
    "aria-controls": "pause-options",
  }, "Pause ▾");
  const resume = h("button", { type: "button", id: "pause-resume", hidden: true, onclick: () => { onPause("resume"); } }, "Resume");
  const el = h("div", { class: "pause" }, resume, toggle, menu);

  function open(focusIndex = 0): void {
    menu.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    items[focusIndex]?.focus();
  }
  function close(returnFocus = false): void {
    if (menu.hidden) return;
    menu.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    if (returnFocus) toggle.focus();
  }

  toggle.addEventListener("click", () => {
    if (menu.hidden) open();
    else close();
  });
  toggle.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      open(event.key === "ArrowUp" ? items.length - 1 : 0);
    }
  });
  menu.addEventListener("keydown", (event) => {
    const index = items.findIndex((i) => i === document.activeElement);
    switch (event.key) {
      case "ArrowDown": event.preventDefault(); items[(index + 1) % items.length]?.focus(); break;
      case "ArrowUp": event.preventDefault(); items[(index - 1 + items.length) % items.length]?.focus(); break;
      case "Home": event.preventDefault(); items[0]?.focus(); break;
      case "End": event.preventDefault(); items[items.length - 1]?.focus(); break;
      case "Escape": event.preventDefault(); close(true); break;
      case "Tab": close(); break;
    }
  });
  menu.addEventListener("click", (event) => {
    const item = (event.target as HTMLElement).closest<HTMLElement>("[data-until]");
    if (!item) return;
    close(true);
    onPause(item.dataset.until as PauseUntil);
  });
  // A click anywhere else closes it, like any menu.
  document.addEventListener("click", (event) => {
    if (!el.contains(event.target as Node)) close();
  });

  return {
    el,
    close,
    update(overview) {
      resume.hidden = overview.pausedUntil === null;
      toggle.textContent = overview.pausedUntil === null ? "Pause ▾" : "Pause longer ▾";
    },
  };
}
