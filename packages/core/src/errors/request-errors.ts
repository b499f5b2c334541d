import { HatcheryError, isErrorNamed, OUTCOME_UNKNOWN } from "./hatchery-error.js";

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

/** The request could not reach the server or the connection broke before a full response arrived. */
export class ConnectionError extends HatcheryError {
  /** The class's name, kept through minification. @internal */
  static override brand = "ConnectionError";
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

  constructor(init: RequestErrorInit & { reason?: string }, what = "connection failed") {
    const { method, url, attempts = 1, outcomeUnknown = false, reason } = init;
    // `METHOD URL: what[ (reason)][ after n attempts].[ outcome unknown]`
    super(
      `${method} ${url}: ${what}${reason ? ` (${reason})` : ""}${attempts > 1 ? ` after ${attempts} attempts` : ""}.${outcomeUnknown ? OUTCOME_UNKNOWN : ""}`,
      init,
    );
    Object.assign(this, { method, url, attempts, outcomeUnknown });
  }
}

/** An attempt took longer than its timeout (headers and body together). */
export class TimeoutError extends ConnectionError {
  /** The class's name, kept through minification. @internal */
  static override brand = "TimeoutError";
  /** The per-attempt timeout that ran out, in milliseconds. */
  declare readonly timeoutMs: number;

  constructor(init: RequestErrorInit & { timeoutMs: number }) {
    super(init, `timed out after ${init.timeoutMs} ms`);
    Object.assign(this, { timeoutMs: init.timeoutMs });
  }
}

/** The caller aborted the request through its `AbortSignal`. */
export class AbortError extends HatcheryError {
  /** The class's name, kept through minification. @internal */
  static override brand = "AbortError";
  /** HTTP method, upper case. */
  declare readonly method: string;
  /** The request's URL, without credentials. */
  declare readonly url: string;

  constructor(init: { method: string; url: string; cause?: unknown }) {
    super(`${init.method} ${init.url}: aborted by the caller.`, init);
    Object.assign(this, { method: init.method, url: init.url });
  }
}

/** The client was configured wrongly (bad base URL, a credential with CR/LF, a browser without opt-in…). */
export class ConfigurationError extends HatcheryError {
  /** The class's name, kept through minification. @internal */
  static override brand = "ConfigurationError";
}

/** A call's arguments were refused before anything was sent (a `..` path id, a limit over the maximum…). */
export class InvalidArgumentError extends HatcheryError {
  /** The class's name, kept through minification. @internal */
  static override brand = "InvalidArgumentError";
}

/** True for {@link ConnectionError} (and {@link TimeoutError}). */
export const isConnectionError = (e: unknown): e is ConnectionError => isErrorNamed(e, "ConnectionError");
/** True for {@link TimeoutError}. */
export const isTimeoutError = (e: unknown): e is TimeoutError => isErrorNamed(e, "TimeoutError");
/** True for {@link AbortError}. */
export const isAbortError = (e: unknown): e is AbortError => isErrorNamed(e, "AbortError");
/** True for {@link ConfigurationError}. */
export const isConfigurationError = (e: unknown): e is ConfigurationError => isErrorNamed(e, "ConfigurationError");
/** True for {@link InvalidArgumentError}. */
export const isInvalidArgumentError = (e: unknown): e is InvalidArgumentError =>
  isErrorNamed(e, "InvalidArgumentError");
