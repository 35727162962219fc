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
  },
  test: {
    environment: "happy-dom",
    include: ["test/**/*.test.ts"],
    restoreMocks: true,
  },
});
