import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // No test waits on a real clock for long (wire tests use millisecond delays); the bound is for a loaded
    // 2-core machine running every package's tests at once, and still ends a hang.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    restoreMocks: true,
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      // Barrels and type-only modules hold no runtime code to cover.
      exclude: ["src/index.ts", "src/testing/index.ts", "src/types.ts"],
      reporter: ["text", "json-summary"],
      thresholds: { lines: 95, functions: 95, statements: 95, branches: 90 },
    },
  },
});
