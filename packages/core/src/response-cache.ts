/**
 * A key-value store for JSON-serializable values: the storage behind the response cache (and any helper that
 * keeps results locally). Implement it over a file, Redis or a database to share or persist entries.
 */
export interface KeyValueStore {
  /** The value stored under `key`, or `undefined`. */
  get(key: string): unknown | Promise<unknown>;
  /** Stores `value` (JSON-serializable) under `key`. */
  set(key: string, value: unknown): void | Promise<void>;
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

/** Options of the client's response cache. */
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
