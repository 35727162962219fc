import { defineConfig } from "vitest/config";

export default defineConfig({
  // Relative asset paths: Tauri serves dist/ from its own origin, not from "/".
  base: "./",
  // Tauri's dev server expectations: a fixed port, and don't hide Rust errors.
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The webviews Tauri 2 runs on (WebView2, WKWebView on macOS 11+, WebKitGTK 2.40+).
    target: ["es2022", "safari15"],
    // The Trends tab's code is a chunk loaded when it opens. Its dependencies sit on disk beside
    // it (Tauri serves dist/ from the app), so the polyfill for preloading them would only add
    // to every start-up.
    modulePreload: { polyfill: false },
  },
  test: {
    environment: "happy-dom",
    include: ["test/**/*.test.ts"],
    restoreMocks: true,
  },
});
