/** Where the daily quota counter lives. Implement it over Redis, a file or a database to share it. */
export interface QuotaStore {
  /** Adds one to the counter for `period` and returns the new count. */
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
   * @default an in-memory store (per client instance)
   */
  store?: QuotaStore;
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
