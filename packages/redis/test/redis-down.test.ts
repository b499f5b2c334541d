// Redis down or slow is a typed, documented behaviour, never a hang: a redis-server killed (SIGKILL) in the middle
// of a run, one frozen (SIGSTOP: it accepts connections and never answers), and a TCP server that never answers.
// Both clients queue commands while they are disconnected (their defaults); every store's timeout fires anyway.
import type { SessionToken } from "@hatchery/core";
import { createHatchClient, dailyQuota } from "@hatchery/hatch";
import { createHatchFake } from "@hatchery/hatch/testing";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { afterEach, describe, expect, it } from "vitest";
import {
  isRedisUnavailableError,
  type RedisClient,
  type RedisUnavailableError,
  redisQuotaStore,
  redisRateLimiter,
  redisSessionTokens,
  redisStore,
} from "../src/index.js";
import { type RedisServer, startRedisServer, startUnresponsiveServer } from "../src/testing/index.js";
import { eventually, uniqueKey } from "./helpers.js";

/** Clients as apps create them, with their default queueing and reconnection; `ready` is false for a dead end. */
const KINDS: { name: string; open(url: string, ready: boolean): Promise<{ client: RedisClient; close(): void }> }[] = [
  {
    name: "ioredis",
    async open(url) {
      const redis = new Redis(url);
      redis.on("error", () => {});
      return { client: redis, close: () => redis.disconnect() };
    },
  },
  {
    name: "node-redis",
    async open(url, ready) {
      const redis = createClient({ url });
      redis.on("error", () => {});
      const connecting = redis.connect().catch(() => {});
      if (ready) await connecting;
      return {
        client: redis,
        close: () => {
          redis.destroy();
        },
      };
    },
  },
];

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const token = (n: number): SessionToken => ({ token: `tok-${n}-secret`, expiresAt: Date.now() + 60_000 });

describe.each(KINDS)("Redis down or slow, with $name", (kind) => {
  const open = async (url: string, ready = true) => {
    const opened = await kind.open(url, ready);
    cleanups.push(opened.close);
    return opened.client;
  };
  const start = async (): Promise<RedisServer> => {
    const server = await startRedisServer();
    cleanups.push(() => server.stop());
    return server;
  };

  it("a server that never answers: each store times out, typed, and falls back where it does by default", async () => {
    const silent = await startUnresponsiveServer();
    cleanups.push(() => silent.close());
    const client = await open(silent.url, false);
    const options = { timeoutMs: 200 };

    const quota = await Promise.resolve(
      redisQuotaStore(client, { key: "q", ...options }).increment("2026-12-07"),
    ).catch((e: unknown) => e);
    expect(isRedisUnavailableError(quota) && quota.reason).toBe("timeout");
    expect((quota as Error).message).toBe(
      "@hatchery/redis quota store (increment): Redis did not answer within 200 ms.",
    );

    const store = await Promise.resolve(redisStore(client, { prefix: "p:", ...options }).get("k")).catch(
      (e: unknown) => e,
    );
    expect(isRedisUnavailableError(store) && store.reason).toBe("timeout");

    const strictLimiter = redisRateLimiter(client, {
      key: "l",
      requests: 5,
      windowMs: 1000,
      fallback: false,
      ...options,
    });
    const limited = await strictLimiter.acquire().catch((e: unknown) => e);
    expect(isRedisUnavailableError(limited) && limited.reason).toBe("timeout");
    const told: string[] = [];
    const release = await redisRateLimiter(client, {
      key: "l",
      requests: 5,
      windowMs: 1000,
      ...options,
      onRedisError: (error) => told.push(error.message),
    }).acquire();
    release(); // from the in-process fallback
    expect(told).toEqual(["@hatchery/redis rate limiter (acquire): Redis did not answer within 200 ms."]);

    let n = 0;
    const source = redisSessionTokens(client, { key: "s", ...options })(async () => token(++n));
    expect(await source.get()).toBe("tok-1-secret"); // the in-process fallback authenticated
    const strict = redisSessionTokens(client, { key: "s", fallback: false, ...options })(async () => token(++n));
    expect(isRedisUnavailableError(await strict.get().catch((e: unknown) => e))).toBe(true);
    expect(silent.connections()).toBeGreaterThan(0);
  });

  it("redis-server killed (SIGKILL) mid-run: the limited calls go on through the fallback, all succeed", async () => {
    const server = await start();
    const client = await open(server.url);
    const fake = createHatchFake({ rateLimit: { requests: 20, windowMs: 500 } });
    const hatch = createHatchClient({
      apiKey: fake.apiKey,
      baseUrl: "http://127.0.0.1",
      fetch: fake.handler,
      rateLimit: redisRateLimiter(client, { key: uniqueKey("rate"), requests: 20, windowMs: 500, timeoutMs: 300 }),
    });
    const calls = Array.from({ length: 60 }, (_, i) =>
      hatch.upsertContact({ source: fake.source, email: `k${i}@example.org` }),
    );
    await eventually(() => fake.counters.requests >= 20, "the first window's calls are sent");
    // Whenever the kill lands, the fake never sees more than 20 in its window: the default fallback already holds
    // the places this process took through Redis (each until 500 ms after it finished, later than it arrived).
    server.kill("SIGKILL");
    await server.exited;
    const results = await Promise.allSettled(calls);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(fake.counters.created).toBe(60);

    const strict = createHatchClient({
      apiKey: fake.apiKey,
      baseUrl: "http://127.0.0.1",
      fetch: fake.handler,
      rateLimit: redisRateLimiter(client, { key: "x", requests: 20, windowMs: 500, timeoutMs: 300, fallback: false }),
    });
    const error = await strict
      .upsertContact({ source: fake.source, email: "z@example.org" })
      .catch((e: unknown) => e as RedisUnavailableError);
    expect(isRedisUnavailableError(error)).toBe(true);
    expect(["timeout", "connection"]).toContain((error as RedisUnavailableError).reason);
  });

  it("redis-server killed: the default fallback goes on from the places this process took, not an empty window", async () => {
    const server = await start();
    const client = await open(server.url);
    const failures: string[] = [];
    const limiter = redisRateLimiter(client, {
      key: uniqueKey("rate"),
      requests: 3,
      windowMs: 60_000,
      timeoutMs: 300,
      onRedisError: (error) => failures.push(error.reason),
    });
    for (let i = 0; i < 3; i += 1) (await limiter.acquire())(); // three sent and finished, through Redis
    server.kill("SIGKILL");
    await server.exited;
    const controller = new AbortController();
    const fourth = limiter.acquire(controller.signal);
    let settled = false;
    fourth.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    await eventually(() => failures.length > 0, "the limiter notices Redis is gone");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false); // the window still holds this process's three: the fourth waits for the fallback
    controller.abort(new Error("stop waiting"));
    await expect(fourth).rejects.toThrow("stop waiting");
  });

  it("redis-server killed mid-run: the quota fails closed, nothing more sent", async () => {
    const server = await start();
    const client = await open(server.url);
    const fake = createHatchFake({ rateLimit: false });
    const hatch = createHatchClient({
      apiKey: fake.apiKey,
      baseUrl: "http://127.0.0.1",
      fetch: fake.handler,
      rateLimit: false,
      quota: dailyQuota({
        dailyLimit: 100,
        store: redisQuotaStore(client, { key: uniqueKey("quota"), timeoutMs: 300 }),
      }),
    });
    for (let i = 0; i < 5; i += 1) await hatch.upsertContact({ source: fake.source, email: `q${i}@example.org` });
    server.kill("SIGKILL");
    await server.exited;
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => hatch.upsertContact({ source: fake.source, email: `d${i}@example.org` })),
    );
    expect(results.every((r) => r.status === "rejected" && isRedisUnavailableError(r.reason))).toBe(true);
    expect(fake.counters.requests).toBe(5);
  });

  it("redis-server frozen (SIGSTOP): operations time out; once it runs again and the cooldown passes, Redis is used again", async () => {
    const server = await start();
    const client = await open(server.url);
    const key = uniqueKey("quota");
    const quota = redisQuotaStore(client, { key, timeoutMs: 200, cooldownMs: 300 });
    expect(await quota.increment("2026-12-07")).toBe(1);
    server.kill("SIGSTOP");
    cleanups.push(() => server.kill("SIGCONT"));
    const frozen = await Promise.resolve(quota.increment("2026-12-07")).catch((e: unknown) => e);
    expect(isRedisUnavailableError(frozen) && frozen.reason).toBe("timeout");
    server.kill("SIGCONT");
    // The timed-out increment may still be applied once Redis answers (it errs towards spending less).
    await eventually(async () => {
      const count = await Promise.resolve(quota.increment("2026-12-07")).catch(() => 0);
      return count >= 2;
    }, "Redis is used again after the cooldown");
  });
});
