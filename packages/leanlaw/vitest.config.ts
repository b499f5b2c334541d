import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Whole-fake walks (thousands of records over loopback HTTP) share the CPU with every other package's tests
    // under turbo: room enough that a busy 2-core runner does not fail them. No test asserts on time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
