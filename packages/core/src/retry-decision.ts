import type { AttemptFailure, RetryState } from "./retry-policy.js";
import { backoffDelay, parseRetryAfter } from "./retry-timing.js";

/** One attempt's outcome, as the retry decision sees it. */
export interface AttemptOutcome {
  /** Retries already done (0 after the first attempt). */
  retry: number;
  /** HTTP method, upper case. */
  method: string;
  /** Whether repeating the request is harmless. */
  idempotent: boolean;
  /** The response status, when a response arrived. */
  status?: number;
  /** The response headers, when a response arrived. */
  headers?: Headers;
  /** Why no response arrived. */
  failure?: AttemptFailure;
}

/** What to do after an attempt. */
export type RetryDecision =
  | {
      /** Try again. */
      retry: true;
      /** After this long, in milliseconds. */
      delayMs: number;
    }
  | {
      /** Stop: the failure is final. */
      retry: false;
      /** The request may have taken effect and must not be repeated blindly. */
      outcomeUnknown: boolean;
      /** Wait the server asked for (over the cap, or on the last attempt). */
      retryAfterMs?: number;
    };

/**
 * Decides whether to retry. Pure: the same outcome, policy and random source give the same answer.
 *
 * A non-idempotent request is retried only where the server certainly did not act on it — a 429, or a
 * connection refused before anything was sent — and never after an ambiguous failure (timeout, reset, 5xx).
 * @param now - The time a `Retry-After` date is read against (default: `Date.now()`, taken by `parseRetryAfter`).
 * @param random - The jitter's random source (default: `Math.random`, taken by `backoffDelay`).
 */
export function decideRetry(
  outcome: AttemptOutcome,
  policy: RetryState | false,
  now?: number,
  random?: () => number,
): RetryDecision {
  const { retry, method, idempotent, status = 0, failure } = outcome;
  const retryAfterMs = outcome.headers && parseRetryAfter(outcome.headers, now);
  // Ambiguous: the server may have acted (a timeout, a broken connection, a 5xx), unlike a refused connection.
  const outcomeUnknown = !idempotent && (failure ? failure !== "refused" : status >= 500);
  const stop = { retry: false as const, outcomeUnknown, retryAfterMs };
  if (!policy || (failure ? outcomeUnknown : !policy.statusCodes.includes(status) || (!idempotent && status !== 429))) {
    return stop;
  }
  // The server asked for longer than we wait: fail now, with the wait it asked for.
  // (`undefined > n` is false: no wait asked for.)
  if ((retryAfterMs as number) > policy.maxRetryAfterMs) return { ...stop, outcomeUnknown: false };
  if (
    retry >= policy.maxRetries ||
    policy.shouldRetry?.({ retry, method, idempotent, status: outcome.status, failure }) === false
  ) {
    return stop;
  }
  return { retry: true, delayMs: retryAfterMs ?? backoffDelay(retry, policy, random) };
}
