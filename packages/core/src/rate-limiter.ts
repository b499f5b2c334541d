import { delay } from "./delay.js";
import { ConfigurationError } from "./errors/request-errors.js";
import { onAbort } from "./on-abort.js";

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
 * A sliding-window limiter plus a concurrency cap. `acquire` waits (abortably) until a request may be sent
 * and returns a release function, to be called when the attempt has finished (response read, or failed).
 * Waiting is honest: it never fails, it waits.
 *
 * A request occupies its place in the window from the moment it is sent until `windowMs` after it finished,
 * not merely `windowMs` after it was sent. The server counts a request when it *arrives*, which is some
 * unknown time after we sent it; counting from the finish (the latest moment it can have arrived) means that
 * any `windowMs` on the server's clock sees at most `requests` of ours, whatever the network latency and its
 * variation. Counting from the send instead lets two requests sent `windowMs` apart arrive closer together
 * than that (the first slowed down, the second not) and trip the server's limit.
 */
export class Throttle {
  readonly #limit: RateLimitOptions | undefined;
  readonly #maxConcurrency: number;
  /** When each finished request in the window finished (ascending). */
  readonly #finished: number[] = [];
  /** Requests holding a place in the window that have not finished yet. */
  #unfinished = 0;
  #active = 0;
  readonly #slotWaiters: (() => void)[] = [];
  readonly #windowWaiters: (() => void)[] = [];

  constructor(limit: RateLimitOptions | undefined, maxConcurrency = Number.POSITIVE_INFINITY) {
    if (limit && (!(limit.requests >= 1) || !(limit.windowMs > 0) || !Number.isFinite(limit.windowMs))) {
      throw new ConfigurationError("rateLimit needs requests >= 1 and a finite windowMs > 0");
    }
    // 0 (or NaN) would make every call wait forever, or silently mean no limit.
    if (!(maxConcurrency >= 1))
      throw new ConfigurationError(`maxConcurrency must be >= 1; got ${String(maxConcurrency)}`);
    this.#limit = limit;
    this.#maxConcurrency = maxConcurrency;
  }

  /** Waits for a concurrency slot and then for room in the rate window. Call the returned function when done. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    await this.#slot(signal);
    let inWindow = false;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.#active -= 1;
      this.#slotWaiters.shift()?.();
      if (inWindow) {
        this.#unfinished -= 1;
        this.#finished.push(Math.max(Date.now(), this.#finished.at(-1) ?? 0));
        for (const wake of this.#windowWaiters.splice(0)) wake();
      }
    };
    try {
      await this.#window(signal);
      inWindow = this.#limit !== undefined;
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  async #slot(signal?: AbortSignal): Promise<void> {
    while (this.#active >= this.#maxConcurrency) {
      signal?.throwIfAborted();
      await waitFor(this.#slotWaiters, signal);
    }
    this.#active += 1;
  }

  async #window(signal?: AbortSignal): Promise<void> {
    const limit = this.#limit;
    if (!limit) return;
    for (;;) {
      signal?.throwIfAborted();
      const now = Date.now();
      while (this.#finished.length > 0 && (this.#finished[0] as number) <= now - limit.windowMs) this.#finished.shift();
      if (this.#unfinished + this.#finished.length < limit.requests) {
        this.#unfinished += 1;
        return;
      }
      // Full. The oldest finished request leaves the window at a known time; unfinished ones only leave
      // `windowMs` after they finish, so with none finished, wait for one to finish and look again.
      const oldest = this.#finished[0];
      if (oldest === undefined) await waitFor(this.#windowWaiters, signal);
      else await delay(oldest + limit.windowMs - now, signal);
    }
  }
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
