import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  concurrencyLimit,
  isConfigurationError,
  type Limiter,
  MemoryQuotaStore,
  quotaPeriod,
  RetryBudget,
  rateLimiter,
} from "../src/index.js";

/** A concurrency cap, then a rate window, acquired in the order the transport acquires them. */
function both(...limiters: Limiter[]): Limiter {
  return {
    async acquire(signal) {
      const held: (() => void)[] = [];
      try {
        for (const limiter of limiters) held.push(await limiter.acquire(signal));
      } catch (error) {
        for (const release of held) release();
        throw error;
      }
      return () => {
        for (const release of held) release();
      };
    },
  };
}

describe("rateLimiter and concurrencyLimit (fake clock)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 23) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test("room in the window: acquire at once; release is idempotent", async () => {
    const throttle = rateLimiter({ requests: 1, windowMs: 1000 });
    const release = await throttle.acquire();
    release();
    release(); // idempotent: counted once
    let second = false;
    const next = throttle.acquire().then((r) => {
      second = true;
      r();
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(second).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await next;
    expect(second).toBe(true);
  });

  test("at most `requests` per sliding window; the next waits for the window to slide", async () => {
    const throttle = rateLimiter({ requests: 2, windowMs: 1000 });
    const granted: number[] = [];
    const take = (i: number) =>
      throttle.acquire().then((release) => {
        granted.push(i);
        release();
      });
    const all = Promise.all([take(1), take(2), take(3), take(4), take(5)]);
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(999);
    expect(granted).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toEqual([1, 2, 3, 4]);
    await vi.advanceTimersByTimeAsync(1000);
    await all;
    expect(granted).toEqual([1, 2, 3, 4, 5]);
  });

  test("concurrencyLimit: the next waits for a release, in order", async () => {
    const throttle = concurrencyLimit(2);
    const a = await throttle.acquire();
    const b = await throttle.acquire();
    let third = false;
    const c = throttle.acquire().then((release) => {
      third = true;
      return release;
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(third).toBe(false);
    a();
    (await c)();
    expect(third).toBe(true);
    b();
  });

  test("an abort while waiting for the window rejects and frees the slot", async () => {
    const throttle = both(concurrencyLimit(1), rateLimiter({ requests: 1, windowMs: 60_000 }));
    (await throttle.acquire())();
    const c = new AbortController();
    const waiting = throttle.acquire(c.signal);
    const caught = waiting.catch((e: unknown) => e);
    c.abort(new Error("stop"));
    expect(await caught).toEqual(new Error("stop"));
    // The concurrency slot was given back: after the window, a new acquire succeeds.
    const next = throttle.acquire();
    await vi.advanceTimersByTimeAsync(60_000);
    (await next)();
  });

  test("an abort while waiting for a slot rejects and leaves the queue", async () => {
    const throttle = concurrencyLimit(1);
    const first = await throttle.acquire();
    const c = new AbortController();
    const waiting = throttle.acquire(c.signal).catch((e: unknown) => e);
    c.abort(new Error("gone"));
    expect(await waiting).toEqual(new Error("gone"));
    const next = throttle.acquire();
    first();
    (await next)();
  });

  test("an already aborted signal rejects before waiting", async () => {
    const throttle = concurrencyLimit(1);
    const held = await throttle.acquire();
    await expect(throttle.acquire(AbortSignal.abort(new Error("no")))).rejects.toThrow("no");
    held();
    // Even with room: nothing is held for an aborted caller.
    await expect(throttle.acquire(AbortSignal.abort(new Error("no")))).rejects.toThrow("no");
    const windowed = rateLimiter({ requests: 1, windowMs: 10 });
    await expect(windowed.acquire(AbortSignal.abort(new Error("no")))).rejects.toThrow("no");
  });

  const invalid: [string, () => Limiter][] = [
    ["zero requests", () => rateLimiter({ requests: 0, windowMs: 10 })],
    ["zero window", () => rateLimiter({ requests: 1, windowMs: 0 })],
    ["infinite window", () => rateLimiter({ requests: 1, windowMs: Number.POSITIVE_INFINITY })],
    ["NaN requests", () => rateLimiter({ requests: Number.NaN, windowMs: 10 })],
    ["zero concurrency", () => concurrencyLimit(0)],
    ["NaN concurrency", () => concurrencyLimit(Number.NaN)],
  ];
  for (const [name, make] of invalid) {
    test(`refuses ${name}`, () => {
      let error: unknown;
      try {
        make();
      } catch (e) {
        error = e;
      }
      expect(isConfigurationError(error)).toBe(true);
    });
  }
});

describe("RetryBudget", () => {
  test("spends, refuses when empty, refunds up to capacity", () => {
    const budget = new RetryBudget(2, 0.5);
    expect([budget.trySpend(), budget.trySpend(), budget.trySpend()]).toEqual([true, true, false]);
    budget.recordSuccess();
    expect(budget.trySpend()).toBe(false);
    budget.recordSuccess();
    expect(budget.available).toBe(1);
    for (let i = 0; i < 10; i++) budget.recordSuccess();
    expect(budget.available).toBe(2);
  });
});

describe("quota", () => {
  test("MemoryQuotaStore counts per period and starts again on a new one", () => {
    const store = new MemoryQuotaStore();
    expect([store.increment("2026-11-23"), store.increment("2026-11-23"), store.increment("2026-11-24")]).toEqual([
      1, 2, 1,
    ]);
  });
  test("quotaPeriod is the UTC day", () => {
    expect(quotaPeriod(Date.UTC(2026, 10, 23, 23, 59, 59))).toBe("2026-11-23");
    expect(quotaPeriod(Date.UTC(2026, 10, 24, 0, 0, 0))).toBe("2026-11-24");
    expect(quotaPeriod()).toBe(new Date().toISOString().slice(0, 10));
  });
});
