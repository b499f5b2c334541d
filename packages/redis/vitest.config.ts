import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Every file starts its own redis-server (and the fleet test 8 worker processes, for about 20 s of rate
    // windows); the bounds are for a loaded 2-core machine running every package's tests at once, and still end
    // a hang. No test asserts an elapsed time.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    restoreMocks: true,
  },
});
