// A tiny element builder: enough to write the screens as plain functions without a framework.
// Strings become text nodes (never HTML), so nothing from the shell is ever parsed as markup.

export type Child = Node | string | number | null | undefined | false;
export type PropValue = string | number | boolean | null | undefined | ((event: Event) => void);
export type Props = Record<string, PropValue>;

// Set as DOM properties (their attributes only give the initial state).
const PROPERTIES = new Set(["value", "checked", "disabled", "hidden", "required", "readOnly", "open", "indeterminate"]);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) setProps(el, props);
  append(el, children);
  return el;
}

export function setProps(el: HTMLElement, props: Props): void {
  for (const [key, value] of Object.entries(props)) {
    if (typeof value === "function") {
      el.addEventListener(key.replace(/^on/, "").toLowerCase(), value);
    } else if (key === "class") {
      el.className = typeof value === "string" ? value : "";
    } else if (PROPERTIES.has(key)) {
      (el as unknown as Record<string, unknown>)[key] = value;
    } else if (value === null || value === undefined || value === false) {
      el.removeAttribute(key);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
}

export function append(el: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

export function replace(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

/** Shows or hides without removing, so ids stay findable and focus targets stay stable. */
export function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
}

// Which element had focus, by something that survives a re-render (id or a data key), so a
// keyboard user isn't thrown back to the top of the page each time a table is rebuilt.
const FOCUS_KEYS = ["data-metric", "data-unit", "data-run-id", "data-day", "data-id"];

function focusSelector(el: Element): string | null {
  if (el.id) return `#${CSS.escape(el.id)}`;
  for (const attr of FOCUS_KEYS) {
    const v = el.getAttribute(attr);
    if (v !== null) return `${el.tagName.toLowerCase()}[${attr}="${CSS.escape(v)}"]`;
  }
  return null;
}

export function preserveFocus(root: HTMLElement, render: () => void): void {
  const active = document.activeElement;
  const selector = active && root.contains(active) ? focusSelector(active) : null;
  render();
  if (selector) root.querySelector<HTMLElement>(selector)?.focus();
}
