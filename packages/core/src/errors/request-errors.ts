import { brandError, HatcheryError, isErrorNamed, OUTCOME_UNKNOWN } from "./hatchery-error.js";

/** What a failed request was, as shown in errors (the URL is already redacted). */
export interface RequestErrorInit {
  /** HTTP method, upper case. */
  method: string;
  /** Credential-free URL of the request. */
  url: string;
  /** Attempts made, the first included. */
  attempts?: number;
  /**
   * True when the request may have taken effect on the server and was not retried because it is not
   * idempotent (a timeout, a reset connection or a 5xx after sending). Check the server's state before
   * trying again.
   */
  outcomeUnknown?: boolean;
  /** The underlying error. */
  cause?: unknown;
}

function describe(kind: string, init: RequestErrorInit): string {
  const attempts = init.attempts && init.attempts > 1 ? ` after ${init.attempts} attempts` : "";
  return `${init.method} ${init.url}: ${kind}${attempts}.${init.outcomeUnknown ? OUTCOME_UNKNOWN : ""}`;
}

/** The request could not reach the server or the connection broke before a full response arrived. */
export class ConnectionError extends HatcheryError {
  /** HTTP method, upper case. */
  declare readonly method: string;
  /** The request's URL, without credentials. */
  declare readonly url: string;
  /** Attempts made, the first included. */
  declare readonly attempts: number;
  /**
   * True when the request may have taken effect on the server and was not retried because it is not
   * idempotent. Check the server's state before trying again.
   */
  declare readonly outcomeUnknown: boolean;

  constructor(init: RequestErrorInit & { reason?: string }) {
    super(describe(`connection failed${init.reason ? ` (${init.reason})` : ""}`, init), { cause: init.cause });
    brandError(this, "ConnectionError");
    const { method, url, attempts = 1, outcomeUnknown = false } = init;
    Object.assign(this, { method, url, attempts, outcomeUnknown });
  }
}

/** An attempt took longer than its timeout (headers and body together). */
export class TimeoutError extends ConnectionError {
  /** The per-attempt timeout that ran out, in milliseconds. */
  declare readonly timeoutMs: number;

  constructor(init: RequestErrorInit & { timeoutMs: number }) {
    super(init);
    brandError(this, "TimeoutError");
    Object.assign(this, { timeoutMs: init.timeoutMs });
    this.message = describe(`timed out after ${init.timeoutMs} ms`, init);
  }
}

/** The caller aborted the request through its `AbortSignal`. */
export class AbortError extends HatcheryError {
  /** HTTP method, upper case. */
  declare readonly method: string;
  /** The request's URL, without credentials. */
  declare readonly url: string;

  constructor(init: { method: string; url: string; cause?: unknown }) {
    super(`${init.method} ${init.url}: aborted by the caller.`, { cause: init.cause });
    brandError(this, "AbortError");
    Object.assign(this, { method: init.method, url: init.url });
  }
}

/** The daily quota guard refused to send a request. Nothing was sent. */
export class QuotaExceededError extends HatcheryError {
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
    brandError(this, "QuotaExceededError");
    Object.assign(this, { limit: init.limit, used: init.used, period: init.period });
  }
}

/** The client was configured wrongly (bad base URL, a credential with CR/LF, a browser without opt-in…). */
export class ConfigurationError extends HatcheryError {
  constructor(message: string) {
    super(message);
    brandError(this, "ConfigurationError");
  }
}

/** A call's arguments were refused before anything was sent (a `..` path id, a limit over the maximum…). */
export class InvalidArgumentError extends HatcheryError {
  constructor(message: string) {
    super(message);
    brandError(this, "InvalidArgumentError");
  }
}

/** True for {@link ConnectionError} (and {@link TimeoutError}). */
export const isConnectionError = (e: unknown): e is ConnectionError => isErrorNamed(e, "ConnectionError");
/** True for {@link TimeoutError}. */
export const isTimeoutError = (e: unknown): e is TimeoutError => isErrorNamed(e, "TimeoutError");
/** True for {@link AbortError}. */
export const isAbortError = (e: unknown): e is AbortError => isErrorNamed(e, "AbortError");
/** True for {@link QuotaExceededError}. */
export const isQuotaExceededError = (e: unknown): e is QuotaExceededError => isErrorNamed(e, "QuotaExceededError");
/** True for {@link ConfigurationError}. */
export const isConfigurationError = (e: unknown): e is ConfigurationError => isErrorNamed(e, "ConfigurationError");
/** True for {@link InvalidArgumentError}. */
export const isInvalidArgumentError = (e: unknown): e is InvalidArgumentError =>
  isErrorNamed(e, "InvalidArgumentError");
