import { brandError, HatcheryError, isErrorNamed } from "@hatchery/core";

/**
 * {@link redisRateLimiter} waited `maxWaitMs` for a slot in the shared window and gave up: the fleet sends more
 * than the limit lets through for that long. Nothing was sent.
 * @example
 * if (isRateLimitWaitTimeoutError(error)) queue.retryLater(job); // the fleet is saturated; try again later
 */
export class RateLimitWaitTimeoutError extends HatcheryError {
  /** How long the call waited, in milliseconds. */
  declare readonly waitedMs: number;
  /** The shared limit: requests per window. */
  declare readonly requests: number;
  /** The shared limit's window, in milliseconds. */
  declare readonly windowMs: number;

  constructor(init: { waitedMs: number; requests: number; windowMs: number }) {
    super(
      `@hatchery/redis rate limiter (acquire): no free slot within ${init.waitedMs} ms under the shared limit of ${init.requests} requests per ${init.windowMs} ms; nothing was sent.`,
    );
    brandError(this, "RateLimitWaitTimeoutError");
    Object.assign(this, { waitedMs: init.waitedMs, requests: init.requests, windowMs: init.windowMs });
  }
}

/** True for {@link RateLimitWaitTimeoutError}, from any copy of `@hatchery/redis`. */
export const isRateLimitWaitTimeoutError = (e: unknown): e is RateLimitWaitTimeoutError =>
  isErrorNamed(e, "RateLimitWaitTimeoutError");
