/**
 * A token bucket of retries shared by every call of one client: a retry spends one token, a success returns
 * `successRefund` of one, up to `capacity`. When the bucket is empty, failures are returned without retrying,
 * so a client facing an outage sends at most about `1 + successRefund` requests per call instead of `1 + maxRetries`.
 */
export class RetryBudget {
  /** Tokens left (for tests and diagnostics). */
  declare available: number;

  /** Tokens in the bucket: retries allowed in a burst. */
  declare readonly capacity: number;
  /** Tokens a success returns. */
  declare readonly successRefund: number;

  constructor(capacity: number, successRefund: number) {
    this.capacity = this.available = capacity;
    this.successRefund = successRefund;
  }

  /** Spends one token; false when none is left. */
  trySpend(): boolean {
    return this.available >= 1 && this.available-- > 0;
  }

  /** Records a successful attempt. */
  recordSuccess(): void {
    this.available = Math.min(this.capacity, this.available + this.successRefund);
  }
}
