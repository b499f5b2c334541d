import type { QuotaStore } from "@hatchery/core";
import type { RedisClient } from "./redis-client.js";
import { checkKey, checkNonNegative, type RedisCallOptions, RedisRunner } from "./redis-runner.js";
import { isRedisUnavailableError } from "./redis-unavailable-error.js";
import { INCREMENT } from "./scripts.js";

const STORE = "quota store";
const DAY_MS = 86_400_000;

/** Options of {@link redisQuotaStore}. */
export interface RedisQuotaStoreOptions extends RedisCallOptions {
  /**
   * The prefix of the counters' keys: the count of a UTC day lives at `<key>:<YYYY-MM-DD>`. Every process that
   * uses the same key shares one quota.
   * @example "hatchery:hatebase:quota"
   */
  key: string;
  /**
   * How long a day's counter is kept after the day ends (UTC), in milliseconds, so you can still read
   * yesterday's count; Redis deletes it then.
   * @default 86400000 (one day)
   */
  retainMs?: number;
  /**
   * Used while Redis is unavailable (down, slow past `timeoutMs`, refusing the script): another `QuotaStore` (core's
   * `MemoryQuotaStore` counts per process, so a fleet of n may then spend up to n times the quota), or `false`
   * to fail the call with a {@link RedisUnavailableError}, nothing sent.
   * @default false (fail closed: a quota is a budget, and spending it n times over costs money or a ban)
   */
  fallback?: QuotaStore | false;
}

/**
 * A daily quota counter shared through Redis (core's `QuotaStore`): every process using the same `key` counts
 * into one counter per UTC day, incremented atomically (INCR in a Lua script), and the counter expires in Redis
 * after its day (plus `retainMs`), so nothing needs cleaning up.
 *
 * By default it fails closed: while Redis is unavailable, each call fails with a {@link RedisUnavailableError}
 * before anything is sent (core never retries a quota store's error). An increment that timed out may still be
 * counted once Redis catches up: the count errs on the side of spending less.
 * @example
 * import { Redis } from "ioredis";
 * import { createHatebaseClient, dailyQuota } from "@hatchery/hatebase";
 * import { redisQuotaStore } from "@hatchery/redis";
 *
 * const redis = new Redis(process.env.REDIS_URL);
 * const hatebase = createHatebaseClient({
 *   apiKey: process.env.HATEBASE_API_KEY,
 *   quota: dailyQuota({ dailyLimit: 500, store: redisQuotaStore(redis, { key: "hatebase:quota" }) }),
 * });
 */
export function redisQuotaStore(redis: RedisClient, options: RedisQuotaStoreOptions): QuotaStore {
  const key = checkKey(STORE, "key", options.key);
  const retainMs = checkNonNegative(STORE, "retainMs", options.retainMs ?? DAY_MS, true);
  const runner = new RedisRunner(redis, STORE, options);
  const fallback = options.fallback ?? false;
  return {
    async increment(period) {
      const expireAt = quotaExpiry(period, retainMs);
      if (runner.down) {
        if (fallback) return fallback.increment(period);
        throw runner.cooldownError("increment");
      }
      try {
        return Number(await runner.script("increment", INCREMENT, `${key}:${period}`, [expireAt]));
      } catch (error) {
        if (fallback && isRedisUnavailableError(error)) return fallback.increment(period);
        throw error;
      }
    },
  };
}

/**
 * When the counter of `period` (a UTC day, `YYYY-MM-DD`) expires: the end of that day plus `retainMs`, epoch ms.
 * @internal
 */
export function quotaExpiry(period: string, retainMs: number): number {
  const start = /^\d{4}-\d{2}-\d{2}$/.test(period) ? Date.parse(`${period}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(start)) {
    throw new RangeError(`@hatchery/redis ${STORE} (increment): the period must be a UTC day, YYYY-MM-DD`);
  }
  return start + DAY_MS + retainMs;
}
