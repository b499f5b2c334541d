import fc from "fast-check";
import { describe, expect, test, vi } from "vitest";
import {
  type AttemptOutcome,
  DEFAULT_RETRY,
  decideRetry,
  isConfigurationError,
  type RetryDecision,
  type RetryState,
  resolveRetry,
} from "../src/index.js";

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const policy: RetryState = { ...DEFAULT_RETRY, jitter: 0 };
const h = (init: Record<string, string>) => new Headers(init);

type Case = [name: string, outcome: Partial<AttemptOutcome>, want: RetryDecision, policy?: RetryState | false];

describe("decideRetry", () => {
  const idem = { idempotent: true, method: "GET", retry: 0 };
  const post = { idempotent: false, method: "POST", retry: 0 };
  const cases: Case[] = [
    // Failures without a response.
    ["idempotent, refused", { ...idem, failure: "refused" }, { retry: true, delayMs: 500 }],
    ["idempotent, timeout", { ...idem, failure: "timeout" }, { retry: true, delayMs: 500 }],
    ["idempotent, network", { ...idem, failure: "network" }, { retry: true, delayMs: 500 }],
    ["non-idempotent, refused: nothing was sent", { ...post, failure: "refused" }, { retry: true, delayMs: 500 }],
    [
      "non-idempotent, timeout: may have acted",
      { ...post, failure: "timeout" },
      { retry: false, outcomeUnknown: true },
    ],
    [
      "non-idempotent, network: may have acted",
      { ...post, failure: "network" },
      { retry: false, outcomeUnknown: true },
    ],
    [
      "idempotent, timeout, retries used up",
      { ...idem, retry: 2, failure: "timeout" },
      { retry: false, outcomeUnknown: false },
    ],
    [
      "non-idempotent, refused, retries used up",
      { ...post, retry: 2, failure: "refused" },
      { retry: false, outcomeUnknown: false },
    ],
    [
      "idempotent, network, retries off",
      { ...idem, failure: "network" },
      { retry: false, outcomeUnknown: false },
      false,
    ],
    [
      "non-idempotent, network, retries off",
      { ...post, failure: "network" },
      { retry: false, outcomeUnknown: true },
      false,
    ],
    // Statuses.
    ["idempotent 408", { ...idem, status: 408 }, { retry: true, delayMs: 500 }],
    ["idempotent 429", { ...idem, status: 429 }, { retry: true, delayMs: 500 }],
    ["idempotent 500", { ...idem, status: 500 }, { retry: true, delayMs: 500 }],
    ["idempotent 502, second retry", { ...idem, retry: 1, status: 502 }, { retry: true, delayMs: 1000 }],
    ["idempotent 503", { ...idem, status: 503 }, { retry: true, delayMs: 500 }],
    ["idempotent 504", { ...idem, status: 504 }, { retry: true, delayMs: 500 }],
    ["idempotent 501 is not transient", { ...idem, status: 501 }, { retry: false, outcomeUnknown: false }],
    ["idempotent 400", { ...idem, status: 400 }, { retry: false, outcomeUnknown: false }],
    ["idempotent 401", { ...idem, status: 401 }, { retry: false, outcomeUnknown: false }],
    ["idempotent 404", { ...idem, status: 404 }, { retry: false, outcomeUnknown: false }],
    ["idempotent 409", { ...idem, status: 409 }, { retry: false, outcomeUnknown: false }],
    ["idempotent 422", { ...idem, status: 422 }, { retry: false, outcomeUnknown: false }],
    ["idempotent 200", { ...idem, status: 200 }, { retry: false, outcomeUnknown: false }],
    ["non-idempotent 429: refused before acting", { ...post, status: 429 }, { retry: true, delayMs: 500 }],
    ["non-idempotent 408", { ...post, status: 408 }, { retry: false, outcomeUnknown: false }],
    ["non-idempotent 500", { ...post, status: 500 }, { retry: false, outcomeUnknown: true }],
    ["non-idempotent 503", { ...post, status: 503 }, { retry: false, outcomeUnknown: true }],
    ["non-idempotent 501", { ...post, status: 501 }, { retry: false, outcomeUnknown: true }],
    ["non-idempotent 422", { ...post, status: 422 }, { retry: false, outcomeUnknown: false }],
    ["non-idempotent 500, retries off", { ...post, status: 500 }, { retry: false, outcomeUnknown: true }, false],
    ["idempotent 503, retries off", { ...idem, status: 503 }, { retry: false, outcomeUnknown: false }, false],
    ["idempotent 500, maxRetries reached", { ...idem, retry: 2, status: 500 }, { retry: false, outcomeUnknown: false }],
    ["maxRetries 0", { ...idem, status: 500 }, { retry: false, outcomeUnknown: false }, { ...policy, maxRetries: 0 }],
    // Retry-After.
    [
      "429 with Retry-After seconds",
      { ...idem, status: 429, headers: h({ "retry-after": "3" }) },
      { retry: true, delayMs: 3000 },
    ],
    [
      "503 with Retry-After date",
      { ...idem, status: 503, headers: h({ "retry-after": "Mon, 23 Nov 2026 12:00:04 GMT" }) },
      { retry: true, delayMs: 4000 },
    ],
    [
      "429 with retry-after-ms",
      { ...post, status: 429, headers: h({ "retry-after-ms": "20" }) },
      { retry: true, delayMs: 20 },
    ],
    [
      "429 with Retry-After 0 retries at once",
      { ...idem, status: 429, headers: h({ "retry-after": "0" }) },
      { retry: true, delayMs: 0 },
    ],
    [
      "429 with Retry-After over the cap fails at once with the wait",
      { ...idem, status: 429, headers: h({ "retry-after": "120" }) },
      { retry: false, outcomeUnknown: false, retryAfterMs: 120_000 },
    ],
    [
      "non-idempotent 429 over the cap",
      { ...post, status: 429, headers: h({ "retry-after": "61" }) },
      { retry: false, outcomeUnknown: false, retryAfterMs: 61_000 },
    ],
    [
      "429 on the last attempt keeps the wait",
      { ...idem, retry: 2, status: 429, headers: h({ "retry-after": "5" }) },
      { retry: false, outcomeUnknown: false, retryAfterMs: 5000 },
    ],
    [
      "non-idempotent 503 with Retry-After is still ambiguous",
      { ...post, status: 503, headers: h({ "retry-after": "1" }) },
      { retry: false, outcomeUnknown: true, retryAfterMs: 1000 },
    ],
    [
      "a smaller cap",
      { ...idem, status: 429, headers: h({ "retry-after": "2" }) },
      { retry: false, outcomeUnknown: false, retryAfterMs: 2000 },
      { ...policy, maxRetryAfterMs: 1000 },
    ],
    [
      "Retry-After on a 400 is reported, not obeyed",
      { ...idem, status: 400, headers: h({ "retry-after": "1" }) },
      { retry: false, outcomeUnknown: false, retryAfterMs: 1000 },
    ],
    // Custom status list.
    [
      "a custom status list",
      { ...idem, status: 409 },
      { retry: true, delayMs: 500 },
      { ...policy, statusCodes: [409] },
    ],
    [
      "a status dropped from the list",
      { ...idem, status: 503 },
      { retry: false, outcomeUnknown: false },
      { ...policy, statusCodes: [409] },
    ],
  ];
  for (const [name, outcome, want, p] of cases) {
    test(name, () => {
      const full: AttemptOutcome = { retry: 0, method: "GET", idempotent: true, ...outcome };
      expect(decideRetry(full, p === undefined ? policy : p, NOW, () => 0)).toEqual(want);
    });
  }

  test("shouldRetry gets the context and can veto a retry", () => {
    const shouldRetry = vi.fn(() => false);
    const decision = decideRetry(
      { retry: 1, method: "GET", idempotent: true, status: 503 },
      { ...policy, shouldRetry },
      NOW,
    );
    expect(decision).toEqual({ retry: false, outcomeUnknown: false });
    expect(shouldRetry).toHaveBeenCalledWith({ retry: 1, method: "GET", idempotent: true, status: 503 });
  });

  test("shouldRetry sees failures and may allow them", () => {
    const shouldRetry = vi.fn(() => true);
    const decision = decideRetry(
      { retry: 0, method: "GET", idempotent: true, failure: "timeout" },
      { ...policy, shouldRetry },
      NOW,
      () => 0,
    );
    expect(decision).toEqual({ retry: true, delayMs: 500 });
    expect(shouldRetry).toHaveBeenCalledWith({ retry: 0, method: "GET", idempotent: true, failure: "timeout" });
  });

  test("shouldRetry vetoes a failure retry", () => {
    const decision = decideRetry(
      { retry: 0, method: "GET", idempotent: true, failure: "refused" },
      { ...policy, shouldRetry: () => false },
      NOW,
    );
    expect(decision).toEqual({ retry: false, outcomeUnknown: false });
  });

  test("shouldRetry cannot force a retry of an ambiguous non-idempotent failure", () => {
    const shouldRetry = vi.fn(() => true);
    for (const outcome of [{ failure: "timeout" as const }, { failure: "network" as const }, { status: 500 }]) {
      const decision = decideRetry(
        { retry: 0, method: "POST", idempotent: false, ...outcome },
        { ...policy, shouldRetry },
        NOW,
      );
      expect(decision.retry).toBe(false);
    }
    expect(shouldRetry).not.toHaveBeenCalled();
  });

  test("an outcome with neither status nor failure is not retried", () => {
    expect(decideRetry({ retry: 0, method: "GET", idempotent: true }, policy, NOW)).toEqual({
      retry: false,
      outcomeUnknown: false,
    });
  });

  const arbPolicy: fc.Arbitrary<RetryState | false> = fc.oneof(
    fc.constant(false as const),
    fc.record({
      maxRetries: fc.integer({ min: 0, max: 10 }),
      baseDelayMs: fc.nat(10_000),
      maxDelayMs: fc.nat(100_000),
      jitter: fc.double({ min: 0, max: 1, noNaN: true }),
      maxRetryAfterMs: fc.nat(1_000_000),
      statusCodes: fc.array(fc.integer({ min: 100, max: 599 })),
      budget: fc.constant(false as const),
      shouldRetry: fc.option(fc.func(fc.boolean()), { nil: undefined }),
    }),
  );
  const ambiguous = fc.oneof(
    fc.record({ failure: fc.constantFrom("timeout" as const, "network" as const) }),
    fc.record({
      status: fc.integer({ min: 500, max: 599 }),
      headers: fc.option(
        fc
          .dictionary(fc.constantFrom("retry-after", "retry-after-ms"), fc.oneof(fc.nat(100).map(String), fc.string()))
          .map((d) => new Headers(d)),
        { nil: undefined },
      ),
    }),
  );

  test("property: a non-idempotent request is never retried after an ambiguous failure, whatever the policy", () => {
    fc.assert(
      fc.property(
        arbPolicy,
        ambiguous,
        fc.nat(20),
        fc.constantFrom("POST", "PATCH", "PUT", "GET"),
        (p, outcome, retry, method) => {
          const decision = decideRetry({ retry, method, idempotent: false, ...outcome }, p, NOW);
          expect(decision.retry).toBe(false);
          expect(decision.retry === false && decision.outcomeUnknown).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  test("property: every retry waits a finite, non-negative time within the caps", () => {
    fc.assert(
      fc.property(
        arbPolicy,
        fc.nat(20),
        fc.boolean(),
        fc.oneof(
          fc.record({ failure: fc.constantFrom("refused" as const, "timeout" as const, "network" as const) }),
          fc.record({ status: fc.integer({ min: 200, max: 599 }) }),
        ),
        (p, retry, idempotent, outcome) => {
          const decision = decideRetry({ retry, method: "GET", idempotent, ...outcome }, p, NOW);
          if (!decision.retry) return;
          expect(p).not.toBe(false);
          if (!p) return;
          expect(retry).toBeLessThan(p.maxRetries);
          expect(decision.delayMs).toBeGreaterThanOrEqual(0);
          expect(decision.delayMs).toBeLessThanOrEqual(Math.max(p.maxDelayMs, p.maxRetryAfterMs));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("resolveRetry", () => {
  const cases: [name: string, layers: Parameters<typeof resolveRetry>, want: Partial<RetryState> | false][] = [
    ["no layers: the defaults", [], DEFAULT_RETRY],
    ["undefined layers are skipped", [undefined, undefined], DEFAULT_RETRY],
    ["a client layer overrides a field", [{ maxRetries: 5 }], { ...DEFAULT_RETRY, maxRetries: 5 }],
    [
      "a call layer overrides the client layer",
      [{ maxRetries: 5 }, { maxRetries: 1 }],
      { ...DEFAULT_RETRY, maxRetries: 1 },
    ],
    [
      "undefined fields do not erase",
      [{ maxRetries: 5 }, { maxRetries: undefined, jitter: 0 }],
      { ...DEFAULT_RETRY, maxRetries: 5, jitter: 0 },
    ],
    ["false turns retries off", [{ maxRetries: 5 }, false], false],
    ["false at the client level", [false], false],
    ["false then undefined stays off", [false, undefined], false],
    [
      "a call policy turns a client's false back on, from the defaults",
      [false, { maxRetries: 1 }],
      { ...DEFAULT_RETRY, maxRetries: 1 },
    ],
    [
      "budget merges field by field",
      [{ budget: { capacity: 3 } }],
      { ...DEFAULT_RETRY, budget: { capacity: 3, successRefund: 0.1 } },
    ],
    ["budget false", [{ budget: false }], { ...DEFAULT_RETRY, budget: false }],
    [
      "budget back on after false",
      [{ budget: false }, { budget: { successRefund: 1 } }],
      { ...DEFAULT_RETRY, budget: { capacity: 10, successRefund: 1 } },
    ],
    [
      "budget untouched by a layer without one",
      [{ budget: { capacity: 2 } }, { jitter: 0 }],
      { ...DEFAULT_RETRY, jitter: 0, budget: { capacity: 2, successRefund: 0.1 } },
    ],
  ];
  for (const [name, layers, want] of cases) {
    test(name, () => {
      expect(resolveRetry(...layers)).toEqual(want);
    });
  }

  test("keeps shouldRetry", () => {
    const shouldRetry = () => true;
    const state = resolveRetry({ shouldRetry }, { maxRetries: 1 });
    if (state === false) throw new Error("expected a retry policy, got false");
    expect(state.shouldRetry).toBe(shouldRetry);
  });

  test("never mutates the defaults", () => {
    resolveRetry({ maxRetries: 9, budget: { capacity: 1 } });
    expect(DEFAULT_RETRY.maxRetries).toBe(2);
    expect(DEFAULT_RETRY.budget).toEqual({ capacity: 10, successRefund: 0.1 });
  });

  const invalid: [string, Parameters<typeof resolveRetry>][] = [
    ["NaN maxRetries would loop for ever", [{ maxRetries: Number.NaN }]],
    ["Infinity maxRetries", [{ maxRetries: Number.POSITIVE_INFINITY }]],
    ["negative maxRetries", [{ maxRetries: -1 }]],
    ["fractional maxRetries", [{ maxRetries: 1.5 }]],
    ["jitter over 1 gives negative delays", [{ jitter: 2 }]],
    ["negative base delay", [{ baseDelayMs: -1 }]],
    ["NaN max delay", [{ maxDelayMs: Number.NaN }]],
    ["negative Retry-After cap", [{ maxRetryAfterMs: -1 }]],
    ["a string where a number goes", [{ maxRetries: "2" as unknown as number }]],
    ["negative budget", [{ budget: { capacity: -1 } }]],
  ];
  for (const [name, layers] of invalid) {
    test(`refuses ${name}`, () => {
      let error: unknown;
      try {
        resolveRetry(...layers);
      } catch (e) {
        error = e;
      }
      expect(isConfigurationError(error)).toBe(true);
    });
  }
});
