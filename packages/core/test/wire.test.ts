import { getEventListeners } from "node:events";
import { afterEach, describe, expect, test } from "vitest";
import {
  type ClientOptions,
  concurrencyLimit,
  createCoreClient,
  createLogger,
  dailyQuota,
  delay,
  isAbortError,
  isConnectionError,
  isQuotaExceededError,
  isRateLimitError,
  isTimeoutError,
  isUnexpectedResponseError,
  type QuotaStore,
  rateLimiter,
  SessionTokenManager,
} from "../src/index.js";
import {
  type FetchHandler,
  jsonResponse,
  recordRequests,
  type ServedHandler,
  serve,
  withFaults,
} from "../src/testing/index.js";
import { ops, rejection, resultProvider } from "./helpers.js";

const KEY = "sk_wire_secret_42";
const servers: ServedHandler[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A small stateful API in the result-data envelope: POST /things creates, GET /things lists. */
function thingsApi() {
  const things: { id: number; name: string }[] = [];
  const handler: FetchHandler = async (request) => {
    const url = new URL(request.url);
    if (request.headers.get("authorization") !== `Bearer ${KEY}`)
      return jsonResponse(401, { result: "error", message: "Unauthenticated" });
    if (url.pathname === "/things" && request.method === "POST") {
      const body = (await request.json()) as { name: string };
      const thing = { id: things.length + 1, name: body.name };
      things.push(thing);
      return jsonResponse(201, { result: "success", data: thing });
    }
    if (url.pathname === "/things") return jsonResponse(200, { result: "success", data: things });
    if (url.pathname.startsWith("/things/"))
      return jsonResponse(200, { result: "success", data: { id: url.pathname.slice(8) } });
    return jsonResponse(404, { result: "error", message: "Not found" });
  };
  return { handler, things };
}

async function start(handler: FetchHandler) {
  const served = await serve(handler);
  servers.push(served);
  return served;
}

function clientFor(baseUrl: string, options: ClientOptions = {}) {
  return createCoreClient<never>({
    provider: resultProvider,
    operations: ops,
    options: {
      apiKey: KEY,
      baseUrl,
      retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2000 },
      timeoutMs: 5000,
      ...options,
    },
  });
}

describe("over loopback HTTP", () => {
  test("a plain call works over http://127.0.0.1 (loopback is allowed without HTTPS)", async () => {
    const api = thingsApi();
    const server = await start(api.handler);
    const client = clientFor(server.url);
    await expect(client.call(ops.createThing, { body: { name: "a" } })).resolves.toEqual({ id: 1, name: "a" });
    await expect(client.call(ops.listThings)).resolves.toEqual([{ id: 1, name: "a" }]);
  });

  test("429 with Retry-After in seconds is waited out, then succeeds", async () => {
    const api = withFaults(thingsApi().handler);
    api.inject({ status: 429, headers: { "retry-after": "1" }, body: { result: "error", message: "slow down" } });
    const server = await start(api);
    const result = await clientFor(server.url).call(ops.listThings).withResponse();
    expect(result.data).toEqual([]);
    expect(result.attempts).toBe(2);
    expect(api.applied).toEqual({ "status-429": 1 });
  });

  test("429 with Retry-After as an HTTP date is waited out, then succeeds", async () => {
    const api = withFaults(thingsApi().handler);
    api.inject({ status: 429, headers: { "retry-after": new Date(Date.now() + 1000).toUTCString() } });
    const server = await start(api);
    expect((await clientFor(server.url).call(ops.listThings).withResponse()).attempts).toBe(2);
  });

  test("429 asking for longer than the cap fails at once with a RateLimitError carrying the wait", async () => {
    const api = withFaults(thingsApi().handler);
    api.inject({ status: 429, headers: { "retry-after": "120" }, body: { result: "error", message: "quota" } });
    const recorded = recordRequests(api);
    const server = await start(recorded);
    const error = await rejection(clientFor(server.url).call(ops.listThings));
    expect(isRateLimitError(error)).toBe(true);
    expect((error as { retryAfterMs: number }).retryAfterMs).toBe(120_000);
    expect((error as { attempts: number }).attempts).toBe(1);
    expect((error as Error).message).toContain("asked to wait 120 s");
    expect(recorded.requests).toHaveLength(1);
  });

  test("a non-idempotent call is retried on 429 (the server did not act)", async () => {
    const api = thingsApi();
    const faulty = withFaults(api.handler);
    faulty.inject({ status: 429, headers: { "retry-after-ms": "5" } });
    const server = await start(faulty);
    await clientFor(server.url).call(ops.createThing, { body: { name: "once" } });
    expect(api.things).toHaveLength(1);
  });

  test("503 then success", async () => {
    const api = withFaults(thingsApi().handler);
    api.inject({ status: 503, times: 2 });
    const server = await start(api);
    const result = await clientFor(server.url).call(ops.listThings).withResponse();
    expect(result.attempts).toBe(3);
    expect(result.data).toEqual([]);
  });

  test("a reset connection is retried for an idempotent call", async () => {
    const api = withFaults(thingsApi().handler);
    api.inject({ drop: true, match: { method: "GET" } });
    const server = await start(api);
    expect((await clientFor(server.url).call(ops.listThings).withResponse()).attempts).toBe(2);
    expect(api.applied).toEqual({ drop: 1 });
  });

  test("a reset connection is NOT retried for a non-idempotent call, and the error says the outcome is unknown", async () => {
    const api = thingsApi();
    const faulty = withFaults(api.handler);
    faulty.inject({ drop: true, afterEffect: true, match: { method: "POST", path: "/things" } });
    const server = await start(faulty);
    const error = await rejection(clientFor(server.url).call(ops.createThing, { body: { name: "deploy" } }));
    expect(isConnectionError(error)).toBe(true);
    expect(error).toMatchObject({ outcomeUnknown: true, attempts: 1 });
    expect((error as Error).message).toContain("may have taken effect: it was not retried");
    // The server did act: exactly once.
    expect(api.things).toHaveLength(1);
    expect(faulty.applied).toEqual({ "drop-after-effect": 1 });
  });

  test("a non-idempotent 5xx after the effect is not retried", async () => {
    const api = thingsApi();
    const faulty = withFaults(api.handler);
    faulty.inject({ status: 502, afterEffect: true, match: { path: /^\/things$/ } });
    const server = await start(faulty);
    const error = await rejection(clientFor(server.url).call(ops.createThing, { body: { name: "x" } }));
    expect(error).toMatchObject({ status: 502, outcomeUnknown: true });
    expect(api.things).toHaveLength(1);
  });

  test("a body slower than the timeout is a TimeoutError (the timeout covers the body)", async () => {
    const api = withFaults(thingsApi().handler);
    api.inject({ slowBodyMs: 5000, times: 3 });
    const server = await start(api);
    const error = await rejection(clientFor(server.url, { timeoutMs: 100, retry: false }).call(ops.listThings));
    expect(isTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({ timeoutMs: 100, attempts: 1, outcomeUnknown: false });
    expect((error as Error).message).toContain("timed out after 100 ms");
  });

  test("slow headers time out too, and an idempotent call retries after a timeout", async () => {
    const api = withFaults(thingsApi().handler);
    // The first attempt's headers never come; the retry must fit its own timeout, which is roomy so that a
    // loaded machine's slow loopback round trip is not a third timeout.
    api.inject({ delayMs: 60_000 });
    const server = await start(api);
    const result = await clientFor(server.url, { timeoutMs: 1_000 }).call(ops.listThings).withResponse();
    expect(result.attempts).toBe(2);
  });

  test("a non-idempotent timeout is not retried", async () => {
    const api = thingsApi();
    const faulty = withFaults(api.handler);
    faulty.inject({ delayMs: 5000, match: { method: "POST" } });
    const server = await start(faulty);
    const error = await rejection(
      clientFor(server.url, { timeoutMs: 100 }).call(ops.createThing, { body: { name: "x" } }),
    );
    expect(isTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({ outcomeUnknown: true, attempts: 1 });
  });

  test("connection refused: even a non-idempotent call is retried (nothing was sent), then a ConnectionError", async () => {
    const closed = await serve(thingsApi().handler);
    const url = closed.url;
    await closed.close();
    const error = await rejection(clientFor(url).call(ops.createThing, { body: { name: "x" } }));
    expect(isConnectionError(error)).toBe(true);
    expect(error).toMatchObject({ attempts: 3, outcomeUnknown: false });
    expect((error as Error).message).toContain("nothing was sent");
    expect((error as Error).message).toContain("after 3 attempts");
  });

  test("an abort during the backoff sleep rejects at once with an AbortError", async () => {
    const api = withFaults(thingsApi().handler);
    api.inject({ status: 503, times: 5 });
    const server = await start(api);
    const c = new AbortController();
    const logger = { debug() {}, warn() {}, error() {}, info: (m: string) => m.includes("retrying") && c.abort() };
    // A 60-second backoff: the test would time out if the abort did not cancel the sleep.
    const client = clientFor(server.url, {
      logger: createLogger(logger, "info"),
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 },
    });
    const error = await rejection(client.call(ops.listThings, {}, { signal: c.signal }));
    expect(isAbortError(error)).toBe(true);
    expect((error as Error).message).toContain("aborted by the caller");
    expect(api.applied).toEqual({ "status-503": 1 });
  });

  test("an abort mid-request rejects with an AbortError, not a timeout or a connection error", async () => {
    const api = withFaults(thingsApi().handler);
    api.inject({ delayMs: 5000 });
    const server = await start(api);
    const c = new AbortController();
    const pending = clientFor(server.url).call(ops.listThings, {}, { signal: c.signal });
    setTimeout(() => c.abort(), 20);
    expect(isAbortError(await rejection(pending))).toBe(true);
  });

  test("an already aborted signal sends nothing", async () => {
    const recorded = recordRequests(thingsApi().handler);
    const server = await start(recorded);
    expect(
      isAbortError(await rejection(clientFor(server.url).call(ops.listThings, {}, { signal: AbortSignal.abort() }))),
    ).toBe(true);
    expect(recorded.requests).toHaveLength(0);
  });

  test("an abort while waiting in the rate limiter rejects with an AbortError and sends nothing more", async () => {
    const recorded = recordRequests(thingsApi().handler);
    const server = await start(recorded);
    const client = clientFor(server.url, { rateLimit: rateLimiter({ requests: 1, windowMs: 60_000 }) });
    await client.call(ops.listThings);
    const c = new AbortController();
    const waiting = client.call(ops.listThings, {}, { signal: c.signal });
    setTimeout(() => c.abort(), 10);
    expect(isAbortError(await rejection(waiting))).toBe(true);
    expect(recorded.requests).toHaveLength(1);
  });

  test("an abort while waiting for a concurrency slot", async () => {
    const api = withFaults(thingsApi().handler);
    api.inject({ delayMs: 300 });
    const server = await start(api);
    const client = clientFor(server.url, { maxConcurrency: concurrencyLimit(1) });
    const first = client.call(ops.listThings);
    const c = new AbortController();
    const second = client.call(ops.listThings, {}, { signal: c.signal });
    setTimeout(() => c.abort(), 10);
    expect(isAbortError(await rejection(second))).toBe(true);
    await expect(first).resolves.toEqual([]);
    // The slot came back: a third call goes through.
    await expect(client.call(ops.listThings)).resolves.toEqual([]);
  });

  test("maxConcurrency caps the requests in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const api = thingsApi();
    const server = await start(async (request) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 15));
      inFlight -= 1;
      return api.handler(request);
    });
    const client = clientFor(server.url, { maxConcurrency: concurrencyLimit(2) });
    await Promise.all(Array.from({ length: 6 }, () => client.call(ops.listThings)));
    expect(most).toBeLessThanOrEqual(2);
    expect(most).toBeGreaterThanOrEqual(1);
  });

  test("the retry budget stops a retry storm", async () => {
    const api = withFaults(thingsApi().handler);
    api.inject({ status: 503, times: 100 });
    const server = await start(api);
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (m: string) => warnings.push(m) };
    const client = clientFor(server.url, {
      logger: createLogger(logger),
      retry: { baseDelayMs: 1, budget: { capacity: 1, successRefund: 0 } },
    });
    await rejection(client.call(ops.listThings)); // 1 retry spends the only token: 2 requests
    await rejection(client.call(ops.listThings)); // budget empty: 1 request
    expect(api.applied["status-503"]).toBe(3);
    expect(warnings.filter((w) => w.includes("retry budget exhausted"))).toHaveLength(2);
  });

  test("successes refill the retry budget", async () => {
    const api = withFaults(thingsApi().handler);
    const server = await start(api);
    const client = clientFor(server.url, { retry: { baseDelayMs: 1, budget: { capacity: 1, successRefund: 1 } } });
    api.inject({ status: 503, times: 2 });
    await rejection(client.call(ops.listThings)); // 503, a retry spends the token, 503: fails
    await client.call(ops.listThings); // a success refunds the token
    api.inject({ status: 503 });
    await expect(client.call(ops.listThings)).resolves.toEqual([]); // the refunded token pays for this retry
    expect(api.applied["status-503"]).toBe(3);
  });

  test("the quota guard refuses before sending, with a pluggable store", async () => {
    const recorded = recordRequests(thingsApi().handler);
    const server = await start(recorded);
    const counts = new Map<string, number>();
    const store: QuotaStore = {
      async increment(period) {
        const n = (counts.get(period) ?? 0) + 1;
        counts.set(period, n);
        return n;
      },
    };
    const client = clientFor(server.url, { quota: dailyQuota({ dailyLimit: 2, store }) });
    await client.call(ops.listThings);
    await client.call(ops.listThings);
    const error = await rejection(client.call(ops.createThing, { body: { name: "x" } }));
    expect(isQuotaExceededError(error)).toBe(true);
    expect(error).toMatchObject({ limit: 2, used: 3 });
    expect((error as Error).message).toContain("nothing was sent");
    expect(recorded.requests).toHaveLength(2);
    expect([...counts.keys()]).toEqual([new Date().toISOString().slice(0, 10)]);
  });

  test("the default quota store is per client, in memory", async () => {
    const server = await start(thingsApi().handler);
    const client = clientFor(server.url, { quota: dailyQuota({ dailyLimit: 1 }) });
    await client.call(ops.listThings);
    expect(isQuotaExceededError(await rejection(client.call(ops.listThings)))).toBe(true);
    await expect(clientFor(server.url, { quota: dailyQuota({ dailyLimit: 1 }) }).call(ops.listThings)).resolves.toEqual(
      [],
    );
  });

  test("a failing quota store propagates its error, unretried", async () => {
    const recorded = recordRequests(thingsApi().handler);
    const server = await start(recorded);
    const boom = new Error("redis down");
    let calls = 0;
    const store: QuotaStore = {
      increment() {
        calls += 1;
        throw boom;
      },
    };
    expect(
      await rejection(clientFor(server.url, { quota: dailyQuota({ dailyLimit: 5, store }) }).call(ops.listThings)),
    ).toBe(boom);
    expect(calls).toBe(1);
    expect(recorded.requests).toHaveLength(0);
  });
});

describe("redirects", () => {
  test("a same-origin redirect is followed, with the credential", async () => {
    const recorded = recordRequests(async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname === "/things") return new Response(null, { status: 302, headers: { location: "/things/moved" } });
      return thingsApi().handler(request);
    });
    const server = await start(recorded);
    await expect(clientFor(server.url).call(ops.listThings)).resolves.toEqual({ id: "moved" });
    expect(recorded.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ["/things", `Bearer ${KEY}`],
      ["/things/moved", `Bearer ${KEY}`],
    ]);
  });

  test("303 after a POST becomes a GET without the body", async () => {
    const recorded = recordRequests(async (request) => {
      if (request.method === "POST")
        return new Response(null, { status: 303, headers: { location: "/things/created" } });
      return thingsApi().handler(request);
    });
    const server = await start(recorded);
    await clientFor(server.url).call(ops.createThing, { body: { name: "x" } });
    expect(recorded.requests.map((r) => [r.method, r.body, r.headers["content-type"]])).toEqual([
      ["POST", '{"name":"x"}', "application/json"],
      ["GET", "", undefined],
    ]);
  });

  test("307 keeps the method and the body", async () => {
    const api = thingsApi();
    const recorded = recordRequests(async (request) => {
      if (new URL(request.url).pathname === "/old")
        return new Response(null, { status: 307, headers: { location: "/things" } });
      return api.handler(request);
    });
    const server = await start(recorded);
    const client = clientFor(server.url);
    const op = { ...ops.createThing, path: "/old" };
    await expect(client.call(op, { body: { name: "kept" } })).resolves.toEqual({ id: 1, name: "kept" });
    expect(recorded.requests.map((r) => [r.method, r.body])).toEqual([
      ["POST", '{"name":"kept"}'],
      ["POST", '{"name":"kept"}'],
    ]);
  });

  test("a cross-origin redirect is not followed and the other origin never sees the credential", async () => {
    const other = recordRequests(thingsApi().handler);
    const otherServer = await start(other);
    for (const status of [301, 302, 307, 308]) {
      const server = await start(
        async () => new Response(null, { status, headers: { location: `${otherServer.url}/steal?x=1` } }),
      );
      const error = await rejection(clientFor(server.url).call(ops.listThings));
      expect(isUnexpectedResponseError(error)).toBe(true);
      expect((error as Error).message).toContain("not followed");
      expect(error).toMatchObject({ status });
    }
    expect(other.requests).toHaveLength(0);
  });

  test("the raw client gets the 3xx itself for a cross-origin redirect", async () => {
    const other = recordRequests(thingsApi().handler);
    const otherServer = await start(other);
    const server = await start(
      async () => new Response("moved", { status: 302, headers: { location: `${otherServer.url}/x` } }),
    );
    const raw = clientFor(server.url).raw as unknown as { GET: (p: string) => Promise<{ response: Response }> };
    const { response } = await raw.GET("/things");
    expect(response.status).toBe(302);
    expect(other.requests).toHaveLength(0);
  });

  test("a redirect loop stops after the maximum and is reported", async () => {
    let hops = 0;
    const server = await start(async () => {
      hops += 1;
      return new Response(null, { status: 302, headers: { location: "/things" } });
    });
    const error = await rejection(clientFor(server.url, { retry: false }).call(ops.listThings));
    expect(isUnexpectedResponseError(error)).toBe(true);
    expect(hops).toBe(6);
  });

  test("an unparsable Location is not followed", async () => {
    const server = await start(async () => new Response(null, { status: 302, headers: { location: "http://[bad" } }));
    const error = await rejection(clientFor(server.url).call(ops.listThings));
    expect(isUnexpectedResponseError(error)).toBe(true);
  });
});

const listeners = (signal: AbortSignal) => getEventListeners(signal, "abort").length;

/** Polls `done` every 10 ms, at most 5 s (a bounded loop). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await delay(10);
  expect(done()).toBe(true);
}

describe("one caller signal shared by many calls", () => {
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
      const slow = clientFor((await start(held)).url, { maxConcurrency: concurrencyLimit(5) });
      for (let i = 0; i < 20; i++) track(slow.call(ops.listThings, {}, { signal }));
      await until(() => held.requests.length === 5);

      // 10 calls in a minute-long backoff after a 503.
      const failing = withFaults(things);
      failing.inject({ status: 503, times: 100 });
      let retrying = 0;
      const backingOff = clientFor((await start(failing)).url, {
        retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 },
        logger: createLogger(
          {
            debug() {},
            warn() {},
            error() {},
            info: (line: string) => {
              if (line.includes("retrying")) retrying += 1;
            },
          },
          "info",
        ),
      });
      for (let i = 0; i < 10; i++) track(backingOff.call(ops.listThings, {}, { signal }));
      await until(() => retrying === 10);

      // 10 calls waiting in the rate limiter, whose one request a minute is spent.
      const limited = clientFor((await start(things)).url, {
        rateLimit: rateLimiter({ requests: 1, windowMs: 60_000 }),
      });
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
});
