import { delay } from "./delay.js";
import { ConfigurationError } from "./errors/request-errors.js";

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
 * and returns a release function for the concurrency slot. Waiting is honest: it never fails, it waits.
 */
export class Throttle {
  readonly #limit: RateLimitOptions | undefined;
  readonly #maxConcurrency: number;
  readonly #sent: number[] = [];
  #active = 0;
  readonly #waiters: (() => void)[] = [];

  constructor(limit: RateLimitOptions | undefined, maxConcurrency = Number.POSITIVE_INFINITY) {
    if (limit && (!(limit.requests >= 1) || !(limit.windowMs > 0) || !Number.isFinite(limit.windowMs))) {
      throw new ConfigurationError("rateLimit needs requests >= 1 and a finite windowMs > 0");
    }
    // 0 (or NaN) would make every call wait forever, or silently mean no limit.
    if (!(maxConcurrency >= 1)) throw new ConfigurationError(`maxConcurrency must be >= 1; got ${String(maxConcurrency)}`);
    this.#limit = limit;
    this.#maxConcurrency = maxConcurrency;
  }

  /** Waits for a concurrency slot and then for room in the rate window. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    await this.#slot(signal);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.#active -= 1;
      this.#waiters.shift()?.();
    };
    try {
      await this.#window(signal);
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  async #slot(signal?: AbortSignal): Promise<void> {
    while (this.#active >= this.#maxConcurrency) {
      signal?.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = this.#waiters.indexOf(wake);
          if (i >= 0) this.#waiters.splice(i, 1);
          reject(signal?.reason);
        };
        this.#waiters.push(wake);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    }
    this.#active += 1;
  }

  async #window(signal?: AbortSignal): Promise<void> {
    const limit = this.#limit;
    if (!limit) return;
    for (;;) {
      signal?.throwIfAborted();
      const now = Date.now();
      while (this.#sent.length > 0 && (this.#sent[0] as number) <= now - limit.windowMs) this.#sent.shift();
      if (this.#sent.length < limit.requests) {
        this.#sent.push(now);
        return;
      }
      await delay((this.#sent[0] as number) + limit.windowMs - now, signal);
    }
  }
}
