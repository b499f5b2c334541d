import { createHash } from "node:crypto";
import { MemoryStore } from "@hatchery/core";
import { createHatebaseClient, responseCache } from "@hatchery/hatebase";
import { createHatebaseFake } from "@hatchery/hatebase/testing";
import { describe, expect, it } from "vitest";
import { isRedisUnavailableError, redisStore } from "../src/index.js";
import { CLIENTS, type Connected, NODE_REDIS_4, uniqueKey, useRedisServer } from "./helpers.js";

const redis = useRedisServer();
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe.each([...CLIENTS, NODE_REDIS_4])("redisStore with $name", (kind) => {
  const connect = async (): Promise<Connected> => {
    const connected = await kind.connect(redis.server.url);
    redis.connections.push(connected);
    return connected;
  };

  it("stores JSON values under <prefix><sha256(key)>, with Redis's expiry from the ttl hint", async () => {
    const connected = await connect();
    const prefix = `${uniqueKey("kv")}:`;
    const store = redisStore(connected.client, { prefix });
    const value = { status: 200, body: { items: [1, "two", null, { three: true }] }, expiresAt: 1 };
    await store.set("https://api.example GET /things {}", value, 60_000);
    expect(await store.get("https://api.example GET /things {}")).toEqual(value);
    const id = `${prefix}${sha256("https://api.example GET /things {}")}`;
    expect(JSON.parse(String(await connected.raw("GET", id)))).toEqual(value);
    const ttl = Number(await connected.raw("PTTL", id));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await store.delete("https://api.example GET /things {}");
    expect(await store.get("https://api.example GET /things {}")).toBeUndefined();
    expect(await connected.raw("EXISTS", id)).toBe(0);
  });

  it("keeps an entry without a ttl until it is deleted; reads a missing or foreign value as a miss", async () => {
    const connected = await connect();
    const prefix = `${uniqueKey("kv")}:`;
    const store = redisStore(connected.client, { prefix });
    await store.set("forever", ["a"]);
    expect(Number(await connected.raw("PTTL", `${prefix}${sha256("forever")}`))).toBe(-1);
    await connected.raw("SET", `${prefix}${sha256("foreign")}`, "not json {");
    expect(await store.get("foreign")).toBeUndefined();
    expect(await store.get("never-set")).toBeUndefined();
  });

  it("shares entries between processes: a second client is answered from the first one's cache", async () => {
    const fake = createHatebaseFake();
    const prefix = `${uniqueKey("kv")}:`;
    const makeClient = async () =>
      createHatebaseClient({
        apiKey: fake.apiKey,
        baseUrl: "http://127.0.0.1/{version}",
        fetch: fake.handler,
        cache: responseCache({ ttlMs: 60_000, store: redisStore((await connect()).client, { prefix }) }),
      });
    const [first, second] = [await makeClient(), await makeClient()];
    const a = await first.getVocabularyDetails({ vocabulary_id: "EXV0001" });
    const before = fake.counters.calls.get_vocabulary_details;
    const b = await second.getVocabularyDetails({ vocabulary_id: "EXV0001" });
    expect(b).toEqual(a);
    expect(fake.counters.calls.get_vocabulary_details).toBe(before);
    // The stored entry holds no session token (core redacts secrets before storing).
    const keys = (await (await connect()).raw("KEYS", `${prefix}*`)) as string[];
    expect(keys.length).toBeGreaterThan(0);
    for (const token of fake.state.tokens.keys()) {
      for (const k of keys) expect(String(await (await connect()).raw("GET", k))).not.toContain(token);
    }
  });

  it("throws RedisUnavailableError when Redis is unavailable (core's cache then asks the API), or uses its fallback", async () => {
    const connected = await kind.connect(redis.server.url);
    await connected.close();
    const store = redisStore(connected.client, { prefix: "p:" });
    const error = await Promise.resolve(store.get("k")).catch((e: unknown) => e);
    expect(isRedisUnavailableError(error)).toBe(true);
    const fallback = new MemoryStore();
    const withFallback = redisStore(connected.client, { prefix: "p:", fallback });
    await withFallback.set("k", { v: 1 }, 1000);
    expect(await withFallback.get("k")).toEqual({ v: 1 });
    await withFallback.delete("k");
    expect(fallback.size).toBe(0);

    const fake = createHatebaseFake();
    const warnings: string[] = [];
    const { createLogger } = await import("@hatchery/hatebase");
    const client = createHatebaseClient({
      apiKey: fake.apiKey,
      baseUrl: "http://127.0.0.1/{version}",
      fetch: fake.handler,
      cache: responseCache({ ttlMs: 60_000, store }),
      logger: createLogger({ debug() {}, info() {}, warn: (line: string) => warnings.push(line), error() {} }, "warn"),
    });
    await client.getVocabularyDetails({ vocabulary_id: "EXV0001" });
    await client.getVocabularyDetails({ vocabulary_id: "EXV0001" });
    expect(fake.counters.calls.get_vocabulary_details).toBe(2);
    expect(warnings.some((w) => w.includes("@hatchery/redis store"))).toBe(true);
  });
});
