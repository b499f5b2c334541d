import { describe, expect, it } from "vitest";
import { isAbortError, isRateLimitError } from "../src/index.js";
import { type FetchHandler, HATCH_RATE_LIMIT } from "../src/testing/index.js";
import { onManualClock, SMALL_LIMIT, setup } from "./helpers.js";

/** Seeded random latency in front of a handler: early requests may arrive after later ones. */
function jittered(handler: FetchHandler, seed: number): FetchHandler {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return async (request) => {
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 25)));
    const response = await handler(request);
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 25)));
    return response;
  };
}

describe("the client-side rate limit", () => {
  it("is on by default at Hatch's documented 100 requests per 10 s: the 101st request waits", async () => {
    // Default limits on both sides, on a clock that stands still (the 100 land in one window however slow the
    // machine). The 101st call cannot be sent until 10 s after one of the first 100 has finished, so once 100
    // calls have settled it is certainly still waiting: abort it and look.
    const fake = await onManualClock(
      () => setup({ fake: { rateLimit: HATCH_RATE_LIMIT }, client: { rateLimit: undefined } }),
      async ({ fake, client }) => {
        const controller = new AbortController();
        let settled = 0;
        const calls = Array.from({ length: 101 }, (_, i) =>
          client
            .upsertContact({ source: fake.source, firstName: `Lead ${i}` }, { signal: controller.signal })
            .finally(() => {
              settled += 1;
              if (settled === 100) controller.abort();
            }),
        );
        const results = await Promise.allSettled(calls);
        const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        expect(rejected).toHaveLength(1);
        expect(isAbortError(rejected[0]?.reason)).toBe(true);
        return fake;
      },
      { stepMs: 0 },
    );
    expect(fake.counters).toMatchObject({ requests: 100, created: 100, rateLimited: 0, peakWindow: 100 });
  });

  it("can be turned off with rateLimit: false (and then Hatch answers the 101st with a 429)", async () => {
    const { fake, client } = await setup({
      fake: { rateLimit: HATCH_RATE_LIMIT },
      client: { rateLimit: false, retry: false },
    });
    const results = await Promise.allSettled(
      Array.from({ length: 101 }, (_, i) => client.upsertContact({ source: fake.source, firstName: `Lead ${i}` })),
    );
    const limited = results.filter((r) => r.status === "rejected" && isRateLimitError(r.reason));
    expect(limited).toHaveLength(1);
    expect(fake.counters).toMatchObject({ requests: 101, created: 100, rateLimited: 1 });
  });

  it("can be set to another limit, which it keeps exactly: a burst never trips the server's 429", async () => {
    const { fake, wire } = await onManualClock(setup, async (context) => {
      const ids = await Promise.all(
        Array.from({ length: 23 }, (_, i) =>
          context.client.upsertContact({ source: context.fake.source, email: `burst${i}@example.org` }),
        ),
      );
      expect(new Set(ids.map((r) => r.id)).size).toBe(23);
      return context;
    });
    expect(fake.counters).toMatchObject({ created: 23, rateLimited: 0, peakWindow: SMALL_LIMIT.requests });
    expect(wire.problems).toEqual([]);
  });

  it.each([7, 8, 9])("keeps the limit on the server's clock whatever the network latency (seed %i)", async (seed) => {
    const { fake, client } = await setup({ wrap: (handler) => jittered(handler, seed) });
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        client.upsertContact({ source: fake.source, phoneNumber: `20255501${10 + i}` }),
      ),
    );
    expect(fake.counters).toMatchObject({ created: 16, rateLimited: 0 });
    expect(fake.counters.peakWindow).toBeLessThanOrEqual(SMALL_LIMIT.requests);
  });
});
