// One worker process of the fleet proof (fleet.test.ts). It imports the built packages as an app would, opens its
// own Redis connection (ioredis or node-redis, as told), runs its share of calls at once through a client whose
// limiter, quota or session tokens live in Redis, prints one JSON line and exits. A watchdog ends it if it ever
// outlives `maxMs`, so no worker can outlive the test.

import { createHatchClient, dailyQuota, isQuotaExceededError } from "@hatchery/hatch";
import { createHatebaseClient } from "@hatchery/hatebase";
import { redisQuotaStore, redisRateLimiter, redisSessionTokens } from "@hatchery/redis";

const config = JSON.parse(process.argv[2] ?? "{}");
setTimeout(() => {
  console.error(`worker ${config.index}: still running after ${config.maxMs} ms; exiting`);
  process.exit(3);
}, config.maxMs).unref();

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

// Strict for the proof: no in-process fallback (a Redis failure fails the call, and the test sees it) and a
// timeout generous enough for a loaded machine.
const strict = { fallback: false, timeoutMs: 10_000 };

const { redis, close } = await connect();
const outcome = { index: config.index, client: config.client, ok: 0, quotaExceeded: 0, failed: 0, errors: [] };
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

const started = Date.now();
if (config.role === "rate") {
  const hatch = createHatchClient({
    apiKey: config.apiKey,
    baseUrl: config.url,
    rateLimit: redisRateLimiter(redis, { key: config.key, ...config.limit, ...strict, maxWaitMs: config.maxMs }),
  });
  await Promise.all(
    Array.from({ length: config.calls }, (_, i) =>
      settle(hatch.upsertContact({ source: config.source, email: `w${config.index}-${i}@example.org` })),
    ),
  );
} else if (config.role === "session") {
  const hatebase = createHatebaseClient({
    apiKey: config.apiKey,
    baseUrl: `${config.url}/{version}`,
    sessionTokens: redisSessionTokens(redis, { key: config.key, ...strict }),
  });
  await Promise.all(
    Array.from({ length: config.calls }, (_, i) =>
      settle(hatebase.getVocabularyDetails({ vocabulary_id: `EXV${String((i % 9) + 1).padStart(4, "0")}` })),
    ),
  );
} else if (config.role === "quota") {
  const hatch = createHatchClient({
    apiKey: config.apiKey,
    baseUrl: config.url,
    rateLimit: false,
    quota: dailyQuota({ dailyLimit: config.dailyLimit, store: redisQuotaStore(redis, { key: config.key, ...strict }) }),
  });
  await Promise.all(
    Array.from({ length: config.calls }, (_, i) =>
      settle(hatch.upsertContact({ source: config.source, email: `q${config.index}-${i}@example.org` })),
    ),
  );
} else {
  throw new Error(`unknown role ${config.role}`);
}
outcome.ms = Date.now() - started;
await close();
console.log(JSON.stringify(outcome));
