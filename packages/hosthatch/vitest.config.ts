import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Generous budgets for a loaded machine (schemas compiled, HTTP on loopback, other packages' tests beside
    // these under turbo on 2 cores): a slow machine must not fail a test. No test asserts on time; a hang still
    // ends at this bound.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
