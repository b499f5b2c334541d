import { HatcheryError, isErrorNamed } from "./hatchery-error.js";

/** The daily quota guard refused to send a request. Nothing was sent. */
export class QuotaExceededError extends HatcheryError {
  /** The class's name, kept through minification. @internal */
  static override brand = "QuotaExceededError";
  /** Requests allowed per period. */
  declare readonly limit: number;
  /** Requests already counted in the period. */
  declare readonly used: number;
  /** The quota period the limit applies to, e.g. `2026-11-23` (UTC day). */
  declare readonly period: string;

  constructor(init: { limit: number; used: number; period: string; method: string; url: string }) {
    super(
      `${init.method} ${init.url}: the daily quota of ${init.limit} requests for ${init.period} is used up; nothing was sent.`,
    );
    Object.assign(this, { limit: init.limit, used: init.used, period: init.period });
  }
}

/** True for {@link QuotaExceededError}. */
export const isQuotaExceededError = (e: unknown): e is QuotaExceededError => isErrorNamed(e, "QuotaExceededError");
