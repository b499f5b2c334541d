import type { ApiResult } from "./api-promise.js";
import type { EnvelopeNormalizer } from "./envelopes/envelope.js";
import { ConfigurationError } from "./errors/request-errors.js";
import type { LogFn } from "./logger.js";
import type { OperationSpec } from "./operation.js";
import type { PageInput } from "./pagination/page.js";
import { getPath } from "./parse-body.js";
import type { Redactor } from "./redact.js";

/**
 * A key-value store for JSON-serializable values: the storage behind the response cache (and any helper that
 * keeps results locally). Implement it over a file, Redis or a database to share or persist entries.
 */
export interface KeyValueStore {
  /** The value stored under `key`, or `undefined`. */
  get(key: string): unknown | Promise<unknown>;
  /**
   * Stores `value` (JSON-serializable) under `key`. `ttlMs`, when given, is how long the entry is worth keeping:
   * a store may drop it after that (Redis expires it); entries carry their own expiry too.
   */
  set(key: string, value: unknown, ttlMs?: number): void | Promise<void>;
  /** Forgets `key`. */
  delete(key: string): void | Promise<void>;
}

/** A successful response as the cache keeps it (secrets already redacted from the body). */
export interface CachedResponse {
  /** When it was stored, epoch milliseconds. */
  storedAt: number;
  /** When it stops being served, epoch milliseconds. */
  expiresAt: number;
  /** The HTTP status. */
  status: number;
  /** Response headers worth keeping (content type, request id). */
  headers: Record<string, string>;
  /** The parsed, coerced and redacted body. */
  body: unknown;
}

/** Options of {@link responseCache}. */
export interface ResponseCacheOptions {
  /**
   * How long a stored success is served instead of asking the API again, in milliseconds.
   * @default 86400000 (one day)
   */
  ttlMs?: number;
  /**
   * Where entries live.
   * @default a {@link MemoryStore} per client (at most 1000 entries)
   */
  store?: KeyValueStore;
}

/** What the response cache needs from the client it serves. @internal */
export interface CacheContext {
  /** The client's base URL (part of every key). */
  baseUrl: string;
  /** Reads a stored body as the provider's envelope. */
  envelope: EnvelopeNormalizer;
  /** The payload path of an operation. */
  payloadPath: (operation: OperationSpec) => string;
  /** The provider's request-id header, kept with an entry. */
  requestIdHeader?: string | undefined;
  /** The session's authenticate operation, never cached. */
  sessionOperation?: string | undefined;
  /** Scrubs secrets from stored bodies. */
  redactor: Redactor;
  /** Where store failures are reported. */
  log?: LogFn | undefined;
}

/** The cache as a client uses it. @internal */
export interface CacheHooks {
  /** The cache key of a call, or `undefined` when its results may not be cached. */
  key(operation: OperationSpec, input: PageInput): string | undefined;
  /** A fresh stored success as a result, or `undefined` (a failing store is logged and bypassed). */
  read(operation: OperationSpec, key: string): Promise<ApiResult<unknown> | undefined>;
  /** Stores a success (a failing store is logged and ignored). */
  write(operation: OperationSpec, key: string, response: Response, body: unknown): Promise<void>;
}

/** A response cache, made by {@link responseCache} and given to a client as its `cache` option. */
export type ResponseCache = (context: CacheContext) => CacheHooks;

/**
 * A response cache: successful results of cacheable operations (idempotent ones, unless the spec says otherwise;
 * never a PUT, a DELETE or a session's authenticate call) are kept for `ttlMs` and served without a request, a retry or a quota
 * unit. Bodies are stored with every known secret redacted. A call with `{ cache: false }` asks the API again.
 * @example
 * createHatebaseClient({ apiKey, cache: responseCache({ ttlMs: 3_600_000 }) });
 */
export function responseCache(options: ResponseCacheOptions = {}): ResponseCache {
  const { ttlMs = 86_400_000, store = new MemoryStore() } = options;
  if (!(ttlMs > 0)) throw new ConfigurationError(`cache.ttlMs must be positive; got ${ttlMs}`);
  return (ctx) => {
    const warn = (operation: OperationSpec, what: string, error: unknown) =>
      ctx.log?.("cache", { operation: operation.id, what, error });
    return {
      key(operation, input) {
        // By default reads only: idempotent, not a write (PUT, DELETE), not keyed by its body, not the session's.
        const rule =
          operation.cache ??
          (operation.idempotent &&
            operation.method !== "PUT" &&
            operation.method !== "DELETE" &&
            !operation.idempotentWhenBodyHas &&
            operation.id !== ctx.sessionOperation);
        if (rule === false) return undefined;
        return responseCacheKey(ctx.baseUrl, operation.id, { params: input.params, body: input.body });
      },
      async read(operation, key) {
        let entry: unknown;
        try {
          entry = await store.get(key);
        } catch (error) {
          warn(operation, "read; asking the API", error);
          return undefined;
        }
        if (!isFreshEntry(entry, Date.now())) return undefined;
        const normalized = ctx.envelope({
          status: entry.status,
          body: entry.body,
          payloadPath: ctx.payloadPath(operation),
        });
        if (!normalized.ok) return undefined;
        const response = new Response(JSON.stringify(entry.body), { status: entry.status, headers: entry.headers });
        return {
          data: normalized.payload,
          response,
          requestId: (ctx.requestIdHeader && entry.headers[ctx.requestIdHeader]) || undefined,
          warnings: normalized.warnings,
          body: entry.body,
          attempts: 0,
          fromCache: true,
        };
      },
      async write(operation, key, response, body) {
        const rule = operation.cache;
        if (typeof rule === "object" && getPath(body, rule.when) !== true) return;
        const headers: Record<string, string> = {};
        for (const name of ["content-type", ctx.requestIdHeader]) {
          const value = name ? response.headers.get(name) : null;
          if (name && value !== null) headers[name] = ctx.redactor.scrub(value);
        }
        const now = Date.now();
        const entry: CachedResponse = {
          storedAt: now,
          expiresAt: now + ttlMs,
          status: response.status,
          headers,
          body: ctx.redactor.value(body),
        };
        try {
          await store.set(key, entry, ttlMs);
        } catch (error) {
          warn(operation, "written", error);
        }
      },
    };
  };
}

/** The default {@link KeyValueStore}: a map in memory that drops its oldest entries past `maxEntries`. */
export class MemoryStore implements KeyValueStore {
  readonly #entries = new Map<string, unknown>();
  readonly #maxEntries: number;

  /** @param maxEntries - entries kept at most (the oldest written go first). */
  constructor(maxEntries = 1000) {
    this.#maxEntries = maxEntries;
  }

  get(key: string): unknown {
    return this.#entries.get(key);
  }

  set(key: string, value: unknown): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Entries held. */
  get size(): number {
    return this.#entries.size;
  }
}

/** JSON with object keys sorted, so that equal inputs give equal keys whatever their key order. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** The cache key of a call: the API's base URL, the operation and its input (before any credential is added). */
export function responseCacheKey(baseUrl: string, operationId: string, input: unknown): string {
  return `${baseUrl} ${operationId} ${stableStringify(input ?? {})}`;
}

/** True when `entry` looks like a {@link CachedResponse} that has not expired at `now`. */
export function isFreshEntry(entry: unknown, now: number): entry is CachedResponse {
  if (!entry || typeof entry !== "object") return false;
  const e = entry as Partial<CachedResponse>;
  return typeof e.expiresAt === "number" && e.expiresAt > now && typeof e.status === "number" && "body" in e;
}
