import { QuotaExceededError } from "./errors/quota-exceeded-error.js";
import { ConfigurationError } from "./errors/request-errors.js";

/** Where the daily quota counter lives. Implement it over Redis, a file or a database to share it. */
export interface QuotaStore {
  /**
   * Adds one to the counter for `period` (the UTC day, `YYYY-MM-DD`) and returns the new count. It must be
   * atomic when several clients share the store; an error it throws fails the call as it is (never retried).
   */
  increment(period: string): number | Promise<number>;
}

/** A daily request quota, checked before sending. */
export interface QuotaOptions {
  /**
   * Requests allowed per UTC day.
   * @example 1000
   */
  dailyLimit: number;
  /**
   * Counter storage.
   * @default an in-memory store (per client)
   */
  store?: QuotaStore;
}

/**
 * A quota guard, made by {@link dailyQuota}: the client calls it before every attempt with the request's method
 * and a function giving its credential-free URL; it rejects (with `QuotaExceededError`) to refuse sending.
 */
export type Quota = (method: string, url: () => string) => Promise<void>;

/**
 * A daily quota guard: every attempt (retries and a session's authenticate call included) counts one, per UTC
 * day; past `dailyLimit` the call fails with a `QuotaExceededError` and nothing is sent.
 * @example
 * createHatebaseClient({ apiKey, quota: dailyQuota({ dailyLimit: 1000 }) });
 */
export function dailyQuota(options: QuotaOptions): Quota {
  const { dailyLimit, store = new MemoryQuotaStore() } = options;
  if (!(dailyLimit >= 0)) throw new ConfigurationError(`quota.dailyLimit must be >= 0; got ${String(dailyLimit)}`);
  return async (method, url) => {
    const period = quotaPeriod();
    const used = await store.increment(period);
    if (used > dailyLimit) throw new QuotaExceededError({ limit: dailyLimit, used, period, method, url: url() });
  };
}

/** The default {@link QuotaStore}: a counter per period in memory, keeping only the current period. */
export class MemoryQuotaStore implements QuotaStore {
  #period = "";
  #count = 0;

  increment(period: string): number {
    if (period !== this.#period) {
      this.#period = period;
      this.#count = 0;
    }
    this.#count += 1;
    return this.#count;
  }
}

/** The UTC day of `time`, as `YYYY-MM-DD`: the quota period. */
export function quotaPeriod(time: number = Date.now()): string {
  return new Date(time).toISOString().slice(0, 10);
}
