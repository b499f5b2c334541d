import { createHash } from "node:crypto";
import { ConfigurationError } from "@hatchery/core";
import { describeRedisError, isNoScript } from "./describe-redis-error.js";
import { type RedisClient, type SendCommand, toSendCommand } from "./redis-client.js";
import { RedisUnavailableError } from "./redis-unavailable-error.js";

/** How every store talks to Redis: the options they share. */
export interface RedisCallOptions {
  /**
   * The longest one Redis operation may take, in milliseconds. Past it the operation counts as failed (the
   * store's fallback, or a {@link RedisUnavailableError}), even while the client keeps the command queued (both
   * ioredis and node-redis queue commands while they reconnect).
   * @default 1000
   */
  timeoutMs?: number;
  /**
   * After a failure, how long the store stops asking Redis (using its fallback, or failing at once), so that an
   * outage costs one timeout, not one per call.
   * @default 5000
   */
  cooldownMs?: number;
  /**
   * Told of every Redis failure (once per failure, before the cooldown), whether the store then uses its fallback
   * or throws: log it, count it, alert on it. The error quotes no key, token or argument. What it throws is ignored.
   * @default none
   * @example onRedisError: (error) => logger.warn(error.message)
   */
  onRedisError?: (error: RedisUnavailableError) => void;
}

/** A Lua script and its SHA-1, sent with EVALSHA (EVAL the first time a server does not know it). @internal */
export interface Script {
  source: string;
  sha: string;
}

/** @internal */
export function defineScript(source: string): Script {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/** The longest delay a timer can take (about 24.8 days), the most any option here may say. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Checks a positive number of milliseconds (or an integer count) from a store's options, at most
 * {@link MAX_TIMER_MS}: a timer overflows past it, and Redis takes only integers in its usual notation.
 * @internal
 */
export function checkPositive(store: string, name: string, value: number, integer = false): number {
  if (typeof value !== "number" || !(value > 0 && value <= MAX_TIMER_MS) || (integer && !Number.isInteger(value))) {
    throw new ConfigurationError(
      `@hatchery/redis ${store}: ${name} must be a positive ${integer ? "integer" : "number"} up to ${MAX_TIMER_MS}; got ${String(value)}`,
    );
  }
  return value;
}

/** Checks a number of milliseconds >= 0 (an integer when Redis takes it) from a store's options. @internal */
export function checkNonNegative(store: string, name: string, value: number, integer = false): number {
  if (typeof value !== "number" || !(value >= 0 && value <= MAX_TIMER_MS) || (integer && !Number.isInteger(value))) {
    throw new ConfigurationError(
      `@hatchery/redis ${store}: ${name} must be ${integer ? "an integer" : "a number"} from 0 to ${MAX_TIMER_MS}; got ${String(value)}`,
    );
  }
  return value;
}

/** Checks a key or prefix: a non-empty string. @internal */
export function checkKey(store: string, name: string, value: unknown): string {
  if (typeof value !== "string" || value === "") {
    throw new ConfigurationError(`@hatchery/redis ${store}: ${name} must be a non-empty string`);
  }
  return value;
}

/**
 * Sends a store's commands with a timeout each, turns every failure into a {@link RedisUnavailableError} that
 * quotes nothing, and remembers a failure for `cooldownMs` (`down`), so a store can use its fallback without
 * waiting for Redis again on every call.
 * @internal
 */
export class RedisRunner {
  readonly #send: SendCommand;
  readonly #store: string;
  readonly timeoutMs: number;
  readonly cooldownMs: number;
  readonly #onRedisError: ((error: RedisUnavailableError) => void) | undefined;
  #downUntil = 0;

  constructor(client: RedisClient, store: string, options: RedisCallOptions) {
    this.#send = toSendCommand(client);
    this.#store = store;
    this.timeoutMs = checkPositive(store, "timeoutMs", options.timeoutMs ?? 1000);
    this.cooldownMs = checkNonNegative(store, "cooldownMs", options.cooldownMs ?? 5000);
    this.#onRedisError = options.onRedisError;
  }

  /** True while a recent failure keeps Redis out of use. */
  get down(): boolean {
    return this.#downUntil > Date.now();
  }

  /** Keeps Redis out of use for `cooldownMs`. */
  markDown(): void {
    this.#downUntil = Date.now() + this.cooldownMs;
  }

  /** The error a store without fallback throws while Redis is {@link down}. */
  cooldownError(operation: string): RedisUnavailableError {
    return new RedisUnavailableError({
      store: this.#store,
      operation,
      reason: "cooldown",
      cooldownMs: this.cooldownMs,
    });
  }

  /** Sends one command; rejects with a {@link RedisUnavailableError} (and marks Redis down) on any failure. */
  command(operation: string, args: readonly string[], key: string): Promise<unknown> {
    return this.#guard(operation, () => this.#send(args, key));
  }

  /** Runs a script on one key: EVALSHA, or EVAL when this server has not seen the script yet. */
  script(operation: string, script: Script, key: string, args: readonly (string | number)[]): Promise<unknown> {
    const rest = args.map(String);
    return this.#guard(operation, async () => {
      try {
        return await this.#send(["EVALSHA", script.sha, "1", key, ...rest], key);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return this.#send(["EVAL", script.source, "1", key, ...rest], key);
      }
    });
  }

  #guard(operation: string, run: () => Promise<unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: RedisUnavailableError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.markDown();
        try {
          this.#onRedisError?.(error);
        } catch {
          // a reporting hook must not change what the store does
        }
        reject(error);
      };
      const timer = setTimeout(() => {
        // One more turn of the event loop before giving up: after a stall (a long GC pause, a busy CPU) timers run
        // before pending socket data is read, and the answer may already be there.
        setImmediate(() =>
          fail(
            new RedisUnavailableError({
              store: this.#store,
              operation,
              reason: "timeout",
              timeoutMs: this.timeoutMs,
            }),
          ),
        );
      }, this.timeoutMs);
      let pending: Promise<unknown>;
      try {
        pending = run();
      } catch (error) {
        pending = Promise.reject(error);
      }
      pending.then(
        (value) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          // Reduced to safe words here: the client's error (its message, its `command.args`) goes no further.
          const { reason, detail } = describeRedisError(error);
          fail(new RedisUnavailableError({ store: this.#store, operation, reason, detail }));
        },
      );
    });
  }
}
