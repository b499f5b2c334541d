import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Generous budgets for a loaded machine (compiling every schema of the spec, HTTP on loopback); no test
    // asserts on time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ["test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
