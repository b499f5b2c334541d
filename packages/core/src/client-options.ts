import type { Client } from "openapi-fetch";
import type { ApiPromise } from "./api-promise.js";
import type { sessionAuth } from "./auth/session-auth.js";
import type { SessionTokens } from "./auth/session-token.js";
import type { fillBaseUrl } from "./base-url-variables.js";
import type { coerce } from "./coerce.js";
import type { EnvelopeNormalizer } from "./envelopes/envelope.js";
import type { assertDeleted } from "./errors/delete-failed-error.js";
import type { ClientLogger } from "./logger.js";
import type { OperationSpec, ProviderSpec } from "./operation.js";
import type { PagePromise } from "./pagination/page-promise.js";
import type { Quota } from "./quota.js";
import type { Limiter, rateLimiter } from "./rate-limiter.js";
import type { CoreRuntime } from "./raw-client.js";
import type { assertRequiredHeaders } from "./required-headers.js";
import type { ResponseCache } from "./response-cache.js";
import type { RetryOptions } from "./retry-policy.js";
import type { serializeBody } from "./safety.js";
import type { FetchLike } from "./transport.js";

/** A credential: the key itself, or a function returning it (called per attempt, so keys can rotate). */
export type Credential = string | (() => string | Promise<string>);

/** Options every generated client accepts. */
export interface ClientOptions {
  /**
   * The API key (bearer token, or the key a session token is fetched with). Never logged, never in errors.
   * @example apiKey: process.env.HOSTHATCH_TOKEN
   */
  apiKey?: Credential;
  /**
   * Base URL of the API. Must be HTTPS unless the host is loopback (or `allowInsecureHttp` is set).
   * @default the provider's production URL, from the spec
   */
  baseUrl?: string;
  /**
   * The `fetch` to send requests with: inject a fake in tests instead of patching globals.
   * @default globalThis.fetch
   */
  fetch?: FetchLike | typeof globalThis.fetch;
  /**
   * Timeout of one attempt, covering the headers and the whole body.
   * @default 60000
   */
  timeoutMs?: number;
  /**
   * Retry policy, or `false` for none.
   * @default { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8000, jitter: 0.25, maxRetryAfterMs: 60000 }
   */
  retry?: RetryOptions | false;
  /**
   * Client-side rate limit: a {@link Limiter} (e.g. `rateLimiter({ requests: 50, windowMs: 10_000 })`, or one shared
   * by many processes from `@hatchery/redis`), or `false` to turn the provider's documented default off.
   * @default the provider's documented limit, if any, in this process
   * @example rateLimit: rateLimiter({ requests: 50, windowMs: 10_000 })
   */
  rateLimit?: Limiter | false;
  /**
   * Caps the requests in flight at once: `concurrencyLimit(n)`, or any {@link Limiter}.
   * @default undefined (no cap)
   * @example maxConcurrency: concurrencyLimit(8)
   */
  maxConcurrency?: Limiter;
  /**
   * Daily quota guard: refuse to send (with `QuotaExceededError`) past a number of requests per UTC day.
   * @default undefined (no quota)
   * @example quota: dailyQuota({ dailyLimit: 1000 })
   */
  quota?: Quota;
  /**
   * Response cache: successful results of cacheable operations are kept and served without a request, a retry
   * or a quota unit.
   * @default undefined (no cache)
   * @example cache: responseCache({ ttlMs: 3_600_000 })
   */
  cache?: ResponseCache;
  /**
   * Where to log attempts, retries and failures, and from which level; lines are redacted.
   * @default undefined (silent)
   * @example logger: createLogger(console, "info")
   */
  logger?: ClientLogger;
  /**
   * Where a session-auth client (Hatebase) keeps its session tokens; ignored by other clients.
   * @default memorySessionTokens() (one authenticate per client)
   * @example sessionTokens: memorySessionTokens({ refreshAheadMs: 60_000 })
   */
  sessionTokens?: SessionTokens;
  /**
   * Extra headers on every request (checked for CR/LF).
   * @default {}
   */
  headers?: Record<string, string>;
  /**
   * Allow a plain-HTTP base URL on a non-loopback host. Credentials would travel in clear text.
   * @default false
   */
  allowInsecureHttp?: boolean;
  /**
   * Allow construction in a browser with a secret. The providers forbid keys in client-side code: anyone
   * who opens the page can read it.
   * @default false
   */
  dangerouslyAllowBrowser?: boolean;
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts the call, including a backoff sleep, at once. */
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
  /** Overrides the client's retry policy for this call; `false` for none. */
  retry?: RetryOptions | false;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  /** Overrides whether the request is treated as idempotent (safe to retry after an ambiguous failure). */
  idempotent?: boolean;
  /**
   * `false` skips the response cache's stored answer for this call (a fresh success is still stored).
   * @default true
   */
  cache?: boolean;
}

/** Options of a list call. */
export interface ListOptions extends CallOptions {
  /** Stop after this many items (and fetch no further pages). */
  maxItems?: number;
}

/** What the generated client is built from. */
export interface CoreClientInit<Ops extends Record<string, OperationSpec>> {
  /** The provider table (generated `operations.ts`). */
  provider: ProviderSpec;
  /**
   * The operations the runtime itself must know (an operation function brings its own): a raw request
   * (`rawClient`) whose method and path match one of them is retried by that operation's idempotency rule (else by
   * its method's), and a session client runs its authenticate operation from here. A generated client passes only
   * those whose idempotency is not their method's default, those a raw request would match before them, and the
   * authenticate operation; the whole table (`operations.ts`) works the same.
   */
  operations: Ops;
  /** The caller's client options. */
  options: ClientOptions;
  /** Values of the provider's header options (e.g. LeanLaw's `userId`). */
  headerValues?: Record<string, string | undefined>;
  /** Values of the base URL's server variables (e.g. Hatebase's `version`). */
  serverVariables?: Record<string, string | undefined>;
}

/**
 * The parts of a client that only some specs need. A generated client passes exactly those its spec uses,
 * so a provider's bundle holds no envelope, coercion, auth scheme, form encoding or check it never runs.
 */
export interface CoreFeatures {
  /** Reads the provider's envelope (one of core's normalizers, e.g. `normalizeResultData`). */
  envelope: EnvelopeNormalizer;
  /** Converts loose response fields; needed when operations carry `coerce` rules. */
  coerce?: typeof coerce;
  /** Session-token auth; needed when the provider's auth kind is `session`. */
  session?: typeof sessionAuth;
  /** The in-process rate limiter; needed when the spec declares a rate limit (the default `rateLimit`). */
  rateLimiter?: typeof rateLimiter;
  /** Form-encoded bodies (`serializeBody`); needed when an operation's body is a form. */
  form?: typeof serializeBody;
  /** Refuses headers that replace a required one; needed when the spec has `defaultHeaders`. */
  requiredHeaders?: typeof assertRequiredHeaders;
  /** Fills the base URL's `{variables}`; needed when the spec's server URL has some. */
  baseUrlVariables?: typeof fillBaseUrl;
  /** Refuses a delete whose body says it failed (a `DeleteFailedError`); needed when the spec has a DELETE. */
  deletes?: typeof assertDeleted;
}

/** The machinery of `createCoreClient`: the runtime, its raw client, and `call` and `paginate` on nested inputs. */
export interface CoreClient<Paths extends object> extends CoreRuntime<Paths> {
  /** The raw typed openapi-fetch client, on the same transport (see `rawClient`). */
  raw: Client<Paths>;
  /** Runs one operation and unwraps its payload. */
  call<T>(operation: OperationSpec, input?: unknown, options?: CallOptions): ApiPromise<T>;
  /** Runs a list operation lazily, page by page. */
  paginate<Item, Body = unknown>(
    operation: OperationSpec,
    input?: unknown,
    options?: ListOptions,
  ): PagePromise<Item, Body>;
}
