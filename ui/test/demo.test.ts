import { describe, expect, it } from "vitest";
import * as fx from "../src/dev/fixtures";
import { FakeTransport } from "./fake-transport";
import { $, click, mount, visible } from "./helpers";

const demoOverview = () => fx.overview({ mode: "demo", whoop: { ...fx.overview().whoop, userName: "Demo Sleeper" } });

describe("demo mode", () => {
  it("is offered prominently when nothing real is connected, and starts with start_demo", async () => {
    const shell = new FakeTransport()
      .answer("overview", fx.freshOverview())
      .answer("start_demo", demoOverview())
      .answer("history", fx.runs());
    await mount(shell);
    expect(visible($("#demo-offer"))).toBe(true);
    expect($("#demo-start").textContent).toBe("Try it with demo data");
    expect($("#demo-banner").hidden).toBe(true);
    await click("#demo-start");
    expect(shell.callsOf("start_demo")).toHaveLength(1);
    expect($("#demo-offer").hidden).toBe(true);
    expect($("#demo-banner").hidden).toBe(false);
  });

  it("shows a persistent banner while on, whatever the tab, and leaves with stop_demo", async () => {
    const shell = new FakeTransport()
      .answer("overview", demoOverview())
      .answer("history", fx.runs())
      .answer("mapping_get", fx.mappingView())
      .answer("mapping_preview", fx.preview())
      .answer("stop_demo", fx.freshOverview());
    await mount(shell);
    expect($("#demo-banner").textContent).toContain("Demo mode — simulated WHOOP and Notion");
    await click("#tab-mapping");
    expect(visible($("#demo-banner"))).toBe(true);
    await click("#demo-stop");
    expect(shell.callsOf("stop_demo")).toHaveLength(1);
    expect($("#demo-banner").hidden).toBe(true);
    expect(visible($("#demo-offer"))).toBe(true);
  });

  it("is not offered once a real account is connected", async () => {
    await mount(new FakeTransport().answer("overview", fx.overview()).answer("history", []));
    expect($("#demo-offer").hidden).toBe(true);
    expect($("#demo-banner").hidden).toBe(true);
  });
});
