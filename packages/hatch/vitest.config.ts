import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Whole-fake walks (thousands of records over loopback HTTP) share the CPU with every other package's tests
    // under turbo: room enough that a busy 2-core runner does not fail them (one took 67 s at a load of 24). No test asserts on time.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
