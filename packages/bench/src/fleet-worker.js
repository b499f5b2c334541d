// @ts-check
/**
 * One worker process of the fleet benchmark (fleet.js): its own Redis connection (ioredis or node-redis, as told)
 * and client, sharing a limiter, a session token or a quota with the other workers through Redis; runs its calls
 * at once, prints one JSON line, exits. A watchdog ends it if it outlives `maxMs`.
 */

import { createHatchClient, dailyQuota, isQuotaExceededError } from "@hatchery/hatch";
import { createHatebaseClient } from "@hatchery/hatebase";
import { redisQuotaStore, redisRateLimiter, redisSessionTokens } from "@hatchery/redis";

const config = JSON.parse(process.argv[2] ?? "{}");
setTimeout(() => {
  console.error(`fleet worker ${config.index}: still running after ${config.maxMs} ms; exiting`);
  process.exit(3);
}, config.maxMs).unref();

/** @returns {Promise<{ redis: any, close: () => Promise<unknown> }>} */
async function connect() {
  if (config.client === "node-redis") {
    const { createClient } = await import("redis");
    const redis = createClient({ url: config.redisUrl });
    redis.on("error", () => {});
    await redis.connect();
    return { redis, close: () => redis.quit() };
  }
  const { Redis } = await import("ioredis");
  const redis = new Redis(config.redisUrl);
  redis.on("error", () => {}); // a failed command fails its call, which is counted and shown
  return { redis, close: () => redis.quit() };
}

// No in-process fallback (a Redis failure fails a call, and the report shows it), a timeout for a loaded machine.
const strict = { fallback: /** @type {const} */ (false), timeoutMs: 10_000 };
const { redis, close } = await connect();
const outcome = { ok: 0, quotaExceeded: 0, failed: 0, errors: /** @type {string[]} */ ([]) };
/** @param {Promise<unknown>} promise */
const settle = (promise) =>
  promise.then(
    () => {
      outcome.ok += 1;
    },
    (error) => {
      if (isQuotaExceededError(error)) outcome.quotaExceeded += 1;
      else {
        outcome.failed += 1;
        if (outcome.errors.length < 3) outcome.errors.push(`${error?.name}: ${error?.message}`);
      }
    },
  );
const calls = (/** @type {(i: number) => Promise<unknown>} */ call) =>
  Promise.all(Array.from({ length: config.calls }, (_, i) => settle(call(i))));

if (config.role === "rate") {
  const hatch = createHatchClient({
    apiKey: config.apiKey,
    baseUrl: config.url,
    rateLimit: redisRateLimiter(redis, { key: config.key, ...config.limit, ...strict, maxWaitMs: config.maxMs }),
  });
  await calls((i) => hatch.upsertContact({ source: config.source, email: `w${config.index}-${i}@example.org` }));
} else if (config.role === "session") {
  const hatebase = createHatebaseClient({
    apiKey: config.apiKey,
    baseUrl: `${config.url}/{version}`,
    sessionTokens: redisSessionTokens(redis, { key: config.key, ...strict }),
  });
  await calls(() => hatebase.getVocabularyDetails({ vocabulary_id: "EXV0001" }));
} else {
  const hatch = createHatchClient({
    apiKey: config.apiKey,
    baseUrl: config.url,
    rateLimit: false,
    quota: dailyQuota({ dailyLimit: config.dailyLimit, store: redisQuotaStore(redis, { key: config.key, ...strict }) }),
  });
  await calls((i) => hatch.upsertContact({ source: config.source, email: `q${config.index}-${i}@example.org` }));
}
await close();
console.log(JSON.stringify(outcome));
