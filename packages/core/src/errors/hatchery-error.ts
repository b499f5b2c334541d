const LINEAGE = Symbol.for("@hatchery/core/error-lineage");

/** The sentence every error of a request that may have taken effect ends with. @internal */
export const OUTCOME_UNKNOWN =
  " The request is not idempotent and may have taken effect: it was not retried. Check the server's state before sending it again.";

/** Fields every Hatchery error may carry besides its message. */
export interface HatcheryErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Base class of every error thrown by a Hatchery client.
 *
 * Errors carry no credentials: messages, URLs, headers and bodies are redacted before the error is built,
 * so `String(error)`, `JSON.stringify(error)` and `util.inspect(error)` are safe to log.
 * Use the `is*Error` guards rather than `instanceof`: two copies of `@hatchery/core` may meet in one app.
 */
export class HatcheryError extends Error {
  /**
   * The class names from `HatcheryError` down to this error's own class, read by the name-based guards.
   * @internal
   */
  declare readonly [LINEAGE]: string[];
  /** The name of the error's most specific class, e.g. `"NotFoundError"`. */
  override name = "HatcheryError";

  constructor(message: string, options: HatcheryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, LINEAGE, { value: ["HatcheryError"], enumerable: false });
  }

  /** A plain, credential-free object for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== "name" && key !== "cause") out[key] = value;
    }
    return out;
  }
}

/**
 * Records `name` as the most specific class of `error`. Called by every subclass constructor, so that
 * name-based guards keep working after minification and across two copies of core.
 * @internal
 */
export function brandError(error: HatcheryError, name: string): void {
  error[LINEAGE].push(name);
  error.name = name;
}

/**
 * Records that `error` also counts as an error of class `name` for the guards, without changing its `name`
 * (an unexpected answer with status 502 also passes `isInternalServerError`).
 * @internal
 */
export function alsoBrand(error: HatcheryError, name: string): void {
  error[LINEAGE].push(name);
}

/** True when `value` is an error of class `name` (or a subclass of it) from any copy of `@hatchery/core`. */
export function isErrorNamed(value: unknown, name: string): boolean {
  if (typeof value !== "object" || value === null) return false;
  const lineage = (value as { [LINEAGE]?: unknown })[LINEAGE];
  return Array.isArray(lineage) && lineage.includes(name);
}

/** True for every error thrown by a Hatchery client. */
export function isHatcheryError(value: unknown): value is HatcheryError {
  return isErrorNamed(value, "HatcheryError");
}
