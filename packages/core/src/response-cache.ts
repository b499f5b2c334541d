import type { ApiResult } from "./api-promise.js";
import { ConfigurationError } from "./errors/request-errors.js";
import type { OperationSpec } from "./operation.js";
import type { PageInput } from "./pagination/page.js";
import { getPath } from "./parse-body.js";
import type { CallWrapper } from "./raw-client.js";

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

/**
 * A response cache, made by {@link responseCache} and given to a client as its `cache` option: it wraps every
 * call of the client.
 */
export type ResponseCache = CallWrapper;

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
  return ({ baseUrl, provider, envelope, redactor, log, prepare }) =>
    (next) => {
      const { requestIdHeader, auth } = provider;
      const warn = (operation: OperationSpec, what: string, error: unknown) =>
        log?.("cache", { operation: operation.id, what, error });

      /** The cache key of a call, or `undefined` when its results may not be cached. */
      const keyOf = (operation: OperationSpec, input: PageInput) => {
        // By default reads only: idempotent, not a write (PUT, DELETE), not keyed by its body, not the session's.
        const rule =
          operation.cache ??
          (operation.idempotent &&
            operation.method !== "PUT" &&
            operation.method !== "DELETE" &&
            !operation.idempotentWhenBodyHas &&
            !(auth.kind === "session" && operation.id === auth.operation));
        return rule === false
          ? undefined
          : responseCacheKey(baseUrl, operation.id, { params: input.params, body: input.body });
      };

      /** A fresh stored success as a result, or `undefined` (a failing store is logged and bypassed). */
      async function read(operation: OperationSpec, key: string): Promise<ApiResult<unknown> | undefined> {
        let entry: unknown;
        try {
          entry = await store.get(key);
        } catch (error) {
          warn(operation, "read; asking the API", error);
          return undefined;
        }
        if (!isFreshEntry(entry, Date.now())) return undefined;
        const normalized = envelope({
          status: entry.status,
          body: entry.body,
          payloadPath: operation.payload ?? provider.envelope.payload,
        });
        if (!normalized.ok) return undefined;
        const response = new Response(JSON.stringify(entry.body), { status: entry.status, headers: entry.headers });
        return {
          data: normalized.payload,
          response,
          requestId: (requestIdHeader && entry.headers[requestIdHeader]) || undefined,
          warnings: normalized.warnings,
          body: entry.body,
          attempts: 0,
          fromCache: true,
        };
      }

      /** Stores a success (a failing store is logged and ignored). */
      async function write(operation: OperationSpec, key: string, response: Response, body: unknown) {
        const rule = operation.cache;
        if (typeof rule === "object" && getPath(body, rule.when) !== true) return;
        const headers: Record<string, string> = {};
        for (const name of ["content-type", requestIdHeader]) {
          const value = name ? response.headers.get(name) : null;
          if (name && value !== null) headers[name] = redactor.scrub(value);
        }
        const now = Date.now();
        const entry: CachedResponse = {
          storedAt: now,
          expiresAt: now + ttlMs,
          status: response.status,
          headers,
          body: redactor.value(body),
        };
        try {
          await store.set(key, entry, ttlMs);
        } catch (error) {
          warn(operation, "written", error);
        }
      }

      return async (operation, input, callOptions, internal) => {
        // A bad header, retry policy or timeout is refused, even for a call the cache could answer.
        prepare(operation, input.body, callOptions);
        const key = keyOf(operation, input);
        if (key === undefined) return next(operation, input, callOptions, internal);
        const hit = callOptions.cache !== false && (await read(operation, key));
        if (hit) return hit;
        const result = await next(operation, input, callOptions, internal);
        await write(operation, key, result.response, result.body);
        return result;
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
