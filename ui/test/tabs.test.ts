import { describe, expect, it } from "vitest";
import { connectedShell } from "./fake-transport";
import { $, $$, key, mount, settle } from "./helpers";

const selected = () => $$('[role="tab"]').filter((t) => t.getAttribute("aria-selected") === "true").map((t) => t.id);

describe("tab list", () => {
  it("is a proper tablist with panels", async () => {
    await mount(connectedShell());
    expect($('[role="tablist"]').children).toHaveLength(5);
    const tab = $("#tab-mapping");
    expect(tab.tagName).toBe("BUTTON");
    expect(tab.getAttribute("aria-controls")).toBe("panel-mapping");
    expect($("#panel-mapping").getAttribute("aria-labelledby")).toBe("tab-mapping");
    // Only the selected tab is in the Tab order.
    expect($$('[role="tab"]').map((t) => t.tabIndex)).toEqual([-1, -1, 0, -1, -1]);
  });

  it("moves focus with the arrow keys, wrapping, and Home/End, without switching", async () => {
    const app = await mount(connectedShell());
    $("#tab-history").focus();
    key($("#tab-history"), "ArrowRight");
    expect(document.activeElement?.id).toBe("tab-trends");
    key(document.activeElement as HTMLElement, "ArrowRight");
    expect(document.activeElement?.id).toBe("tab-settings");
    key(document.activeElement as HTMLElement, "ArrowRight");
    expect(document.activeElement?.id).toBe("tab-connect");
    key(document.activeElement as HTMLElement, "ArrowLeft");
    expect(document.activeElement?.id).toBe("tab-settings");
    key(document.activeElement as HTMLElement, "Home");
    expect(document.activeElement?.id).toBe("tab-connect");
    key(document.activeElement as HTMLElement, "End");
    expect(document.activeElement?.id).toBe("tab-settings");
    expect(app.tab()).toBe("history");
    expect(selected()).toEqual(["tab-history"]);
  });

  it("activates the focused tab with Enter or Space and shows its panel", async () => {
    const app = await mount(connectedShell());
    $("#tab-history").focus();
    key($("#tab-history"), "ArrowLeft");
    key(document.activeElement as HTMLElement, "Enter");
    await settle();
    expect(app.tab()).toBe("mapping");
    expect(selected()).toEqual(["tab-mapping"]);
    expect($("#panel-mapping").hidden).toBe(false);
    expect($("#panel-history").hidden).toBe(true);
    key($("#tab-mapping"), "ArrowRight");
    key(document.activeElement as HTMLElement, "ArrowRight");
    key(document.activeElement as HTMLElement, "ArrowRight");
    key(document.activeElement as HTMLElement, " ");
    await settle();
    expect(app.tab()).toBe("settings");
  });
});
