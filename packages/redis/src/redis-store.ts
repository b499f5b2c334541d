import { createHash } from "node:crypto";
import type { KeyValueStore } from "@hatchery/core";
import type { RedisClient } from "./redis-client.js";
import { checkKey, type RedisCallOptions, RedisRunner } from "./redis-runner.js";
import { isRedisUnavailableError } from "./redis-unavailable-error.js";

const STORE = "store";

/** Options of {@link redisStore}. */
export interface RedisStoreOptions extends RedisCallOptions {
  /**
   * Prepended to every key. Keys are hashed (SHA-256, hex) after it, so a long cache key, and whatever input it
   * holds, stays out of Redis's key space: an entry lives at `<prefix><sha256(key)>`.
   * @example "hatchery:hatebase:cache:"
   */
  prefix: string;
  /**
   * Used while Redis is unavailable: another `KeyValueStore` (core's `MemoryStore`, per process), or `false` to
   * throw a {@link RedisUnavailableError}, which core's response cache logs and bypasses (it asks the API).
   * @default false (a cache that cannot answer is a miss: the call goes to the API, which is always right)
   */
  fallback?: KeyValueStore | false;
}

/**
 * A key-value store in Redis (core's `KeyValueStore`) for the response cache: JSON values, each set with Redis's
 * own expiry from the time-to-live the cache gives (`SET … PX`), so entries vanish from Redis when they go stale;
 * one with no time to live is kept until deleted. Every process using the same `prefix` shares the entries.
 *
 * While Redis is unavailable it throws a {@link RedisUnavailableError} (core's response cache then logs a warning
 * and asks the API), at most once per `cooldownMs` slow call; `fallback` serves from elsewhere instead.
 * @example
 * import { Redis } from "ioredis";
 * import { createHatebaseClient, responseCache } from "@hatchery/hatebase";
 * import { redisStore } from "@hatchery/redis";
 *
 * const redis = new Redis(process.env.REDIS_URL);
 * const hatebase = createHatebaseClient({
 *   apiKey: process.env.HATEBASE_API_KEY,
 *   cache: responseCache({ ttlMs: 3_600_000, store: redisStore(redis, { prefix: "hatebase:cache:" }) }),
 * });
 */
export function redisStore(redis: RedisClient, options: RedisStoreOptions): KeyValueStore {
  const prefix = checkKey(STORE, "prefix", options.prefix);
  const runner = new RedisRunner(redis, STORE, options);
  const fallback = options.fallback ?? false;
  const at = (key: string) => prefix + createHash("sha256").update(key).digest("hex");

  async function guarded<T>(
    operation: string,
    viaRedis: () => Promise<T>,
    viaFallback: (store: KeyValueStore) => T | Promise<T>,
  ) {
    if (runner.down) {
      if (fallback) return viaFallback(fallback);
      throw runner.cooldownError(operation);
    }
    try {
      return await viaRedis();
    } catch (error) {
      if (fallback && isRedisUnavailableError(error)) return viaFallback(fallback);
      throw error;
    }
  }

  return {
    get: (key) =>
      guarded(
        "get",
        async () => {
          const id = at(key);
          const stored = await runner.command("get", ["GET", id], id);
          if (typeof stored !== "string") return undefined;
          try {
            return JSON.parse(stored) as unknown;
          } catch {
            return undefined; // not ours: a miss
          }
        },
        (store) => store.get(key),
      ),
    set: (key, value, ttlMs) =>
      guarded(
        "set",
        async () => {
          const id = at(key);
          const json = JSON.stringify(value);
          if (json === undefined) return;
          const ttl =
            ttlMs !== undefined && Number.isFinite(ttlMs) && ttlMs > 0 ? ["PX", String(Math.ceil(ttlMs))] : [];
          await runner.command("set", ["SET", id, json, ...ttl], id);
        },
        (store) => store.set(key, value, ttlMs),
      ),
    delete: (key) =>
      guarded(
        "delete",
        async () => {
          const id = at(key);
          await runner.command("delete", ["DEL", id], id);
        },
        (store) => store.delete(key),
      ),
  };
}
