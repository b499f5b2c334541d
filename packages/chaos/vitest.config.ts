import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The soak's own watchdog fails a hung call long before this; the full size (10,000 operations) runs
    // through `pnpm test:chaos --full`, which raises it.
    testTimeout: Number(process.env.CHAOS_TEST_TIMEOUT_MS ?? 60_000),
  },
});
