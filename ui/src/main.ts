// Entry point. Inside Tauri the real transport is used; in a plain browser during `npm run dev`
// a simulated shell stands in (the import is dropped from production builds), so the window can
// be looked at and clicked through without the Rust side.
import { createApp } from "./app";
import { insideTauri, setTransport } from "./api/transport";
import "./styles.css";

async function boot(): Promise<void> {
  if (import.meta.env.DEV && !insideTauri()) {
    const { createMockShell } = await import("./dev/mock-shell");
    setTransport(createMockShell());
  }
  const root = document.getElementById("app");
  if (!root) throw new Error("index.html has no #app");
  await createApp(root).start();
}

void boot();
