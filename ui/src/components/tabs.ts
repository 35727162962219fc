// A WAI-ARIA tablist with manual activation: arrow keys (and Home/End) move focus between the
// tabs, Enter/Space (or a click) shows the focused tab. Manual rather than automatic, because
// showing a tab starts a command (mapping, history) and arrowing past shouldn't fire three.
import type { TabId } from "../context";
import { h } from "./dom";

export interface Tabs {
  el: HTMLElement;
  select(id: TabId): void;
  selected(): TabId;
}

export function createTabs(tabs: { id: TabId; label: string }[], onSelect: (id: TabId) => void): Tabs {
  let current: TabId = tabs[0]?.id ?? "connect";
  const buttons = tabs.map((t) =>
    h("button", {
      type: "button",
      role: "tab",
      id: `tab-${t.id}`,
      class: "tab",
      "aria-controls": `panel-${t.id}`,
      "data-tab": t.id,
      onclick: () => { activate(t.id); },
    }, t.label),
  );
  const el = h("div", { role: "tablist", class: "tabs", "aria-label": "Sections" }, buttons);

  function paint(): void {
    for (const b of buttons) {
      const on = b.dataset.tab === current;
      b.setAttribute("aria-selected", String(on));
      // Roving tabindex: Tab reaches the tablist once, on the selected tab.
      b.tabIndex = on ? 0 : -1;
    }
  }

  function activate(id: TabId): void {
    const changed = id !== current;
    current = id;
    paint();
    if (changed) onSelect(id);
  }

  el.addEventListener("keydown", (event) => {
    const index = buttons.findIndex((b) => b === document.activeElement);
    if (index < 0) return;
    let next: number;
    switch (event.key) {
      case "ArrowRight": case "ArrowDown": next = (index + 1) % buttons.length; break;
      case "ArrowLeft": case "ArrowUp": next = (index - 1 + buttons.length) % buttons.length; break;
      case "Home": next = 0; break;
      case "End": next = buttons.length - 1; break;
      case "Enter": case " ": {
        event.preventDefault();
        const id = buttons[index]?.dataset.tab as TabId | undefined;
        if (id) activate(id);
        return;
      }
      default: return;
    }
    event.preventDefault();
    buttons[next]?.focus();
  });

  paint();
  return {
    el,
    select: activate,
    selected: () => current,
  };
}
