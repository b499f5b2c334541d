const LINEAGE = Symbol.for("@hatchery/core/error-lineage");

/** The sentence every error of a request that may have taken effect ends with. @internal */
export const OUTCOME_UNKNOWN =
  " The request is not idempotent and may have taken effect: it was not retried. Check the server's state before sending it again.";

/** Sets a property that does not show in enumeration or JSON. */
const define = (target: object, key: PropertyKey, value: unknown) =>
  Object.defineProperty(target, key, { value, writable: true, configurable: true });

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
  declare readonly [LINEAGE]: readonly string[];
  /** The name of the error's most specific class, e.g. `"NotFoundError"`. */
  declare name: string;

  /**
   * The class's name for `name` and the name-based guards, kept through minification: each class sets its own
   * (a static field, so a bundle drops an error class it never uses).
   * @internal
   */
  static brand = "HatcheryError";

  constructor(message: string, options: HatcheryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : options);
    // The lineage, from HatcheryError down to this error's own class.
    const lineage: string[] = [];
    for (let type: object = new.target; type !== Error; type = Object.getPrototypeOf(type)) {
      if (Object.hasOwn(type, "brand")) lineage.unshift((type as typeof HatcheryError).brand);
    }
    define(this, LINEAGE, lineage);
    define(this, "name", lineage.at(-1));
  }

  /** A plain, credential-free object for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const key in this) if (key !== "cause") out[key] = this[key];
    return out;
  }
}

/**
 * Records `name` as the most specific class of an error, called in a subclass's constructor. Name-based guards
 * read it, so they keep working after minification and across two copies of core.
 * @example
 * class RedisUnavailableError extends HatcheryError {
 *   constructor(message: string) {
 *     super(message);
 *     brandError(this, "RedisUnavailableError");
 *   }
 * }
 */
export function brandError(target: HatcheryError, name: string): void {
  define(target, LINEAGE, [...target[LINEAGE], name]);
  define(target, "name", name);
}

/** True when `value` is an error of class `name` (or a subclass of it) from any copy of `@hatchery/core`. */
export function isErrorNamed(value: unknown, name: string): boolean {
  const lineage = (value as { [LINEAGE]?: unknown } | null)?.[LINEAGE];
  return Array.isArray(lineage) && lineage.includes(name);
}

/** True for every error thrown by a Hatchery client. */
export const isHatcheryError = (value: unknown): value is HatcheryError => isErrorNamed(value, "HatcheryError");
