import { createHash, randomUUID } from "node:crypto";
import {
  delay,
  memorySessionTokens,
  type SessionToken,
  type SessionTokenSource,
  type SessionTokens,
} from "@hatchery/core";
import { abandonOnAbort } from "./abortable.js";
import type { RedisClient } from "./redis-client.js";
import { checkKey, checkNonNegative, checkPositive, type RedisCallOptions, RedisRunner } from "./redis-runner.js";
import { isRedisUnavailableError } from "./redis-unavailable-error.js";
import { INVALIDATE, UNLOCK } from "./scripts.js";

const STORE = "session tokens";

/** Options of {@link redisSessionTokens}. */
export interface RedisSessionTokensOptions extends RedisCallOptions {
  /**
   * The Redis key of the shared token; its lock lives at `<key>:lock`. Every process using the same key shares
   * one token: use one key per API key.
   * @example "hatchery:hatebase:session"
   */
  key: string;
  /**
   * Renew this long before the token expires (but never before half its lifetime), so no call is sent with a
   * token about to lapse. One process renews; the others keep using the current token meanwhile.
   * @default 300000 (5 minutes, as core's in-process tokens)
   */
  refreshAheadMs?: number;
  /**
   * The lock's expiry: the longest one process's authenticate call may take before another process may try.
   * If the process holding the lock dies, the others wait at most this long.
   * @default 30000
   */
  lockMs?: number;
  /**
   * While another process authenticates, how often to look for the token it stores.
   * @default 50
   */
  pollMs?: number;
  /**
   * Used while Redis is unavailable: another source of tokens, or `false` to fail calls with a
   * {@link RedisUnavailableError}. The default authenticates in this process (once, shared by its concurrent
   * calls), so an outage costs one authenticate per process, never a failed call.
   * @default memorySessionTokens({ refreshAheadMs }) from core
   */
  fallback?: SessionTokens | false;
  /**
   * The clock deciding when a token is due for renewal, epoch ms (for tests).
   * @default Date.now
   */
  now?: () => number;
}

/** The token as stored in Redis (JSON), expiring with the token itself. */
interface StoredToken extends SessionToken {
  /** When a process should renew it, epoch ms. */
  refreshAt: number;
}

/**
 * Session tokens shared through Redis (core's `SessionTokens`, for a session-auth client such as Hatebase's): the
 * whole fleet authenticates once. The process that finds no valid token takes a lock (`SET NX PX lockMs`), looks
 * again (a token stored just before it took the lock is used), authenticates, and stores the token with its expiry (`PX`, so Redis drops it when it lapses); the others wait for
 * it (looking every `pollMs`, taking over if the lock expires, and authenticating themselves after waiting twice
 * `lockMs`: bounded, never a hang). It is renewed `refreshAheadMs` before expiry by one process. A token the
 * provider refuses is deleted fleet-wide, but only if it is still the stored one (compare-and-delete, by hash), so
 * a newer token another process stored is kept.
 *
 * The token is a secret: it is sent to Redis only inside the value stored, never as a script argument, and no
 * error or log line of this package carries it (core also redacts every token it is given). Protect Redis as you
 * would any session store (ACLs, TLS, a private network).
 * @example
 * import { Redis } from "ioredis";
 * import { createHatebaseClient } from "@hatchery/hatebase";
 * import { redisSessionTokens } from "@hatchery/redis";
 *
 * const redis = new Redis(process.env.REDIS_URL);
 * const hatebase = createHatebaseClient({
 *   apiKey: process.env.HATEBASE_API_KEY,
 *   sessionTokens: redisSessionTokens(redis, { key: "hatebase:session" }),
 * });
 */
export function redisSessionTokens(redis: RedisClient, options: RedisSessionTokensOptions): SessionTokens {
  const key = checkKey(STORE, "key", options.key);
  const lockKey = `${key}:lock`;
  const refreshAheadMs = checkNonNegative(STORE, "refreshAheadMs", options.refreshAheadMs ?? 300_000);
  const lockMs = checkPositive(STORE, "lockMs", options.lockMs ?? 30_000, true);
  const pollMs = checkPositive(STORE, "pollMs", options.pollMs ?? 50);
  const now = options.now ?? Date.now;
  const fallbackTokens = options.fallback === undefined ? memorySessionTokens({ refreshAheadMs }) : options.fallback;

  const runner = new RedisRunner(redis, STORE, options);

  return (authenticate) => {
    /** A token this process fetched but could not store (Redis failed meanwhile): the fallback starts with it. */
    let spare: SessionToken | undefined;
    const fallback: SessionTokenSource | undefined =
      fallbackTokens === false
        ? undefined
        : fallbackTokens(async () => {
            const token = spare;
            spare = undefined;
            return token && token.expiresAt > now() ? token : authenticate();
          });
    let flight: Promise<string> | undefined;

    /** Holding the lock: authenticates (unless a token was stored meanwhile), stores the token, releases the lock. */
    async function authenticateAndStore(owner: string): Promise<string> {
      try {
        // Looked at again under the lock: the holder before us may have stored a token and released the lock
        // between our first look and our taking it. Tokens are stored before their lock is released, so this look
        // sees any token a previous holder fetched.
        const stored = parseStored(await runner.command("get", ["GET", key], key));
        if (stored && now() < stored.refreshAt) return stored.token;
        const fresh = await authenticate();
        const issued = now();
        const lifetime = fresh.expiresAt - issued;
        const record: StoredToken = {
          token: fresh.token,
          expiresAt: fresh.expiresAt,
          // As core's in-process tokens: ahead of expiry, but never so early that a short-lived token is renewed
          // on every call.
          refreshAt: issued + Math.max(lifetime - refreshAheadMs, lifetime / 2),
        };
        if (lifetime > 0) {
          try {
            await runner.command("store", ["SET", key, JSON.stringify(record), "PX", String(Math.ceil(lifetime))], key);
          } catch (error) {
            if (!isRedisUnavailableError(error)) throw error;
            spare = fresh; // the next calls use the fallback, which starts with this token
          }
        }
        return fresh.token;
      } finally {
        // Awaited (bounded by timeoutMs) so the lock is gone when the callers get the token; if this fails, the
        // lock expires after lockMs anyway.
        await runner.script("unlock", UNLOCK, lockKey, [owner]).catch(() => {});
      }
    }

    /** One round for this process: the stored token, or the one this process (or another) fetches. */
    async function resolve(): Promise<string> {
      const started = Date.now();
      for (;;) {
        const record = parseStored(await runner.command("get", ["GET", key], key));
        const t = now();
        if (record && t < record.refreshAt) return record.token;
        const owner = randomUUID();
        const locked = await runner.command("lock", ["SET", lockKey, owner, "NX", "PX", String(lockMs)], lockKey);
        if (locked === "OK") return authenticateAndStore(owner);
        // Another process is authenticating. Renewing ahead of expiry, the current token still works meanwhile.
        if (record && t < record.expiresAt) return record.token;
        if (Date.now() - started > 2 * lockMs) {
          // Every holder so far failed or died: stop waiting and authenticate here (bounded, never a hang).
          return (await authenticate()).token;
        }
        await delay(pollMs);
      }
    }

    async function viaFallback(signal: AbortSignal | undefined, error: unknown): Promise<string> {
      if (!fallback) throw error;
      return fallback.get(signal);
    }

    const source: SessionTokenSource = {
      async get(signal) {
        signal?.throwIfAborted();
        if (runner.down) return viaFallback(signal, runner.cooldownError("get"));
        if (!flight) {
          // One round at a time in this process, shared by every concurrent caller; a caller's signal abandons its
          // own wait only.
          const round = resolve();
          flight = round;
          const clear = () => {
            if (flight === round) flight = undefined;
          };
          round.then(clear, clear);
        }
        try {
          return await abandonOnAbort(flight, signal);
        } catch (error) {
          if (!isRedisUnavailableError(error) || signal?.aborted) throw error;
          return viaFallback(signal, error);
        }
      },
      async invalidate(token) {
        await fallback?.invalidate(token);
        if (runner.down) return;
        const hash = createHash("sha1").update(token).digest("hex");
        // A failure here is not the call's: Redis is marked down, and the next `get` uses the fallback.
        await runner.script("invalidate", INVALIDATE, key, [hash]).catch(() => {});
      },
    };
    return source;
  };
}

/** A stored token, or `undefined` when there is none or it is not one of ours. */
function parseStored(value: unknown): StoredToken | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const record = JSON.parse(value) as Partial<StoredToken>;
    if (
      typeof record.token === "string" &&
      record.token !== "" &&
      typeof record.expiresAt === "number" &&
      typeof record.refreshAt === "number"
    ) {
      return record as StoredToken;
    }
  } catch {
    // not ours
  }
  return undefined;
}
