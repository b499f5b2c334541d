// One worker process of the demo's fleet part (fleet.mjs): its own Redis connection and clients, sharing the
// limiter, the session token and the quota with the other workers through Redis. Prints one JSON line.

import { createHatchClient, dailyQuota, isQuotaExceededError } from "@hatchery/hatch";
import { createHatebaseClient } from "@hatchery/hatebase";
import { redisQuotaStore, redisRateLimiter, redisSessionTokens } from "@hatchery/redis";
import { Redis } from "ioredis";

const config = JSON.parse(process.argv[2]);
setTimeout(() => process.exit(3), 60_000).unref(); // never outlives the demo

const redis = new Redis(config.redisUrl);
redis.on("error", () => {}); // a failed command fails its call, which fails this worker
const hatch = createHatchClient({
  apiKey: config.hatch.apiKey,
  baseUrl: config.hatch.url,
  rateLimit: redisRateLimiter(redis, { key: "demo:hatch:rate", ...config.rateLimit }),
});
const hatebase = createHatebaseClient({
  apiKey: config.hatebase.apiKey,
  baseUrl: `${config.hatebase.url}/{version}`,
  sessionTokens: redisSessionTokens(redis, { key: "demo:hatebase:session" }),
});
const quotaHatch = createHatchClient({
  apiKey: config.quota.apiKey,
  baseUrl: config.quota.url,
  rateLimit: false,
  quota: dailyQuota({ dailyLimit: config.dailyLimit, store: redisQuotaStore(redis, { key: "demo:quota" }) }),
});

const me = config.index;
await Promise.all([
  ...Array.from({ length: config.calls }, (_, i) =>
    hatch.upsertContact({ source: "custom:website-form", email: `w${me}-${i}@example.org` }),
  ),
  ...Array.from({ length: 5 }, () => hatebase.getVocabularyDetails({ vocabulary_id: "EXV0001" })),
]);
let refused = 0;
await Promise.all(
  Array.from({ length: config.quotaCalls }, (_, i) =>
    quotaHatch.upsertContact({ source: "custom:website-form", email: `q${me}-${i}@example.org` }).catch((error) => {
      if (!isQuotaExceededError(error)) throw error;
      refused += 1;
    }),
  ),
);
await redis.quit();
console.log(JSON.stringify({ refused }));
