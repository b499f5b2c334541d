import { createContractChecker, loadSpec } from "@hatchery/test-utils";
import { afterEach, vi } from "vitest";
import { createHatchClient, type HatchClient, type HatchClientOptions, rateLimiter } from "../src/index.js";
import {
  createHatchFake,
  type FetchHandler,
  type HatchFake,
  type HatchFakeOptions,
  serve,
} from "../src/testing/index.js";

export const spec = loadSpec("hatch");
export const contract = createContractChecker(spec);

/** The operationId of a request to the fake, or undefined when the spec has no such operation. */
export function operationFor(method: string, pathname: string): string | undefined {
  if (pathname !== "/v1/contacts") return undefined;
  return method === "POST" ? "upsertContact" : method === "PUT" ? "upsertContactPut" : undefined;
}

/** What the wire saw: contract problems, responses checked, and the busiest moment. */
export interface WireLog {
  problems: { operation: string; status: number; problems: string[] }[];
  checked: number;
  inFlight: number;
  maxInFlight: number;
}

/**
 * Wraps a handler: every response to a spec operation is checked against the spec's schema for its status
 * (problems collected, never thrown), and requests in flight at once are counted.
 */
export function observed(handler: FetchHandler, log: WireLog): FetchHandler {
  return async (request) => {
    log.inFlight += 1;
    log.maxInFlight = Math.max(log.maxInFlight, log.inFlight);
    try {
      const response = await handler(request);
      const operation = operationFor(request.method, new URL(request.url).pathname);
      if (operation) {
        const text = await response.clone().text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {}
        log.checked += 1;
        let problems: string[];
        try {
          problems = contract.check(operation, response.status, body);
        } catch (error) {
          problems = [String(error)];
        }
        if (problems.length) log.problems.push({ operation, status: response.status, problems });
      }
      return response;
    } finally {
      log.inFlight -= 1;
    }
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Fast retries for tests: the policy is the default one, only the backoff is short. */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 } as const;

/** A small rate limit, for tests that must be quick (the real one is 100 per 10 s). */
export const SMALL_LIMIT = { requests: 5, windowMs: 200 } as const;

export interface Setup {
  fake: HatchFake;
  client: HatchClient;
  url: string;
  wire: WireLog;
  /** Requests the client has sent whose response has not come back yet (counted at the client's `fetch`). */
  pending: () => number;
}

/**
 * A fake served on 127.0.0.1 (closed after the test) and a client for it. Unless told otherwise, both use
 * {@link SMALL_LIMIT} and the client retries fast.
 */
export async function setup(
  options: {
    fake?: HatchFakeOptions;
    client?: Partial<HatchClientOptions>;
    wrap?: (h: FetchHandler) => FetchHandler;
  } = {},
): Promise<Setup> {
  const fake = createHatchFake({ rateLimit: SMALL_LIMIT, ...options.fake });
  const wire: WireLog = { problems: [], checked: 0, inFlight: 0, maxInFlight: 0 };
  const handler = observed(options.wrap ? options.wrap(fake.handler) : fake.handler, wire);
  const server = await serve(handler);
  closers.push(() => server.close());
  let pending = 0;
  const counted: typeof fetch = async (input, init) => {
    pending += 1;
    try {
      return await fetch(input, init);
    } finally {
      pending -= 1;
    }
  };
  const client = createHatchClient({
    apiKey: fake.apiKey,
    baseUrl: server.url,
    rateLimit: rateLimiter(SMALL_LIMIT),
    retry: FAST_RETRY,
    fetch: counted,
    ...options.client,
  });
  return { fake, client, url: server.url, wire, pending: () => pending };
}

/**
 * Runs `work` with `Date` and `setTimeout` faked, so that rate windows are counted on a clock that moves only
 * when the test moves it: the client's limiter and the fake's window both read `Date.now()`. The clock stands
 * still while anything is in flight (at the client or at the fake) and moves `stepMs` once everything has
 * settled and stayed so for a few turns of the event loop (the limiter is then waiting on its timer). So every
 * request the limiter lets through in one window reaches the fake in that window, however slow the machine:
 * the peak the fake sees is exactly what the limiter allows. Loopback I/O stays real. Bounded by `maxSteps`.
 */
export async function onManualClock<T>(
  work: () => Promise<Setup>,
  run: (setup: Setup) => Promise<T>,
  { stepMs = SMALL_LIMIT.windowMs / 4, maxSteps = 2_000 }: { stepMs?: number; maxSteps?: number } = {},
): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
  try {
    const context = await work();
    let done = false;
    const result = run(context).finally(() => {
      done = true;
    });
    result.catch(() => {});
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    for (let step = 0; !done; step++) {
      if (step >= maxSteps) throw new Error(`onManualClock: not settled after ${maxSteps} steps of ${stepMs} ms`);
      let last = "";
      for (let quiet = 0; quiet < 5 && !done; ) {
        await turn();
        const mark = `${context.pending()} ${context.wire.inFlight} ${context.fake.counters.requests}`;
        quiet = context.pending() === 0 && context.wire.inFlight === 0 && mark === last ? quiet + 1 : 0;
        last = mark;
      }
      if (!done) await vi.advanceTimersByTimeAsync(stepMs);
    }
    return await result;
  } finally {
    vi.useRealTimers();
  }
}
