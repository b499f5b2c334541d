// The multi-process proof: 8 worker processes (node child processes, half on ioredis, half on node-redis), each with
// its own Redis connection and client, sharing a limiter, a session token or a quota through one redis-server,
// against one fake served on 127.0.0.1 by this process, which counts what reached it.
//
// Issue 19 asks for 8 processes x 200 Hatch calls at Hatch's documented 100 requests per 10 s (ideal: 160 s); that
// full run is `pnpm bench` (packages/bench/src/fleet.js). Here the window is 1 s (same processes, same calls, same
// 100 requests: an ideal of 16 s) so that `pnpm test` stays reasonable; the fake enforces the same 1 s window.
import { serve } from "@hatchery/core/testing";
import { createHatchFake } from "@hatchery/hatch/testing";
import { createHatebaseFake } from "@hatchery/hatebase/testing";
import { afterAll, describe, expect, it } from "vitest";
import { runWorkers } from "./fleet/run-workers.js";
import { uniqueKey, useRedisServer } from "./helpers.js";

const redis = useRedisServer();
const servers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const WORKERS = 8;

describe("a fleet of 8 processes", () => {
  it("8 x 200 Hatch calls through one redisRateLimiter key: no 429, never over 100 in any window, all succeed", async () => {
    const limit = { requests: 100, windowMs: 1000 };
    const fake = createHatchFake({ rateLimit: limit });
    const server = await serve(fake.handler);
    servers.push(server);
    const started = Date.now();
    const outcomes = await runWorkers(WORKERS, {
      role: "rate",
      redisUrl: redis.server.url,
      url: server.url,
      apiKey: fake.apiKey,
      source: fake.source,
      key: uniqueKey("fleet-rate"),
      limit,
      calls: 200,
      maxMs: 100_000,
    });
    const wallMs = Date.now() - started;
    const idealMs = ((WORKERS * 200) / limit.requests) * limit.windowMs;
    console.log(
      `fleet rate proof: ${WORKERS} x 200 calls at ${limit.requests} per ${limit.windowMs} ms in ${(wallMs / 1000).toFixed(1)} s ` +
        `(ideal ${(idealMs / 1000).toFixed(0)} s, ratio ${(wallMs / idealMs).toFixed(2)}); 429s: ${fake.counters.rateLimited}; ` +
        `peak per window: ${fake.counters.peakWindow}`,
    );
    expect(outcomes.flatMap((o) => o.errors)).toEqual([]);
    expect(outcomes.reduce((sum, o) => sum + o.ok, 0)).toBe(1600);
    expect(fake.counters.rateLimited).toBe(0);
    expect(fake.counters.peakWindow).toBeLessThanOrEqual(limit.requests);
    expect(fake.counters.created).toBe(1600);
  });

  it("8 x 100 concurrent Hatebase calls sharing redisSessionTokens: exactly 1 authenticate", async () => {
    const fake = createHatebaseFake();
    const server = await serve(fake.handler);
    servers.push(server);
    const outcomes = await runWorkers(WORKERS, {
      role: "session",
      redisUrl: redis.server.url,
      url: server.url,
      apiKey: fake.apiKey,
      key: uniqueKey("fleet-session"),
      calls: 100,
      maxMs: 60_000,
    });
    console.log(
      `fleet session proof: ${WORKERS} x 100 calls, ${fake.counters.authentications} authenticate request(s)`,
    );
    expect(outcomes.flatMap((o) => o.errors)).toEqual([]);
    expect(outcomes.reduce((sum, o) => sum + o.ok, 0)).toBe(800);
    expect(fake.counters.calls.authenticate).toBe(1);
    expect(fake.counters.authentications).toBe(1);
  });

  it("a quota of 500 shared through redisQuotaStore by 8 x 100 calls: exactly 500 sent, the rest QuotaExceededError", async () => {
    const fake = createHatchFake({ rateLimit: false });
    const server = await serve(fake.handler);
    servers.push(server);
    const outcomes = await runWorkers(WORKERS, {
      role: "quota",
      redisUrl: redis.server.url,
      url: server.url,
      apiKey: fake.apiKey,
      source: fake.source,
      key: uniqueKey("fleet-quota"),
      dailyLimit: 500,
      calls: 100,
      maxMs: 60_000,
    });
    console.log(`fleet quota proof: ${fake.counters.requests} requests reached the fake of 800 calls`);
    expect(outcomes.flatMap((o) => o.errors)).toEqual([]);
    expect(outcomes.reduce((sum, o) => sum + o.ok, 0)).toBe(500);
    expect(outcomes.reduce((sum, o) => sum + o.quotaExceeded, 0)).toBe(300);
    expect(fake.counters.requests).toBe(500);
  });
});
