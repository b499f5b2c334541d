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
   * The class's name for `name` and the name-based guards, kept through minification: each class sets its own
   * (a static field, so a bundle drops an error class it never uses).
   * @internal
   */
  static brand = "HatcheryError";

  /**
   * The class names from `HatcheryError` down to this error's own class, read by the name-based guards.
   * @internal
   */
  declare readonly [LINEAGE]: readonly string[];
  /** The name of the error's most specific class, e.g. `"NotFoundError"`. */
  declare name: string;

  constructor(message: string, options: HatcheryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : options);
  }

  /** A plain, credential-free object for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const key in this) if (key !== "cause") out[key] = this[key];
    return out;
  }
}

// Read from the brands up the class chain, on an error or a prototype alike (an error rebuilt with
// `Object.create(NotFoundError.prototype)` passes its guard), unless `brandError` set them. Accessors on the
// prototype, so a subclass may still set its own `name` (a field, an assignment, or on its prototype).
Object.defineProperties(HatcheryError.prototype, {
  [LINEAGE]: {
    get(this: object): readonly string[] {
      const lineage: string[] = [];
      for (let type = this.constructor; type && type !== Error; type = Object.getPrototypeOf(type)) {
        if (Object.hasOwn(type, "brand")) lineage.unshift((type as typeof HatcheryError).brand);
      }
      return lineage;
    },
    configurable: true,
  },
  name: {
    get(this: HatcheryError): string {
      return this[LINEAGE].at(-1) as string;
    },
    set(this: HatcheryError, name: string) {
      define(this, "name", name);
    },
    configurable: true,
  },
});

/**
 * Records `name` as the most specific class of an error, called in a subclass's constructor (or once on a class's
 * prototype). Name-based guards read it, so they keep working after minification and across two copies of core.
 * A subclass may instead set `static override brand = "MyError"`.
 * @example
 * class RedisUnavailableError extends HatcheryError {
 *   constructor(message: string) {
 *     super(message);
 *     brandError(this, "RedisUnavailableError");
 *   }
 * }
 */
export function brandError(target: HatcheryError | object, name: string): void {
  define(target, LINEAGE, [...((target as { [LINEAGE]?: readonly string[] })[LINEAGE] ?? []), name]);
  define(target, "name", name);
}

/** True when `value` is an error of class `name` (or a subclass of it) from any copy of `@hatchery/core`. */
export function isErrorNamed(value: unknown, name: string): boolean {
  const lineage = (value as { [LINEAGE]?: unknown } | null)?.[LINEAGE];
  return Array.isArray(lineage) && lineage.includes(name);
}

/** True for every error thrown by a Hatchery client. */
export const isHatcheryError = (value: unknown): value is HatcheryError => isErrorNamed(value, "HatcheryError");
