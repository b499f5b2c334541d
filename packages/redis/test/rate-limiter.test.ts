import { createHatchClient, type Limiter } from "@hatchery/hatch";
import { createHatchFake, type FetchHandler } from "@hatchery/hatch/testing";
import { describe, expect, it } from "vitest";
import { isRateLimitWaitTimeoutError, redisRateLimiter } from "../src/index.js";
import { CLIENTS, type Connected, NODE_REDIS_4, redisTime, uniqueKey, useRedisServer } from "./helpers.js";

const redis = useRedisServer();

/** Seeded random latency in front of a handler, both ways: early requests may arrive after later ones. */
function jittered(handler: FetchHandler, seed: number, maxMs = 30): FetchHandler {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return async (request) => {
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * maxMs)));
    const response = await handler(request);
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * maxMs)));
    return response;
  };
}

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

describe.each([...CLIENTS, NODE_REDIS_4])("redisRateLimiter with $name", (kind) => {
  const connect = async (): Promise<Connected> => {
    const connected = await kind.connect(redis.server.url);
    redis.connections.push(connected);
    return connected;
  };

  it("keeps the limit on the server's clock across clients sharing the key, whatever the latency", async () => {
    // Four clients, each with its own connection and limiter (as four processes would have), against one fake
    // that enforces 5 requests per 300 ms and counts what it saw arrive.
    const fake = createHatchFake({ rateLimit: { requests: 5, windowMs: 300 } });
    const key = uniqueKey("rate");
    const clients = await Promise.all(
      [1, 2, 3, 4].map(async (seed) =>
        createHatchClient({
          apiKey: fake.apiKey,
          baseUrl: "http://127.0.0.1",
          fetch: jittered(fake.handler, seed),
          retry: false,
          rateLimit: redisRateLimiter((await connect()).client, { key, requests: 5, windowMs: 300 }),
        }),
      ),
    );
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        clients[i % 4]!.upsertContact({ source: fake.source, email: `r${i}@example.org` }),
      ),
    );
    expect(results).toHaveLength(24);
    expect(fake.counters.rateLimited).toBe(0);
    expect(fake.counters.peakWindow).toBeLessThanOrEqual(5);
    expect(fake.counters.created).toBe(24);
  });

  it("counts a request until windowMs after it finished, not after it was sent", async () => {
    const connected = await connect();
    const limiter = redisRateLimiter(connected.client, { key: uniqueKey("rate"), requests: 1, windowMs: 300 });
    const release = await limiter.acquire();
    await new Promise((resolve) => setTimeout(resolve, 200)); // the request takes a while
    // Redis's clock read through the limiter's own connection, so the release script runs after it.
    const finished = await redisTime(connected);
    release();
    await limiter.acquire();
    expect((await redisTime(connected)) - finished).toBeGreaterThanOrEqual(300);
  });

  it("waits while the window is full and rejects with the signal's reason on abort, leaving no timer", async () => {
    const connected = await connect();
    const limiter = redisRateLimiter(connected.client, { key: uniqueKey("rate"), requests: 1, windowMs: 60_000 });
    const held = await limiter.acquire();
    const before = timers();
    const controller = new AbortController();
    let settled = false;
    const waiting = limiter.acquire(controller.signal).finally(() => {
      settled = true;
    });
    const queued = limiter.acquire(controller.signal); // behind it in this process's line
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBe(false);
    const reason = new Error("shutting down");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(queued).rejects.toBe(reason);
    expect(timers()).toBeLessThanOrEqual(before);
    held();
    await expect(limiter.acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it("gives up after maxWaitMs with RateLimitWaitTimeoutError, taking no place", async () => {
    const connected = await connect();
    const key = uniqueKey("rate");
    const limiter = redisRateLimiter(connected.client, { key, requests: 2, windowMs: 60_000, maxWaitMs: 150 });
    await limiter.acquire();
    await limiter.acquire();
    const error = await limiter.acquire().catch((e: unknown) => e);
    expect(isRateLimitWaitTimeoutError(error)).toBe(true);
    expect((error as Error).message).toMatch(/no free slot within \d+ ms under the shared limit of 2 requests/);
    expect(await connected.raw("ZCARD", key)).toBe(2);
  });

  it("frees the place of a request whose process died (never released) after leaseMs + windowMs", async () => {
    const connected = await connect();
    const key = uniqueKey("rate");
    const options = { key, requests: 1, windowMs: 100, leaseMs: 200 };
    const start = await redisTime(connected);
    await redisRateLimiter(connected.client, options).acquire(); // taken, never released
    await redisRateLimiter((await connect()).client, options).acquire();
    expect((await redisTime(connected)) - start).toBeGreaterThanOrEqual(300);
  });

  it("keeps its key only as long as it matters", async () => {
    const connected = await connect();
    const key = uniqueKey("rate");
    const release = await redisRateLimiter(connected.client, {
      key,
      requests: 3,
      windowMs: 1000,
      leaseMs: 2000,
    }).acquire();
    const ttl = Number(await connected.raw("PTTL", key));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(4000);
    release();
  });
});

describe("redisRateLimiter's options", () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["no key", { key: "", requests: 1, windowMs: 1 }, /key must be a non-empty string/],
    [
      "zero requests",
      { key: "k", requests: 0, windowMs: 1 },
      /requests must be a positive integer up to 2147483647; got 0/,
    ],
    ["fractional requests", { key: "k", requests: 1.5, windowMs: 1 }, /requests must be a positive/],
    ["an infinite window", { key: "k", requests: 1, windowMs: Infinity }, /windowMs must be a positive/],
    [
      "a lease past what Redis's PEXPIRE takes as written",
      { key: "k", requests: 1, windowMs: 1, leaseMs: 1e14 },
      /leaseMs must be a positive integer up to/,
    ],
    ["a zero timeout", { key: "k", requests: 1, windowMs: 1, timeoutMs: 0 }, /timeoutMs must be a positive/],
    ["a negative cooldown", { key: "k", requests: 1, windowMs: 1, cooldownMs: -1 }, /cooldownMs must be/],
  ];
  for (const [name, options, message] of cases) {
    it(`refuses ${name}`, () => {
      const fake = { call: async () => null };
      expect(() => redisRateLimiter(fake, options as never)).toThrow(message);
    });
  }
  it("refuses something that is not a Redis client", () => {
    expect(() => redisRateLimiter({} as never, { key: "k", requests: 1, windowMs: 1 })).toThrow(
      /expected an ioredis client/,
    );
  });
  it("is a core Limiter", () => {
    const limiter: Limiter = redisRateLimiter({ call: async () => null }, { key: "k", requests: 1, windowMs: 1 });
    expect(typeof limiter.acquire).toBe("function");
  });
});
