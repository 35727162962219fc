import { afterEach } from "vitest";
import { createApp, type App } from "../src/app";
import { setTransport, tauriTransport } from "../src/api/transport";
import type { FakeTransport } from "./fake-transport";

let mounted: App | null = null;

afterEach(() => {
  mounted?.stop();
  mounted = null;
  setTransport(tauriTransport);
  document.body.replaceChildren();
});

/** Lets every pending promise chain (fake commands, re-renders) run to the end. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

export async function mount(shell: FakeTransport): Promise<App> {
  setTransport(shell);
  const root = document.createElement("div");
  document.body.appendChild(root);
  mounted = createApp(root);
  await mounted.start();
  await settle();
  return mounted;
}

export function $<T extends Element = HTMLElement>(selector: string): T {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`nothing matches ${selector}`);
  return el;
}

export function $$<T extends Element = HTMLElement>(selector: string): T[] {
  return [...document.querySelectorAll<T>(selector)];
}

export async function click(selector: string | HTMLElement): Promise<void> {
  (typeof selector === "string" ? $(selector) : selector).click();
  await settle();
}

export async function choose(select: HTMLSelectElement, value: string): Promise<void> {
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
  await settle();
}

export async function type(input: HTMLInputElement, value: string): Promise<void> {
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  await settle();
}

export async function submit(form: string): Promise<void> {
  $<HTMLFormElement>(form).dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  await settle();
}

export function key(target: Element, name: string): void {
  target.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true, cancelable: true }));
}

export function visible(el: Element): boolean {
  return !el.closest("[hidden]");
}
