// @ts-check
/**
 * Many processes (issue 19): 8 worker processes (half on ioredis, half on node-redis), each with its own Redis
 * connection and client, sharing through one redis-server (started here on 127.0.0.1, from a temporary directory)
 *  - a rate limit (`redisRateLimiter`): 8 × 200 Hatch calls against the Hatch fake enforcing Hatch's documented
 *    100 requests per 10 s (an ideal of 160 s): 429s, the most requests the fake saw in one window, wall time and
 *    its ratio to the ideal. `--quick`: 8 × 50 calls at 100 per 1 s (an ideal of 4 s);
 *  - a session token (`redisSessionTokens`): 8 × 100 concurrent Hatebase calls, authenticate requests counted;
 *  - a quota (`redisQuotaStore`): a daily limit of 500 shared by 8 × 100 calls, requests that reached the fake.
 * The fakes are served by this process (core/testing's `serve`). Skipped, with a note, without redis-server.
 */
import { spawn } from "node:child_process";
import { serve } from "@hatchery/core/testing";
import { createHatchFake } from "@hatchery/hatch/testing";
import { createHatebaseFake } from "@hatchery/hatebase/testing";
import { findRedisServer, startRedisServer } from "@hatchery/redis/testing";

const WORKERS = 8;

/**
 * @param {number} n
 * @param {Record<string, unknown> & { maxMs: number }} config
 * @returns {Promise<{ ok: number, quotaExceeded: number, failed: number, errors: string[] }[]>}
 */
function runWorkers(n, config) {
  // The fleet proof's own worker (packages/redis/test/fleet/worker.mjs): the same process as the test's, run at the
  // documented scale here; it resolves its packages from @hatchery/redis, whose dev dependencies it needs.
  const file = new URL("../../redis/test/fleet/worker.mjs", import.meta.url).pathname;
  /** @type {import("node:child_process").ChildProcess[]} */
  const children = [];
  const all = Promise.all(
    Array.from(
      { length: n },
      (_, index) =>
        new Promise((resolve, reject) => {
          const client = index % 2 === 0 ? "ioredis" : "node-redis";
          const child = spawn(process.execPath, [file, JSON.stringify({ ...config, index, client })], {
            stdio: ["ignore", "pipe", "inherit"],
          });
          children.push(child);
          let out = "";
          child.stdout.on("data", (chunk) => {
            out += chunk;
          });
          const killer = setTimeout(() => child.kill("SIGKILL"), config.maxMs + 10_000);
          child.on("close", (code) => {
            clearTimeout(killer);
            const last = out.trim().split("\n").pop() ?? "";
            if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last));
            else reject(new Error(`fleet worker ${index} exited with ${code}`));
          });
        }),
    ),
  );
  // One worker failing ends the others now, rather than at their own watchdog.
  return all.catch((error) => {
    for (const child of children) child.kill("SIGKILL");
    throw error;
  });
}

/**
 * The handler, timed: when the first request arrived and the last answer left, so the limiter's own pace is told
 * apart from the workers' start-up.
 * @param {(request: Request) => Promise<Response>} handler
 */
function timed(handler) {
  const span = { first: 0, last: 0 };
  return {
    span,
    /** @param {Request} request */
    handler: async (request) => {
      span.first ||= performance.now();
      const response = await handler(request);
      span.last = performance.now();
      return response;
    },
  };
}

/** @param {{ ok: number, quotaExceeded: number, failed: number, errors: string[] }[]} outcomes */
const total = (outcomes) => ({
  ok: outcomes.reduce((s, o) => s + o.ok, 0),
  quotaExceeded: outcomes.reduce((s, o) => s + o.quotaExceeded, 0),
  failed: outcomes.reduce((s, o) => s + o.failed, 0),
  errors: outcomes.flatMap((o) => o.errors).slice(0, 3),
});

/**
 * @param {{ quick: boolean }} options
 * @param {(line: string) => void} progress
 */
export async function runFleet({ quick }, progress) {
  if (!findRedisServer()) {
    progress("  fleet: skipped, redis-server is not installed (Debian: apt-get install redis-server)");
    return { skipped: "redis-server is not installed" };
  }
  const limit = quick ? { requests: 100, windowMs: 1000 } : { requests: 100, windowMs: 10_000 };
  const perWorker = quick ? 50 : 200;
  const redis = await startRedisServer();
  /** @type {{ close(): Promise<void> }[]} */
  const servers = [];
  try {
    const hatch = createHatchFake({ rateLimit: limit });
    const paced = timed(hatch.handler);
    const hatchServer = await serve(paced.handler);
    servers.push(hatchServer);
    const idealMs = ((WORKERS * perWorker) / limit.requests) * limit.windowMs;
    progress(
      `  fleet rate: ${WORKERS} × ${perWorker} calls at ${limit.requests} per ${limit.windowMs} ms (ideal ${idealMs / 1000} s)`,
    );
    const started = performance.now();
    const rateOutcome = total(
      await runWorkers(WORKERS, {
        role: "rate",
        redisUrl: redis.url,
        url: hatchServer.url,
        apiKey: hatch.apiKey,
        source: hatch.source,
        key: "bench:fleet:rate",
        limit,
        calls: perWorker,
        maxMs: idealMs * 3 + 60_000,
      }),
    );
    const wallMs = performance.now() - started;

    const hatebase = createHatebaseFake();
    const hatebaseServer = await serve(hatebase.handler);
    servers.push(hatebaseServer);
    const sessionOutcome = total(
      await runWorkers(WORKERS, {
        role: "session",
        redisUrl: redis.url,
        url: hatebaseServer.url,
        apiKey: hatebase.apiKey,
        key: "bench:fleet:session",
        calls: 100,
        maxMs: 60_000,
      }),
    );

    const quota = createHatchFake({ rateLimit: false });
    const quotaServer = await serve(quota.handler);
    servers.push(quotaServer);
    const quotaOutcome = total(
      await runWorkers(WORKERS, {
        role: "quota",
        redisUrl: redis.url,
        url: quotaServer.url,
        apiKey: quota.apiKey,
        source: quota.source,
        key: "bench:fleet:quota",
        dailyLimit: 500,
        calls: 100,
        maxMs: 60_000,
      }),
    );
    progress(
      `  fleet: ${hatch.counters.rateLimited} × 429, peak ${hatch.counters.peakWindow} per window, ${((paced.span.last - paced.span.first) / 1000).toFixed(1)} s first request to last answer (ideal ${idealMs / 1000} s); ` +
        `${hatebase.counters.authentications} authenticate; quota ${quota.counters.requests} sent`,
    );
    return {
      workers: WORKERS,
      rate: {
        perWorker,
        limit,
        idealMs,
        wallMs,
        spanMs: paced.span.last - paced.span.first,
        rateLimited: hatch.counters.rateLimited,
        peakWindow: hatch.counters.peakWindow,
        requests: hatch.counters.requests,
        ...rateOutcome,
      },
      session: { perWorker: 100, authentications: hatebase.counters.authentications, ...sessionOutcome },
      quota: { perWorker: 100, dailyLimit: 500, sent: quota.counters.requests, ...quotaOutcome },
    };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    await redis.stop();
  }
}

/**
 * The fleet section of the report (Markdown).
 * @param {any} f the result of {@link runFleet}
 */
export function renderFleet(f) {
  if (f.skipped) return `## Many processes (@hatchery/redis)\n\nSkipped: ${f.skipped}.`;
  const { rate, session, quota } = f;
  const rows = [
    [
      `rate limit: ${f.workers} × ${rate.perWorker} Hatch calls, one \`redisRateLimiter\` at ${rate.limit.requests} per ${rate.limit.windowMs / 1000} s (the fake enforces the same)`,
      `${rate.ok} succeeded, ${rate.failed} failed; **${rate.rateLimited} × 429**; at most **${rate.peakWindow}** requests in any window; ` +
        `first request to last answer ${(rate.spanMs / 1000).toFixed(1)} s against an ideal of ${rate.idealMs / 1000} s (**${(rate.spanMs / rate.idealMs).toFixed(2)}×**); ` +
        `${(rate.wallMs / 1000).toFixed(1)} s with the ${f.workers} processes' start-up (${(rate.wallMs / rate.idealMs).toFixed(2)}×)`,
    ],
    [
      `session token: ${f.workers} × ${session.perWorker} concurrent Hatebase calls, one \`redisSessionTokens\``,
      `${session.ok} succeeded, ${session.failed} failed; **${session.authentications}** authenticate request(s)`,
    ],
    [
      `daily quota of ${quota.dailyLimit}: ${f.workers} × ${quota.perWorker} calls, one \`redisQuotaStore\``,
      `**${quota.sent}** requests sent; ${quota.quotaExceeded} \`QuotaExceededError\`; ${quota.failed} other failures`,
    ],
  ];
  const errors = [...rate.errors, ...session.errors, ...quota.errors];
  return `## Many processes (@hatchery/redis)

${f.workers} worker processes (node child processes, half on ioredis, half on node-redis), each with its own Redis
connection and client, share one limiter, one session token or one quota through a redis-server on 127.0.0.1,
against the providers' fakes served by the bench process. The ideal is calls ÷ limit × window (the last window's
calls are sent at most one window before the end, so a limiter can come in slightly under it; a conservative one
under load only gets slower), set against the time from the first request the fake received to its last answer,
and against the whole run including the workers' start-up. Workers run without fallback, so a Redis failure would
show as a failed call.

| Measure | Result |
|---|---|
${rows.map(([a, b]) => `| ${a} | ${b} |`).join("\n")}
${errors.length ? `\nFirst errors: ${errors.map((e) => `\`${e}\``).join(", ")}\n` : ""}`;
}
