import { brandError, HatcheryError, isErrorNamed } from "@hatchery/core";

/** Why Redis could not serve an operation. */
export type RedisFailureReason =
  /** Redis did not answer within the operation's `timeoutMs` (slow, stopped, or the client is queueing while it reconnects). */
  | "timeout"
  /** The connection failed or is closed (refused, reset, the client was closed or never connected). */
  | "connection"
  /** Redis answered with an error (`WRONGTYPE`, `NOPERM`, `READONLY`, `OOM`…). */
  | "reply"
  /** Redis failed less than `cooldownMs` ago, so it was not asked again yet (and the store has no fallback). */
  | "cooldown";

/** What {@link RedisUnavailableError} is built from. */
export interface RedisUnavailableErrorInit {
  /** The store that failed: `"rate limiter"`, `"quota store"`, `"session tokens"` or `"store"`. */
  store: string;
  /** Its operation: `"acquire"`, `"increment"`, `"get"`… */
  operation: string;
  /** Why. */
  reason: RedisFailureReason;
  /** The per-operation timeout, for `timeout` and `cooldown`. */
  timeoutMs?: number;
  /** The cooldown, for `cooldown`. */
  cooldownMs?: number;
  /**
   * What Redis or the client said, reduced to safe words: the error's class name and its code (`ECONNREFUSED`,
   * `WRONGTYPE`…), never its message (which may quote the command's arguments: keys, tokens).
   */
  detail?: string;
}

/**
 * Redis could not serve a store's operation in time: it is down, slow, unreachable, or answered with an error.
 * By default the quota store (failing closed) and the response-cache store (`redisStore`: core's cache then asks
 * the API) throw it; the rate limiter and the session tokens fall back to an in-process equivalent instead (see
 * each store's `fallback` option).
 *
 * The message names the store, the operation and the reason, never a key, a token or a command's arguments;
 * `cause` is a plain `Error` holding the same safe detail, not the Redis client's own error (ioredis and
 * node-redis errors can carry the command and its arguments, which `util.inspect` would print).
 * @example
 * try {
 *   await hatebase.getVocabulary();
 * } catch (error) {
 *   if (isRedisUnavailableError(error)) console.warn(error.message); // "@hatchery/redis quota store (increment): Redis did not answer within 1000 ms. …"
 * }
 */
export class RedisUnavailableError extends HatcheryError {
  /** The store that failed. */
  declare readonly store: string;
  /** The operation that failed. */
  declare readonly operation: string;
  /** Why it failed. */
  declare readonly reason: RedisFailureReason;
  /** The per-operation timeout, when it ran out (`reason: "timeout"`). */
  declare readonly timeoutMs: number | undefined;

  constructor(init: RedisUnavailableErrorInit) {
    const detail = init.detail ? ` (${init.detail})` : "";
    const why =
      init.reason === "timeout"
        ? `Redis did not answer within ${init.timeoutMs} ms`
        : init.reason === "connection"
          ? `the connection to Redis failed${detail}`
          : init.reason === "reply"
            ? `Redis answered with an error${detail}`
            : `Redis failed less than ${init.cooldownMs} ms ago and is not asked again before then`;
    super(`@hatchery/redis ${init.store} (${init.operation}): ${why}.`, {
      cause: init.detail ? new Error(`${init.reason}: ${init.detail}`) : undefined,
    });
    brandError(this, "RedisUnavailableError");
    Object.assign(this, {
      store: init.store,
      operation: init.operation,
      reason: init.reason,
      timeoutMs: init.reason === "timeout" ? init.timeoutMs : undefined,
    });
  }
}

/** True for {@link RedisUnavailableError}, from any copy of `@hatchery/redis`. */
export const isRedisUnavailableError = (e: unknown): e is RedisUnavailableError =>
  isErrorNamed(e, "RedisUnavailableError");
