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

const AMBIGUOUS_STATUS = (status: number) => status >= 500;

/**
 * Decides whether to retry. Pure: the same outcome, policy and random source give the same answer.
 *
 * A non-idempotent request is retried only where the server certainly did not act on it — a 429, or a
 * connection refused before anything was sent — and never after an ambiguous failure (timeout, reset, 5xx).
 */
export function decideRetry(
  outcome: AttemptOutcome,
  policy: RetryState | false,
  now: number = Date.now(),
  random: () => number = Math.random,
): RetryDecision {
  const { idempotent, retry } = outcome;
  if (outcome.failure !== undefined) {
    const ambiguous = outcome.failure !== "refused";
    if (!idempotent && ambiguous) return { retry: false, outcomeUnknown: true };
    if (!policy || retry >= policy.maxRetries || !allowed(policy, outcome)) {
      return { retry: false, outcomeUnknown: !idempotent && ambiguous };
    }
    return { retry: true, delayMs: backoffDelay(retry, policy, random) };
  }
  const status = outcome.status ?? 0;
  const retryAfterMs = outcome.headers ? parseRetryAfter(outcome.headers, now) : undefined;
  const base = { retry: false as const, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  const unknown = !idempotent && AMBIGUOUS_STATUS(status);
  const statusCodes = policy ? policy.statusCodes : [];
  if (!statusCodes.includes(status) || !policy) return { ...base, outcomeUnknown: unknown };
  if (!idempotent && status !== 429) return { ...base, outcomeUnknown: unknown };
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return { ...base, outcomeUnknown: false };
  if (retry >= policy.maxRetries || !allowed(policy, outcome)) return { ...base, outcomeUnknown: unknown };
  return { retry: true, delayMs: retryAfterMs ?? backoffDelay(retry, policy, random) };
}

function allowed(policy: RetryState, outcome: AttemptOutcome): boolean {
  if (!policy.shouldRetry) return true;
  return policy.shouldRetry({
    retry: outcome.retry,
    method: outcome.method,
    idempotent: outcome.idempotent,
    ...(outcome.status === undefined ? {} : { status: outcome.status }),
    ...(outcome.failure === undefined ? {} : { failure: outcome.failure }),
  });
}
