/**
 * A token bucket of retries shared by every call of one client: a retry spends one token, a success returns
 * `successRefund` of one, up to `capacity`. When the bucket is empty, failures are returned without retrying,
 * so a client facing an outage sends at most about `1 + successRefund` requests per call instead of `1 + maxRetries`.
 */
export class RetryBudget {
  #tokens: number;
  readonly #capacity: number;
  readonly #refund: number;

  constructor(capacity: number, successRefund: number) {
    this.#capacity = capacity;
    this.#tokens = capacity;
    this.#refund = successRefund;
  }

  /** Spends one token; false when none is left. */
  trySpend(): boolean {
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Records a successful attempt. */
  recordSuccess(): void {
    this.#tokens = Math.min(this.#capacity, this.#tokens + this.#refund);
  }

  /** Tokens left (for tests and diagnostics). */
  get available(): number {
    return this.#tokens;
  }
}
