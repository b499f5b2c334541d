import { describe, expect, it } from "vitest";
import { delay } from "../src/delay.js";
import { ConfigurationError } from "../src/errors/request-errors.js";
import { concurrencyLimit, rateLimiter } from "../src/rate-limiter.js";

/** A small deterministic random source (LCG), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The largest number of arrivals in any window `(t - windowMs, t]` ending at an arrival, as a server counts. */
function busiestWindow(arrivals: number[], windowMs: number): number {
  return Math.max(0, ...arrivals.map((t) => arrivals.filter((a) => a > t - windowMs && a <= t).length));
}

describe("rateLimiter and concurrencyLimit", () => {
  it.each([1, 2, 3])(
    "never lets the server see more than `requests` arrivals in a window, whatever the latency (seed %i)",
    async (seed) => {
      const random = seeded(seed);
      const limit = { requests: 3, windowMs: 40 };
      const throttle = rateLimiter(limit);
      const arrivals: number[] = [];
      await Promise.all(
        Array.from({ length: 12 }, async () => {
          const release = await throttle.acquire();
          // Uneven latency on the way there and back: an early request may arrive late, a later one early.
          await delay(Math.floor(random() * 15));
          arrivals.push(Date.now());
          await delay(Math.floor(random() * 15));
          release();
        }),
      );
      expect(arrivals).toHaveLength(12);
      expect(busiestWindow(arrivals, limit.windowMs)).toBeLessThanOrEqual(limit.requests);
    },
  );

  it("lets requests through at once while the window has room", async () => {
    const throttle = rateLimiter({ requests: 2, windowMs: 60_000 });
    const first = await throttle.acquire();
    const second = await throttle.acquire();
    first();
    second();
    const controller = new AbortController();
    const third = throttle.acquire(controller.signal);
    controller.abort(new Error("stop"));
    await expect(third).rejects.toThrow("stop");
  });

  it("wakes a request waiting for an unfinished one and still counts the finished one", async () => {
    const throttle = rateLimiter({ requests: 1, windowMs: 30 });
    const release = await throttle.acquire();
    const order: string[] = [];
    const next = throttle.acquire().then((r) => {
      order.push("second");
      r();
    });
    await delay(50);
    expect(order).toEqual([]); // the first has not finished: its place in the window is still taken
    order.push("first done");
    release();
    await next;
    expect(order).toEqual(["first done", "second"]);
  });

  it("caps concurrency and releases a slot once, however often release is called", async () => {
    const throttle = concurrencyLimit(1);
    const release = await throttle.acquire();
    let second = false;
    const pending = throttle.acquire().then((r) => {
      second = true;
      return r;
    });
    await delay(5);
    expect(second).toBe(false);
    release();
    release();
    (await pending)();
    expect(second).toBe(true);
  });

  it("concurrencyLimit: a waiter woken for a place but aborted before taking it hands the place on", async () => {
    const throttle = concurrencyLimit(1);
    const releaseA = await throttle.acquire();
    const b = new AbortController();
    const pendingB = throttle.acquire(b.signal);
    const pendingC = throttle.acquire();
    releaseA(); // wakes B, which has not run yet…
    b.abort(new Error("B gave up")); // …and aborts before it takes the place
    await expect(pendingB).rejects.toThrow("B gave up");
    const releaseC = await pendingC; // a lost wake-up would leave C waiting forever (the test would time out)
    const pendingD = throttle.acquire();
    releaseC();
    (await pendingD)();
  });

  it("concurrencyLimit: an aborted caller that never waited wakes nobody, so the queue keeps its order", async () => {
    const throttle = concurrencyLimit(2);
    const releases = [await throttle.acquire(), await throttle.acquire()];
    const order: string[] = [];
    const waiter = (name: string) =>
      throttle.acquire().then((release) => {
        order.push(name);
        return release;
      });
    const w1 = waiter("W1");
    const w2 = waiter("W2");
    const w3 = waiter("W3");
    releases[0]?.(); // wakes W1
    const gone = new AbortController();
    gone.abort(new Error("gone"));
    await expect(throttle.acquire(gone.signal)).rejects.toThrow("gone"); // must not wake W2
    (await w1)();
    releases[1]?.();
    (await w2)();
    (await w3)();
    expect(order).toEqual(["W1", "W2", "W3"]);
  });

  it("refuses impossible settings", () => {
    expect(() => rateLimiter({ requests: 0, windowMs: 10 })).toThrow(ConfigurationError);
    expect(() => rateLimiter({ requests: 1, windowMs: 0 })).toThrow(ConfigurationError);
    expect(() => concurrencyLimit(0)).toThrow(ConfigurationError);
  });
});
