// Flat config: typescript-eslint with type information, so floating promises and unsafe `any`
// are caught (the UI is all async calls to the shell).
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  // generated.ts is written from the Rust types (crates/app-service/tests/ui_types.rs), not by hand.
  { ignores: ["dist/", "node_modules/", "src/api/generated.ts"] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      // Commands reject with the contract's AppError, a plain { code, message } object, as Tauri does.
      // (AppError is the generated SyncError.)
      "@typescript-eslint/only-throw-error": ["error", { allow: [{ from: "file", name: ["AppError", "SyncError"] }] }],
      "no-console": "error",
      eqeqeq: "error",
    },
  },
  {
    // The fake shell rejects with exactly what Tauri delivers: plain { code, message } objects
    // and bare strings.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/only-throw-error": "off",
      "@typescript-eslint/prefer-promise-reject-errors": "off",
    },
  },
  {
    files: ["**/*.js"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
