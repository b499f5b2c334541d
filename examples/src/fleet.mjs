// Fleet part of the demo: three worker processes share one rate limit, one Hatebase session token and one daily
// quota through a redis-server this part starts on 127.0.0.1 (from a temporary directory, stopped at the end).
// Skipped, with one line, when redis-server is not installed.
import { spawn } from "node:child_process";
import { serve } from "@hatchery/core/testing";
import { createHatchFake } from "@hatchery/hatch/testing";
import { createHatebaseFake } from "@hatchery/hatebase/testing";
import { findRedisServer, startRedisServer } from "@hatchery/redis/testing";

const WORKERS = 3;
// A short window keeps the demo quick; Hatch's real limit is 100 requests per 10 s.
const rateLimit = { requests: 10, windowMs: 500 };

function worker(index, config) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [new URL("./fleet-worker.mjs", import.meta.url).pathname, JSON.stringify({ ...config, index })],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.on("close", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").pop()))
        : reject(new Error(`worker ${index} exited ${code}`)),
    );
  });
}

export async function run(log) {
  if (!findRedisServer()) {
    log("skipped: redis-server is not installed (Debian: apt-get install redis-server); @hatchery/redis needs it here");
    return;
  }
  const redis = await startRedisServer();
  const hatch = createHatchFake({ rateLimit });
  const hatebase = createHatebaseFake();
  const quota = createHatchFake({ rateLimit: false });
  const servers = await Promise.all([serve(hatch.handler), serve(hatebase.handler), serve(quota.handler)]);
  try {
    const [hatchServer, hatebaseServer, quotaServer] = servers;
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: WORKERS }, (_, i) =>
        worker(i, {
          redisUrl: redis.url,
          rateLimit,
          calls: 10,
          quotaCalls: 6,
          dailyLimit: 12,
          hatch: { url: hatchServer.url, apiKey: hatch.apiKey },
          hatebase: { url: hatebaseServer.url, apiKey: hatebase.apiKey },
          quota: { url: quotaServer.url, apiKey: quota.apiKey },
        }),
      ),
    );
    log(`redis-server on ${redis.url} (a temporary directory, no persistence); ${WORKERS} worker processes`);
    log(
      `${WORKERS} × 10 Hatch calls through one redisRateLimiter (${rateLimit.requests} per ${rateLimit.windowMs} ms, shared) -> ` +
        `${hatch.counters.created} created, ${hatch.counters.rateLimited} × 429, at most ${hatch.counters.peakWindow} in any window, ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    log(
      `${WORKERS} × 5 concurrent Hatebase calls with redisSessionTokens -> ${hatebase.counters.authentications} authenticate request for the fleet`,
    );
    const refused = results.reduce((sum, r) => sum + r.refused, 0);
    log(
      `a daily quota of 12 in redisQuotaStore, ${WORKERS} × 6 calls -> ${quota.counters.requests} sent, ${refused} refused (QuotaExceededError)`,
    );
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    await redis.stop();
  }
}
