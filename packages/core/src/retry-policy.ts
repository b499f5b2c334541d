import { ConfigurationError } from "./errors/request-errors.js";

/** What the transport saw on one attempt, for a custom `shouldRetry`. */
export interface RetryContext {
  /** Retries done so far (0 on the first failure). */
  retry: number;
  /** HTTP method, upper case. */
  method: string;
  /** Whether repeating the request is harmless. */
  idempotent: boolean;
  /** Set when a response arrived. */
  status?: number;
  /** Set when no response arrived. */
  failure?: AttemptFailure;
}

/**
 * Why an attempt produced no response. `refused`: the connection was refused or the host did not resolve,
 * so nothing was sent. `timeout` and `network` are ambiguous: the server may have acted.
 */
export type AttemptFailure = "refused" | "timeout" | "network";

/** Retry behaviour. Every option is overridable per client and per call; `retry: false` turns retries off. */
export interface RetryOptions {
  /**
   * Retries after the first attempt.
   * @default 2
   */
  maxRetries?: number;
  /**
   * First backoff delay; it doubles on each retry.
   * @default 500
   */
  baseDelayMs?: number;
  /**
   * Cap on one backoff delay.
   * @default 8000
   */
  maxDelayMs?: number;
  /**
   * Fraction of each backoff delay removed at random, so clients do not retry in lockstep.
   * @default 0.25
   */
  jitter?: number;
  /**
   * Longest `Retry-After` honoured. When the server asks for longer, the call fails at once with a
   * `RateLimitError` whose `retryAfterMs` carries the requested wait.
   * @default 60000
   */
  maxRetryAfterMs?: number;
  /**
   * Statuses retried for idempotent requests. Non-idempotent requests are retried on 429 only, and after a
   * connection failure only when the connection was refused (nothing was sent).
   * @default [408, 429, 500, 502, 503, 504]
   */
  statusCodes?: readonly number[];
  /**
   * Retry budget shared by all calls of one client (a token bucket): each retry spends a token, each
   * success returns a fraction of one, so an outage is not amplified into a retry storm.
   * @default { capacity: 10, successRefund: 0.1 }
   */
  budget?:
    | {
        /** Tokens in the bucket: retries allowed in a burst. */
        capacity?: number;
        /** Tokens a success returns. */
        successRefund?: number;
      }
    | false;
  /**
   * Final word on a retry the policy allows: return `false` to stop. It cannot force a retry the
   * idempotency rules forbid.
   * @example shouldRetry: ({ status }) => status !== 503
   */
  shouldRetry?: (context: RetryContext) => boolean;
}

/** {@link RetryOptions} with every default applied. */
export type RetryState = Required<Omit<RetryOptions, "shouldRetry" | "budget">> &
  Pick<RetryOptions, "shouldRetry"> & {
    /** The retry budget, or `false` for none. */
    budget:
      | {
          /** Tokens in the bucket: retries allowed in a burst. */
          capacity: number;
          /** Tokens a success returns. */
          successRefund: number;
        }
      | false;
  };

/** The defaults, as data. */
export const DEFAULT_RETRY: RetryState = Object.freeze({
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  jitter: 0.25,
  maxRetryAfterMs: 60_000,
  statusCodes: Object.freeze([408, 429, 500, 502, 503, 504]),
  budget: Object.freeze({ capacity: 10, successRefund: 0.1 }),
});

/** The largest value of each number of a retry policy (all from 0). */
const MAXIMA = {
  maxRetries: 100,
  baseDelayMs: Infinity,
  maxDelayMs: Infinity,
  jitter: 1,
  maxRetryAfterMs: Infinity,
};

/**
 * Merges retry options, later layers winning field by field. `false` turns retries off; a later layer that is
 * an object turns them back on, starting from the defaults (so a call's `retry: {…}` overrides a client's
 * `retry: false`). Refuses values that would make the retry loop unbounded or the delays meaningless.
 */
export function resolveRetry(...layers: (RetryOptions | false | undefined)[]): RetryState | false {
  let state: RetryState | false = DEFAULT_RETRY;
  for (const layer of layers) {
    if (layer === false) state = false;
    if (!layer) continue;
    const base: RetryState = state || DEFAULT_RETRY;
    const next: Record<string, unknown> = { ...base };
    for (const key in layer)
      if (layer[key as keyof RetryOptions] !== undefined) next[key] = layer[key as keyof RetryOptions];
    const { budget } = layer;
    next.budget =
      budget === false ? false : budget ? { ...(base.budget || DEFAULT_RETRY.budget), ...budget } : base.budget;
    state = next as RetryState;
  }
  if (state) {
    // Each number from 0 to its maximum (retries: an integer up to 100; jitter: a fraction).
    for (const name in MAXIMA) {
      const max = MAXIMA[name as keyof typeof MAXIMA];
      const value = state[name as keyof typeof MAXIMA];
      if (typeof value !== "number" || !(value >= 0 && value <= max) || (max === 100 && value % 1 !== 0)) {
        throw new ConfigurationError(`retry.${name} must be a number from 0 to ${max}; got ${value}`);
      }
    }
    const { budget } = state;
    if (budget && !(budget.capacity >= 0 && budget.successRefund >= 0)) {
      throw new ConfigurationError("retry.budget needs capacity >= 0 and successRefund >= 0");
    }
  }
  return state;
}
