import { delay } from "./delay.js";
import { ConfigurationError } from "./errors/request-errors.js";
import { onAbort } from "./on-abort.js";

/**
 * Decides when a request may be sent: the client calls `acquire` before each attempt and the function it
 * resolves with once that attempt has finished (its response read, or failed). Implement it to share a limit
 * between processes (`@hatchery/redis`), or use {@link rateLimiter} and {@link concurrencyLimit}.
 */
export interface Limiter {
  /**
   * Waits until one request may be sent, and resolves with its `release`, which the client calls exactly once
   * when the attempt has finished. Rejects with `signal.reason` as soon as `signal` aborts (nothing is held then).
   * `attempt` tells the attempt's timeout: the longest the request can hold its place before it is released (a
   * shared limiter may lease a place that long, in case its process dies).
   */
  acquire(
    signal?: AbortSignal,
    attempt?: {
      /** The attempt's timeout, in milliseconds. */
      timeoutMs: number;
    },
  ): Promise<() => void>;
}

/** Client-side rate limit: at most `requests` requests in any `windowMs`. */
export interface RateLimitOptions {
  /**
   * Requests allowed per window.
   * @example 100
   */
  requests: number;
  /**
   * Window length in milliseconds.
   * @example 10000
   */
  windowMs: number;
}

/**
 * An in-process sliding-window rate limit: at most `requests` requests in any `windowMs`. Waiting is honest (it
 * never fails, it waits) and abortable.
 *
 * A request holds its place in the window from the moment it is sent until `windowMs` after it finished, not
 * merely `windowMs` after it was sent. The server counts a request when it *arrives*, some unknown time after we
 * sent it; counting from the finish (the latest moment it can have arrived) means that any `windowMs` on the
 * server's clock sees at most `requests` of ours, whatever the latency and its variation.
 * @example
 * createLeanLawClient({ apiKey, rateLimit: rateLimiter({ requests: 50, windowMs: 10_000 }) });
 */
export function rateLimiter(options: RateLimitOptions): Limiter {
  const { requests, windowMs } = options;
  if (!(requests >= 1) || !(windowMs > 0) || !Number.isFinite(windowMs)) {
    throw new ConfigurationError("rateLimit needs requests >= 1 and a finite windowMs > 0");
  }
  /** When each finished request in the window finished (ascending). */
  const finished: number[] = [];
  /** Requests holding a place in the window that have not finished yet. */
  let unfinished = 0;
  const waiters: (() => void)[] = [];
  return {
    async acquire(signal) {
      for (;;) {
        signal?.throwIfAborted();
        const now = Date.now();
        while (finished.length > 0 && (finished[0] as number) <= now - windowMs) finished.shift();
        if (unfinished + finished.length < requests) break;
        // Full. The oldest finished request leaves the window at a known time; unfinished ones only leave it
        // `windowMs` after they finish, so with none finished, wait for one to finish and look again.
        const oldest = finished[0];
        await (oldest === undefined ? waitFor(waiters, signal) : delay(oldest + windowMs - now, signal));
      }
      unfinished += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        unfinished -= 1;
        finished.push(Math.max(Date.now(), finished.at(-1) ?? 0));
        for (const wake of waiters.splice(0)) wake();
      };
    },
  };
}

/**
 * At most `max` requests in flight at once; the others wait their turn, in order.
 * @example
 * createHostHatchClient({ apiKey, maxConcurrency: concurrencyLimit(4) });
 */
export function concurrencyLimit(max: number): Limiter {
  // 0 (or NaN) would make every call wait forever.
  if (!(max >= 1)) throw new ConfigurationError(`maxConcurrency must be >= 1; got ${String(max)}`);
  let active = 0;
  const waiters: (() => void)[] = [];
  return {
    async acquire(signal) {
      let woken = false;
      while (active >= max) {
        signal?.throwIfAborted();
        await waitFor(waiters, signal);
        woken = true;
      }
      if (signal?.aborted) {
        // Woken for a free place but aborted before taking it: the next in line takes it instead.
        if (woken) waiters.shift()?.();
        throw signal.reason;
      }
      active += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        active -= 1;
        waiters.shift()?.();
      };
    },
  };
}

/** Waits until `waiters` calls the callback it is given (or the signal aborts, which removes it). */
function waitFor(waiters: (() => void)[], signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const wake = () => {
      unsubscribe?.();
      resolve();
    };
    waiters.push(wake);
    const unsubscribe =
      signal &&
      onAbort(signal, () => {
        const i = waiters.indexOf(wake);
        if (i >= 0) waiters.splice(i, 1);
        reject(signal.reason);
      });
  });
}
