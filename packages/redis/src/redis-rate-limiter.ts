import { randomUUID } from "node:crypto";
import { delay, type Limiter, rateLimiter } from "@hatchery/core";
import { abandonOnAbort, Turns } from "./abortable.js";
import { RateLimitWaitTimeoutError } from "./rate-limit-wait-timeout-error.js";
import type { RedisClient } from "./redis-client.js";
import { checkKey, checkPositive, type RedisCallOptions, RedisRunner } from "./redis-runner.js";
import { isRedisUnavailableError } from "./redis-unavailable-error.js";
import { ACQUIRE, RELEASE } from "./scripts.js";

const STORE = "rate limiter";

/** Options of {@link redisRateLimiter}. */
export interface RedisRateLimiterOptions extends RedisCallOptions {
  /**
   * The Redis key of the shared window (a sorted set). Every process that uses the same key shares one limit:
   * use one key per API account (the provider counts per key).
   * @example "hatchery:hatch:rate"
   */
  key: string;
  /**
   * Requests allowed in any window, across every process sharing `key`.
   * @example 100
   */
  requests: number;
  /**
   * The window, in milliseconds.
   * @example 10000
   */
  windowMs: number;
  /**
   * The longest a request may hold its place before it is released: if its process dies before it finishes,
   * its place is freed `leaseMs + windowMs` after it was taken. Keep it at least your client's `timeoutMs`.
   * @default the attempt's timeout, as the client tells it (60000 when it does not)
   */
  leaseMs?: number;
  /**
   * The longest one call waits for a place; past it the call fails with a {@link RateLimitWaitTimeoutError} and
   * nothing is sent.
   * @default 300000 (5 minutes)
   */
  maxWaitMs?: number;
  /**
   * Used while Redis is unavailable (down, slow past `timeoutMs`, or refusing the script): another `Limiter`, or
   * `false` to fail such calls with a {@link RedisUnavailableError}. The default lets each process send up to the
   * whole limit while Redis is out, so a fleet of n may send up to n times it: give each its share
   * (`rateLimiter({ requests: Math.floor(requests / n), windowMs })`) to stay under it.
   * The default also counts, in this process, every place it takes through Redis, so switching to it when Redis
   * fails starts from what this process has just sent (its window is not empty), and when Redis is back this
   * process does not exceed the limit with what it sent meanwhile. A `Limiter` you pass counts only what it admits.
   * @default rateLimiter({ requests, windowMs }) from core (one per limiter, in this process)
   */
  fallback?: Limiter | false;
}

/**
 * A rate limit shared through Redis: at most `requests` requests in any `windowMs` across every process (and
 * every client) that uses the same `key`, counted in Redis by one atomic Lua script on Redis's clock.
 *
 * Like core's in-process `rateLimiter`, a request holds its place from the moment it is sent until `windowMs`
 * after it *finished*, so the provider's window never sees more than `requests` of the fleet's, whatever the
 * latency. Waiting is honest (a call over the limit waits for a place, it does not fail), abortable (the call's
 * `signal`), and bounded: no polling (a waiting call sleeps until the earliest place frees, one window at most,
 * and asks again), and a call gives up after `maxWaitMs`. Calls of one process queue locally in order, so only
 * one of them at a time asks Redis.
 * @example
 * import { Redis } from "ioredis";
 * import { createHatchClient } from "@hatchery/hatch";
 * import { redisRateLimiter } from "@hatchery/redis";
 *
 * const redis = new Redis(process.env.REDIS_URL);
 * const hatch = createHatchClient({
 *   apiKey: process.env.HATCH_API_KEY,
 *   rateLimit: redisRateLimiter(redis, { key: "hatch:rate", requests: 100, windowMs: 10_000 }),
 * });
 */
export function redisRateLimiter(redis: RedisClient, options: RedisRateLimiterOptions): Limiter {
  const key = checkKey(STORE, "key", options.key);
  const requests = checkPositive(STORE, "requests", options.requests, true);
  const windowMs = checkPositive(STORE, "windowMs", options.windowMs, true);
  const leaseOption =
    options.leaseMs === undefined ? undefined : checkPositive(STORE, "leaseMs", options.leaseMs, true);
  const maxWaitMs = checkPositive(STORE, "maxWaitMs", options.maxWaitMs ?? 300_000);
  const runner = new RedisRunner(redis, STORE, options);
  // The default fallback is also this process's own count: each place taken in Redis takes one in it.
  const local = options.fallback === undefined ? rateLimiter({ requests, windowMs }) : undefined;
  const fallback = local ?? options.fallback;
  const turns = new Turns();
  const owner = randomUUID();
  let sequence = 0;

  const useFallback = (signal: AbortSignal | undefined, error: unknown) => {
    if (!fallback) throw error;
    return fallback.acquire(signal);
  };
  /** Frees a place taken for a call that will not be sent (best effort: it expires by itself otherwise). */
  const cancel = (member: string) => {
    runner.command("cancel", ["ZREM", key, member], key).catch(() => {});
  };

  return {
    async acquire(signal, attempt) {
      // A place is leased as long as the attempt may last (its timeout), unless the options fix the lease.
      const leaseMs = leaseOption ?? Math.ceil(attempt?.timeoutMs ?? 60_000);
      signal?.throwIfAborted();
      if (runner.down) return useFallback(signal, runner.cooldownError("acquire"));
      const started = Date.now();
      await turns.enter(signal);
      let granted: string | undefined;
      try {
        for (;;) {
          if (runner.down) break;
          const member = `${owner}:${++sequence}`;
          let reply: unknown;
          try {
            const pending = runner.script("acquire", ACQUIRE, key, [requests, windowMs, leaseMs, member]);
            reply = await abandonOnAbort(pending, signal, (late) => {
              if (isGranted(late)) cancel(member);
            });
          } catch (error) {
            // A script that timed out may still run when Redis catches up: free what it would take. Commands on
            // one connection run in order, so this removal runs after it.
            if (isRedisUnavailableError(error) && error.reason === "timeout") cancel(member);
            throw error;
          }
          if (isGranted(reply)) {
            granted = member;
            break;
          }
          const waited = Date.now() - started;
          if (waited >= maxWaitMs) throw new RateLimitWaitTimeoutError({ waitedMs: waited, requests, windowMs });
          // Until the earliest place frees, or one window at most: a request finishing meanwhile frees its place
          // `windowMs` after that, never sooner, so waking a window from now misses nothing.
          const until = Array.isArray(reply) ? Number(reply[1]) : windowMs;
          await delay(Math.min(Math.max(until, 1), windowMs + 1, maxWaitMs - waited), signal);
        }
      } catch (error) {
        if (!isRedisUnavailableError(error)) throw error;
        return useFallback(signal, error);
      } finally {
        turns.leave();
      }
      if (granted === undefined) return useFallback(signal, runner.cooldownError("acquire"));
      const member = granted;
      // This process's places are a subset of Redis's window and leave it sooner (released here first), so this
      // resolves at once, unless requests admitted by the fallback while Redis was out are still in the window.
      let releaseLocal: (() => void) | undefined;
      try {
        releaseLocal = await local?.acquire(signal);
      } catch (error) {
        cancel(member);
        throw error;
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        releaseLocal?.();
        // Not awaited: the client's call is over. If it fails, the place is freed when its lease runs out.
        runner.script("release", RELEASE, key, [windowMs, member]).catch(() => {});
      };
    },
  };
}

function isGranted(reply: unknown): boolean {
  return Array.isArray(reply) && Number(reply[0]) === 1;
}
