import { MemoryQuotaStore } from "@hatchery/core";
import { createHatchClient, dailyQuota, isQuotaExceededError } from "@hatchery/hatch";
import { createHatchFake } from "@hatchery/hatch/testing";
import { describe, expect, it } from "vitest";
import { isRedisUnavailableError, type RedisUnavailableError, redisQuotaStore } from "../src/index.js";
import { quotaExpiry } from "../src/redis-quota-store.js";
import { CLIENTS, type Connected, NODE_REDIS_4, uniqueKey, useRedisServer } from "./helpers.js";

const DAY = 86_400_000;

describe("quotaExpiry (the counter's expiry: the end of its UTC day, plus retainMs)", () => {
  const cases: [string, { period: string; retainMs: number; want: number | "throws" }][] = [
    ["a day, no retention", { period: "2026-12-07", retainMs: 0, want: Date.UTC(2026, 11, 8) }],
    ["a day, kept one more day", { period: "2026-12-07", retainMs: DAY, want: Date.UTC(2026, 11, 9) }],
    ["the last day of a year", { period: "2026-12-31", retainMs: 0, want: Date.UTC(2027, 0, 1) }],
    ["a leap day", { period: "2028-02-29", retainMs: 60_000, want: Date.UTC(2028, 2, 1) + 60_000 }],
    ["not a day", { period: "2026-12", retainMs: 0, want: "throws" }],
    ["a date with a time", { period: "2026-12-07T10:00:00Z", retainMs: 0, want: "throws" }],
    ["an impossible day", { period: "2026-13-40", retainMs: 0, want: "throws" }],
  ];
  for (const [name, { period, retainMs, want }] of cases) {
    it(name, () => {
      if (want === "throws") expect(() => quotaExpiry(period, retainMs)).toThrow(/UTC day/);
      else expect(quotaExpiry(period, retainMs)).toBe(want);
    });
  }
});

const redis = useRedisServer();

describe.each([...CLIENTS, NODE_REDIS_4])("redisQuotaStore with $name", (kind) => {
  const connect = async (): Promise<Connected> => {
    const connected = await kind.connect(redis.server.url);
    redis.connections.push(connected);
    return connected;
  };

  it("counts atomically across stores sharing the key: every increment gets a distinct count", async () => {
    const key = uniqueKey("quota");
    const stores = await Promise.all(
      Array.from({ length: 4 }, async () => redisQuotaStore((await connect()).client, { key })),
    );
    const counts = await Promise.all(
      Array.from({ length: 200 }, (_, i) => stores[i % stores.length]!.increment("2026-12-07")),
    );
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it("keeps one counter per day, each expiring in Redis after its UTC day plus retainMs", async () => {
    const connected = await connect();
    const key = uniqueKey("quota");
    const store = redisQuotaStore(connected.client, { key, retainMs: 3_600_000 });
    expect(await store.increment("2099-01-01")).toBe(1);
    expect(await store.increment("2099-01-01")).toBe(2);
    expect(await store.increment("2099-01-02")).toBe(1);
    expect(Number(await connected.raw("PEXPIRETIME", `${key}:2099-01-01`))).toBe(Date.UTC(2099, 0, 2) + 3_600_000);
    expect(Number(await connected.raw("PEXPIRETIME", `${key}:2099-01-02`))).toBe(Date.UTC(2099, 0, 3) + 3_600_000);
  });

  it("repairs a counter that lost its expiry", async () => {
    const connected = await connect();
    const key = uniqueKey("quota");
    await connected.raw("SET", `${key}:2099-01-01`, "41");
    expect(await redisQuotaStore(connected.client, { key }).increment("2099-01-01")).toBe(42);
    expect(Number(await connected.raw("PEXPIRETIME", `${key}:2099-01-01`))).toBe(Date.UTC(2099, 0, 3));
  });
});

describe.each(CLIENTS)("redisQuotaStore as a client's daily quota, with $name", (kind) => {
  it("passes dailyLimit requests, then QuotaExceededError with nothing sent", async () => {
    const connected = await kind.connect(redis.server.url);
    redis.connections.push(connected);
    const fake = createHatchFake({ rateLimit: false });
    const store = redisQuotaStore(connected.client, { key: uniqueKey("quota") });
    const clients = Array.from({ length: 3 }, () =>
      createHatchClient({
        apiKey: fake.apiKey,
        baseUrl: "http://127.0.0.1",
        fetch: fake.handler,
        rateLimit: false,
        quota: dailyQuota({ dailyLimit: 25, store }),
      }),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        clients[i % 3]!.upsertContact({ source: fake.source, email: `q${i}@example.org` }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(25);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(15);
    expect(refused.every((r) => isQuotaExceededError(r.reason))).toBe(true);
    expect(fake.counters.requests).toBe(25);
  });

  it("fails closed when Redis is unavailable: RedisUnavailableError, nothing sent; or uses its fallback", async () => {
    const connected = await kind.connect(redis.server.url);
    await connected.close(); // a closed client: every command fails at once
    const fake = createHatchFake({ rateLimit: false });
    const client = (store: ReturnType<typeof redisQuotaStore>) =>
      createHatchClient({
        apiKey: fake.apiKey,
        baseUrl: "http://127.0.0.1",
        fetch: fake.handler,
        rateLimit: false,
        quota: dailyQuota({ dailyLimit: 2, store }),
      });
    const closed = client(redisQuotaStore(connected.client, { key: uniqueKey("quota") }));
    const error = await closed
      .upsertContact({ source: fake.source, email: "a@example.org" })
      .catch((e: unknown) => e as RedisUnavailableError);
    expect(isRedisUnavailableError(error)).toBe(true);
    expect((error as RedisUnavailableError).message).toMatch(/^@hatchery\/redis quota store \(increment\): /);
    // Within the cooldown it fails at once, without asking Redis again.
    const again = await closed
      .upsertContact({ source: fake.source, email: "a@example.org" })
      .catch((e: unknown) => e as RedisUnavailableError);
    expect((again as RedisUnavailableError).reason).toBe("cooldown");
    expect(fake.counters.requests).toBe(0);

    const withFallback = client(
      redisQuotaStore(connected.client, { key: uniqueKey("quota"), fallback: new MemoryQuotaStore() }),
    );
    await withFallback.upsertContact({ source: fake.source, email: "a@example.org" });
    await withFallback.upsertContact({ source: fake.source, email: "b@example.org" });
    const third = await withFallback.upsertContact({ source: fake.source, email: "c@example.org" }).catch((e) => e);
    expect(isQuotaExceededError(third)).toBe(true);
    expect(fake.counters.requests).toBe(2);
  });
});
