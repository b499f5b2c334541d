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

/** Merges retry options, later ones winning; `false` anywhere turns retries off. */
export function resolveRetry(...layers: (RetryOptions | false | undefined)[]): RetryState | false {
  let state: RetryState = DEFAULT_RETRY;
  for (const layer of layers) {
    if (layer === false) return false;
    if (!layer) continue;
    const { budget, ...rest } = layer;
    const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    state = {
      ...state,
      ...defined,
      budget:
        budget === false
          ? false
          : budget
            ? { ...(state.budget || DEFAULT_RETRY.budget || { capacity: 10, successRefund: 0.1 }), ...budget }
            : state.budget,
    } as RetryState;
  }
  return state;
}
