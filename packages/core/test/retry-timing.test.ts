import { describe, expect, test } from "vitest";
import { backoffDelay, delay, parseRetryAfter } from "../src/index.js";

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

describe("backoffDelay", () => {
  const policy = { baseDelayMs: 500, maxDelayMs: 8000, jitter: 0.25 };
  const cases: [name: string, given: { retry: number; random: number; options?: typeof policy }, want: number][] = [
    ["first retry, no jitter drawn", { retry: 0, random: 0 }, 500],
    ["second retry doubles", { retry: 1, random: 0 }, 1000],
    ["third retry doubles again", { retry: 2, random: 0 }, 2000],
    ["capped at maxDelayMs", { retry: 10, random: 0 }, 8000],
    ["huge retry count stays capped", { retry: 5000, random: 0 }, 8000],
    ["full jitter removes a quarter", { retry: 0, random: 1 }, 375],
    ["half jitter", { retry: 1, random: 0.5 }, 875],
    ["jitter applies after the cap", { retry: 10, random: 1 }, 6000],
    ["no jitter configured", { retry: 1, random: 1, options: { ...policy, jitter: 0 } }, 1000],
    ["zero base", { retry: 3, random: 0.3, options: { ...policy, baseDelayMs: 0 } }, 0],
  ];
  for (const [name, given, want] of cases) {
    test(name, () => {
      expect(backoffDelay(given.retry, given.options ?? policy, () => given.random)).toBe(want);
    });
  }

  test("defaults to Math.random and stays within [75 %, 100 %] of the exponential", () => {
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(2, policy);
      expect(d).toBeGreaterThanOrEqual(1500);
      expect(d).toBeLessThanOrEqual(2000);
    }
  });
});

describe("parseRetryAfter", () => {
  const cases: [name: string, headers: Record<string, string>, want: number | undefined][] = [
    ["absent", {}, undefined],
    ["retry-after-ms", { "retry-after-ms": "250" }, 250],
    ["retry-after-ms with a fraction rounds", { "retry-after-ms": "1.6" }, 2],
    ["retry-after-ms wins over Retry-After", { "retry-after-ms": "10", "retry-after": "30" }, 10],
    ["invalid retry-after-ms falls back to Retry-After", { "retry-after-ms": "soon", "retry-after": "2" }, 2000],
    ["negative retry-after-ms is ignored", { "retry-after-ms": "-5" }, undefined],
    ["seconds", { "retry-after": "1" }, 1000],
    ["zero seconds", { "retry-after": "0" }, 0],
    ["fractional seconds", { "retry-after": "1.5" }, 1500],
    ["seconds with whitespace", { "retry-after": "  3 " }, 3000],
    ["a very long wait", { "retry-after": "86400" }, 86_400_000],
    ["negative seconds are garbage", { "retry-after": "-1" }, undefined],
    ["IMF-fixdate in the future", { "retry-after": "Mon, 23 Nov 2026 12:00:05 GMT" }, 5000],
    ["RFC 850 date", { "retry-after": "Monday, 23-Nov-26 12:00:07 GMT" }, 7000],
    ["asctime date (GMT)", { "retry-after": "Mon Nov 23 12:00:09 2026" }, 9000],
    ["date in the past means now", { "retry-after": "Sun, 06 Nov 1994 08:49:37 GMT" }, 0],
    ["garbage", { "retry-after": "garbage" }, undefined],
    ["garbage Date.parse would read as 2001", { "retry-after": "soon 5" }, undefined],
    ["ISO date is not an HTTP date", { "retry-after": "2026-11-23T12:00:05Z" }, undefined],
    ["empty", { "retry-after": "" }, undefined],
    ["impossible date", { "retry-after": "Mon, 99 Nov 2026 12:00:05 GMT" }, undefined],
    ["hex", { "retry-after": "0x10" }, undefined],
  ];
  for (const [name, headers, want] of cases) {
    test(name, () => {
      expect(parseRetryAfter(new Headers(headers), NOW)).toBe(want);
    });
  }

  test("uses the current time by default", () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const got = parseRetryAfter(new Headers({ "retry-after": inTenSeconds }));
    expect(got).toBeGreaterThan(8000);
    expect(got).toBeLessThanOrEqual(10_000);
  });
});

describe("delay", () => {
  test("resolves after the time", async () => {
    await expect(delay(1)).resolves.toBeUndefined();
  });
  test("rejects at once with an already aborted signal", async () => {
    const c = new AbortController();
    c.abort(new Error("stop"));
    await expect(delay(60_000, c.signal)).rejects.toThrow("stop");
  });
  test("rejects when the signal aborts mid-wait", async () => {
    const c = new AbortController();
    const waiting = delay(60_000, c.signal);
    c.abort(new Error("later"));
    await expect(waiting).rejects.toThrow("later");
  });
  test("a wait past the timer limit does not fire at once", async () => {
    const c = new AbortController();
    let settled = false;
    const waiting = delay(2 ** 40, c.signal).then(
      () => {
        settled = true;
      },
      () => {},
    );
    await delay(5);
    expect(settled).toBe(false);
    c.abort();
    await waiting;
  });
});
