import { getEventListeners } from "node:events";
import { afterEach, expect, test } from "vitest";
import { createCoreClient, delay, isAbortError, SessionTokenManager } from "../src/index.js";
import {
  type FetchHandler,
  jsonResponse,
  recordRequests,
  type ServedHandler,
  serve,
  withFaults,
} from "../src/testing/index.js";
import { ops, resultProvider } from "./helpers.js";

const KEY = "sk_shared_signal_7";
const servers: ServedHandler[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const listeners = (signal: AbortSignal) => getEventListeners(signal, "abort").length;

/** Polls `done` every 10 ms, at most 5 s (a bounded loop). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await delay(10);
  expect(done()).toBe(true);
}

async function start(handler: FetchHandler) {
  const served = await serve(handler);
  servers.push(served);
  return served;
}

function clientFor(baseUrl: string, options: Parameters<typeof createCoreClient>[0]["options"] = {}) {
  return createCoreClient<never>({
    provider: resultProvider,
    operations: ops,
    options: { apiKey: KEY, baseUrl, timeoutMs: 120_000, ...options },
  });
}

test("one signal shared by 45 calls (in flight, queued for a slot, in backoff, in the rate limiter, waiting for a session) holds one abort listener, raises no MaxListenersExceededWarning, and one abort settles every call", async () => {
  let release = () => {};
  const authenticated = new Promise<void>((resolve) => {
    release = resolve;
  });
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on("warning", onWarning);
  try {
    const things: FetchHandler = async () => jsonResponse(200, { result: "success", data: [] });
    const caller = new AbortController();
    const { signal } = caller;
    const calls: Promise<unknown>[] = [];
    // Handled at once, so a failing assertion below leaves no unhandled rejection behind.
    const track = (call: Promise<unknown>) => {
      call.catch(() => {});
      calls.push(call);
    };

    // 5 requests in flight (the server holds them for a minute) and 15 waiting for a concurrency slot.
    const hanging = withFaults(things);
    hanging.inject({ delayMs: 60_000, times: 100 });
    const held = recordRequests(hanging);
    const slow = clientFor((await start(held)).url, { maxConcurrency: 5 });
    for (let i = 0; i < 20; i++) track(slow.call(ops.listThings, {}, { signal }));
    await until(() => held.requests.length === 5);

    // 10 calls in a minute-long backoff after a 503.
    const failing = withFaults(things);
    failing.inject({ status: 503, times: 100 });
    let retrying = 0;
    const backingOff = clientFor((await start(failing)).url, {
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 },
      logLevel: "info",
      logger: {
        debug() {},
        warn() {},
        error() {},
        info: (line: string) => {
          if (line.includes("retrying")) retrying += 1;
        },
      },
    });
    for (let i = 0; i < 10; i++) track(backingOff.call(ops.listThings, {}, { signal }));
    await until(() => retrying === 10);

    // 10 calls waiting in the rate limiter, whose one request a minute is spent.
    const limited = clientFor((await start(things)).url, { rateLimit: { requests: 1, windowMs: 60_000 } });
    await limited.call(ops.listThings);
    for (let i = 0; i < 10; i++) track(limited.call(ops.listThings, {}, { signal }));

    // 5 callers waiting for one shared authenticate call that answers only when the test ends.
    const session = new SessionTokenManager({
      authenticate: () => authenticated.then(() => ({ token: "t", expiresAt: Date.now() + 60_000 })),
    });
    for (let i = 0; i < 5; i++) track(session.get(signal));

    const settled = Promise.allSettled(calls);
    await delay(50);
    expect(listeners(signal)).toBe(1);

    caller.abort();
    const results = await settled;
    expect(
      results.map((r) => r.status === "rejected" && (isAbortError(r.reason) || r.reason === signal.reason)),
    ).toEqual(results.map(() => true));
    expect(listeners(signal)).toBe(0);
    await delay(10);
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  } finally {
    release();
    process.off("warning", onWarning);
  }
});
