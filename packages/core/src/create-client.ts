import createFetchClient, { type Client, type Middleware } from "openapi-fetch";
import { ApiPromise, type ApiResult } from "./api-promise.js";
import { parseExpiry, SessionTokenManager } from "./auth/session-token.js";
import { coerce } from "./coerce.js";
import { envelopes } from "./envelopes/index.js";
import { createApiError, isApiError, UnexpectedResponseError } from "./errors/api-error.js";
import { PageLimitError } from "./errors/page-limit-error.js";
import { AbortError, ConfigurationError } from "./errors/request-errors.js";
import { createLog, type Logger, type LogLevel } from "./logger.js";
import type { OperationSpec, PaginationSpec, ProviderSpec, SessionAuthSpec } from "./operation.js";
import { createPage, type Page, type PageInput, validatePageInput } from "./pagination/page.js";
import { PagePromise } from "./pagination/page-promise.js";
import { getPath, parseBody } from "./parse-body.js";
import { MemoryQuotaStore, type QuotaOptions } from "./quota.js";
import { type RateLimitOptions, Throttle } from "./rate-limiter.js";
import { Redactor } from "./redact.js";
import {
  type CachedResponse,
  isFreshEntry,
  MemoryStore,
  type ResponseCacheOptions,
  responseCacheKey,
} from "./response-cache.js";
import { RetryBudget } from "./retry-budget.js";
import { DEFAULT_RETRY, type RetryOptions, resolveRetry } from "./retry-policy.js";
import {
  assertHeaderName,
  assertHeaderValue,
  assertSecureBaseUrl,
  isBrowser,
  isHeaderSafe,
  serializeBody,
  serializePath,
} from "./safety.js";
import { createTransport, type FetchLike, responseInfo, type SendOptions } from "./transport.js";

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
   * Base URL of the API. Must be HTTPS unless the host is loopback (or `allowInsecureHttp` is set). It may
   * name the spec's server variables, filled in like the default's: `https://mirror.test/{version}`.
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
   * Client-side rate limit, or `false` to turn the provider's default off.
   * @default the provider's documented limit, if any
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * Requests in flight at once.
   * @default Infinity
   */
  maxConcurrency?: number;
  /**
   * Daily quota guard: refuse to send (with `QuotaExceededError`) past a number of requests per UTC day.
   * @default undefined (no quota)
   */
  quota?: QuotaOptions;
  /**
   * Response cache: successful results of cacheable operations (idempotent ones, unless the spec says
   * otherwise) are kept for `ttlMs` and served without a request, a retry or a quota unit. Off unless given.
   * @default undefined (no cache)
   */
  cache?: ResponseCacheOptions;
  /**
   * Where to log attempts, retries and failures (console-compatible). Lines are redacted.
   * @default undefined (silent)
   */
  logger?: Logger;
  /**
   * Verbosity of `logger`.
   * @default "warn"
   */
  logLevel?: LogLevel;
  /**
   * Extra headers on every request (checked for CR/LF).
   * @default {}
   */
  headers?: Record<string, string>;
  /**
   * openapi-fetch middleware, applied to generated operations and the raw client alike.
   * @default []
   */
  middleware?: Middleware[];
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
  /** The operation table (generated `operations.ts`). */
  operations: Ops;
  /** The caller's client options. */
  options: ClientOptions;
  /** Values of the provider's header options (e.g. LeanLaw's `userId`). */
  headerValues?: Record<string, string | undefined>;
  /** Values of the base URL's server variables (e.g. Hatebase's `version`). */
  serverVariables?: Record<string, string | undefined>;
}

/** The machinery a generated client delegates to. */
export interface CoreClient<Paths extends {}> {
  /** The raw typed openapi-fetch client, on the same transport (retries, timeouts, auth, throttle). */
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

const NON_IDEMPOTENT_METHODS = new Set(["POST", "PATCH"]);

/** The page number a page-style input asks for (1 when it names none). */
function pageNumber(spec: PaginationSpec, input: PageInput): number {
  if (spec.style !== "page") return 1;
  const raw = spec.in === "body" ? input.body?.[spec.pageParam] : input.params?.query?.[spec.pageParam];
  const n = Number(raw ?? 1);
  return Number.isFinite(n) ? n : 1;
}

/** A per-attempt timeout: a positive, finite number of milliseconds (an attempt must end by itself). */
function checkTimeout(ms: number): number {
  if (typeof ms !== "number" || !(ms > 0) || !Number.isFinite(ms)) {
    throw new ConfigurationError(`timeoutMs must be a positive, finite number of milliseconds; got ${String(ms)}`);
  }
  return ms;
}

function resolveBaseUrl(provider: ProviderSpec, init: CoreClientInit<Record<string, OperationSpec>>): string {
  const given = init.options.baseUrl;
  // A given base URL is taken as it is, unless it names a server variable (`https://mirror.test/{version}`).
  if (given !== undefined && !/\{[^{}]+\}/.test(given)) return given;
  const variables = { ...provider.serverVariables };
  for (const [key, value] of Object.entries(init.serverVariables ?? {}))
    if (value !== undefined) variables[key] = value;
  return (given ?? provider.baseUrl).replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new ConfigurationError(`server variable "${name}" has no value`);
    return encodeURIComponent(value);
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** True when `body` has a non-empty value for one of `fields`. */
function hasAny(body: unknown, fields: readonly string[]): boolean {
  if (!body || typeof body !== "object") return false;
  return fields.some((f) => {
    const v = (body as Record<string, unknown>)[f];
    return v !== undefined && v !== null && !(typeof v === "string" && v.trim() === "");
  });
}

/**
 * Builds the runtime of a generated client: the openapi-fetch client on core's transport, plus `call` and
 * `paginate`, which add idempotency, session auth, envelope unwrapping and typed errors.
 */
export function createCoreClient<
  Paths extends {},
  Ops extends Record<string, OperationSpec> = Record<string, OperationSpec>,
>(init: CoreClientInit<Ops>): CoreClient<Paths> {
  const { provider, options } = init;
  const apiKey = options.apiKey;
  if (apiKey !== undefined && isBrowser() && !options.dangerouslyAllowBrowser) {
    throw new ConfigurationError(
      `Refusing to create a ${provider.name} client with a secret in a browser: anyone who opens the page could read it. Call the API from your server, or pass dangerouslyAllowBrowser: true if you accept the risk.`,
    );
  }
  if (typeof apiKey === "string") assertHeaderValue("apiKey", apiKey);
  const baseUrl = assertSecureBaseUrl(resolveBaseUrl(provider, init), options.allowInsecureHttp)
    .toString()
    .replace(/\/$/, "");

  const redactor = new Redactor(provider.requestIdHeader ? [provider.requestIdHeader] : []);
  if (typeof apiKey === "string") redactor.addSecret(apiKey);
  const log = createLog(options.logger, options.logLevel ?? "warn", (t) => redactor.scrub(t));

  const staticHeaders: Record<string, string> = { ...provider.defaultHeaders };
  for (const [option, header] of Object.entries(provider.headerOptions ?? {})) {
    const value = init.headerValues?.[option];
    if (value !== undefined) {
      assertHeaderValue(option, value);
      staticHeaders[header] = value;
    }
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    assertHeaderName(name);
    assertHeaderValue(`header ${name}`, value);
    staticHeaders[name] = value;
  }

  const clientRetry = resolveRetry(options.retry);
  // The budget exists even when the client retries nothing, for calls that turn retries on.
  const budgetConfig = (clientRetry || DEFAULT_RETRY).budget;
  const rateLimit = options.rateLimit === false ? undefined : (options.rateLimit ?? provider.rateLimit);
  const send = createTransport({
    fetch: (options.fetch ?? ((request: Request) => globalThis.fetch(request))) as FetchLike,
    throttle: new Throttle(rateLimit, options.maxConcurrency),
    budget: budgetConfig ? new RetryBudget(budgetConfig.capacity, budgetConfig.successRefund) : undefined,
    quota: options.quota ? { ...options.quota, store: options.quota.store ?? new MemoryQuotaStore() } : undefined,
    redactor,
    log,
  });
  const timeoutMs = checkTimeout(options.timeoutMs ?? 60_000);
  const cacheTtlMs = options.cache?.ttlMs ?? 86_400_000;
  if (options.cache && !(cacheTtlMs > 0))
    throw new ConfigurationError(`cache.ttlMs must be positive; got ${cacheTtlMs}`);
  const cacheStore = options.cache ? (options.cache.store ?? new MemoryStore()) : undefined;

  async function bearer(headers: Headers): Promise<void> {
    if (apiKey === undefined) return;
    const key = typeof apiKey === "function" ? await apiKey() : apiKey;
    assertHeaderValue("apiKey", key);
    redactor.addSecret(key);
    headers.set("Authorization", `Bearer ${key}`);
  }
  const authorize = provider.auth.kind === "bearer" ? bearer : undefined;

  // The raw client knows only a method and a URL. When they are those of a spec operation, its idempotency
  // rule applies (a raw POST to an upsert keyed by email is as safe to retry as the generated method, and a
  // raw PUT the spec marks non-idempotent is not retried after an ambiguous failure); otherwise the method's.
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, "");
  const routes = Object.values(init.operations).map((operation) => ({
    operation,
    pattern: new RegExp(`^${escapeRegExp(basePath + operation.path).replace(/\\\{[^{}]+\\\}/g, "[^/]+")}/?$`),
  }));
  async function rawIdempotency(request: Request): Promise<boolean> {
    const method = request.method.toUpperCase();
    const path = new URL(request.url).pathname;
    const operation = routes.find((r) => r.operation.method === method && r.pattern.test(path))?.operation;
    if (!operation) return !NON_IDEMPOTENT_METHODS.has(method);
    if (!operation.idempotentWhenBodyHas) return operation.idempotent;
    let body: unknown;
    try {
      const text = await request.clone().text();
      body = (request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")
        ? Object.fromEntries(new URLSearchParams(text))
        : JSON.parse(text);
    } catch {
      return false;
    }
    return hasAny(body, operation.idempotentWhenBodyHas);
  }

  const raw = createFetchClient<Paths>({
    baseUrl,
    headers: staticHeaders,
    pathSerializer: serializePath,
    bodySerializer: serializeBody,
    fetch: async (request: Request) =>
      send(request, {
        idempotent: await rawIdempotency(request),
        retry: clientRetry,
        timeoutMs,
        // The raw client takes a `signal` per call, which openapi-fetch puts on the request.
        signal: request.signal,
        authorize,
      }),
  });
  for (const m of options.middleware ?? []) raw.use(m);

  const session = provider.auth.kind === "session" ? createSession(provider.auth) : undefined;

  function createSession(spec: SessionAuthSpec) {
    const authOp = init.operations[spec.operation];
    if (!authOp) throw new ConfigurationError(`session auth names an unknown operation "${spec.operation}"`);
    return {
      spec,
      manager: new SessionTokenManager({
        authenticate: async () => {
          if (apiKey === undefined) {
            throw new ConfigurationError(`${provider.name}: apiKey is required to authenticate.`);
          }
          const result = await execute(authOp, {}, {}, false);
          const token = getPath(result.body, spec.tokenPath);
          if (typeof token !== "string" || token === "" || !isHeaderSafe(token)) {
            throw new UnexpectedResponseError({
              status: result.response.status,
              method: authOp.method,
              url: redactor.url(baseUrl + authOp.path),
              headers: redactor.headers(result.response.headers),
              body: redactor.value(result.body),
              requestId: result.requestId,
              providerMessage: "the authenticate response has no token",
            });
          }
          redactor.addSecret(token);
          const expiry = spec.expiresPath
            ? parseExpiry(getPath(result.body, spec.expiresPath), spec.expiresFormat ?? "iso")
            : undefined;
          return { token, expiresAt: expiry ?? Date.now() + (spec.lifetimeSeconds ?? 3600) * 1000 };
        },
      }),
    };
  }

  /** The cache key of a call, when the client has a cache and the operation's results may be cached. */
  function cacheKeyOf(operation: OperationSpec, input: PageInput): string | undefined {
    if (!cacheStore) return undefined;
    const rule =
      operation.cache ??
      (operation.idempotent && !operation.idempotentWhenBodyHas && operation.id !== session?.spec.operation);
    if (rule === false) return undefined;
    return responseCacheKey(baseUrl, operation.id, { params: input.params, body: input.body });
  }

  /** A stored success as a result, or undefined (a failing store is logged and bypassed). */
  async function fromCache(operation: OperationSpec, key: string): Promise<ApiResult<unknown> | undefined> {
    let entry: unknown;
    try {
      entry = await cacheStore?.get(key);
    } catch (error) {
      log("warn", `${operation.id}: the response cache could not be read (${String(error)}); asking the API`);
      return undefined;
    }
    if (!isFreshEntry(entry, Date.now())) return undefined;
    const normalized = envelopes[provider.envelope.kind]({
      status: entry.status,
      body: entry.body,
      payloadPath: operation.payload ?? provider.envelope.payload,
    });
    if (!normalized.ok) return undefined;
    const response = new Response(JSON.stringify(entry.body), { status: entry.status, headers: entry.headers });
    const requestId = (provider.requestIdHeader && entry.headers[provider.requestIdHeader]) || undefined;
    return {
      data: normalized.payload,
      response,
      requestId,
      warnings: normalized.warnings,
      body: entry.body,
      attempts: 0,
      fromCache: true,
    };
  }

  async function toCache(operation: OperationSpec, key: string, response: Response, body: unknown): Promise<void> {
    const rule = operation.cache;
    if (typeof rule === "object" && getPath(body, rule.when) !== true) return;
    const headers: Record<string, string> = {};
    for (const name of ["content-type", provider.requestIdHeader]) {
      const value = name ? response.headers.get(name) : null;
      if (name && value !== null) headers[name] = redactor.scrub(value);
    }
    const now = Date.now();
    const entry: CachedResponse = {
      storedAt: now,
      expiresAt: now + cacheTtlMs,
      status: response.status,
      headers,
      body: redactor.value(body),
    };
    try {
      await cacheStore?.set(key, entry);
    } catch (error) {
      log("warn", `${operation.id}: the response cache could not be written (${String(error)})`);
    }
  }

  async function execute(
    operation: OperationSpec,
    input: PageInput,
    callOptions: CallOptions,
    useSession = true,
    renewed = false,
  ): Promise<ApiResult<unknown>> {
    if (operation.pagination) validatePageInput(operation.pagination, input, operation.id);
    const cacheKey = cacheKeyOf(operation, input);
    if (cacheKey !== undefined && callOptions.cache !== false && !renewed) {
      const hit = await fromCache(operation, cacheKey);
      if (hit) return hit;
    }
    let body = input.body;
    const headers: Record<string, string> = {};
    if (operation.bodyType === "form") headers["Content-Type"] = "application/x-www-form-urlencoded";
    for (const [name, value] of Object.entries(callOptions.headers ?? {})) {
      assertHeaderName(name);
      assertHeaderValue(`header ${name}`, value);
      headers[name] = value;
    }
    const idempotent =
      callOptions.idempotent ??
      (operation.idempotentWhenBodyHas ? hasAny(body, operation.idempotentWhenBodyHas) : operation.idempotent);
    // A call's policy overrides the client's, field by field; a call may also turn retries on or off.
    const retry = callOptions.retry === undefined ? clientRetry : resolveRetry(options.retry, callOptions.retry);
    const callTimeout = callOptions.timeoutMs === undefined ? timeoutMs : checkTimeout(callOptions.timeoutMs);

    const auth = session?.spec;
    if (auth && operation.id === auth.operation && typeof apiKey !== "undefined") {
      const key = typeof apiKey === "function" ? await apiKey() : apiKey;
      redactor.addSecret(key);
      body = { ...body, [auth.credentialField]: key };
    }
    let token: string | undefined;
    if (session && useSession && operation.id !== session.spec.operation) {
      try {
        token = await session.manager.get(callOptions.signal);
      } catch (error) {
        if (callOptions.signal?.aborted) {
          throw new AbortError({ method: operation.method, url: redactor.url(baseUrl + operation.path), cause: error });
        }
        throw error;
      }
      if (session.spec.placement === "body") body = { ...body, [session.spec.tokenField]: token };
      else headers[session.spec.tokenField] = token;
    }

    let requestUrl = baseUrl + operation.path;
    const sendOptions: SendOptions = {
      idempotent,
      retry,
      timeoutMs: callTimeout,
      signal: callOptions.signal,
      authorize,
    };
    const result = await raw.request(
      operation.method.toLowerCase() as "get",
      operation.path as never,
      {
        params: input.params,
        body,
        headers,
        parseAs: "stream",
        fetch: (request: Request) => {
          requestUrl = request.url;
          return send(request, sendOptions);
        },
      } as never,
    );
    const response = (result as { response: Response }).response;
    const info = responseInfo.get(response);
    let bytes = info?.bytes;
    if (!bytes) {
      try {
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch {
        const fallback = (result as { error?: unknown }).error;
        bytes = new TextEncoder().encode(typeof fallback === "string" ? fallback : JSON.stringify(fallback ?? ""));
      }
    }
    const parsed = parseBody(bytes, response.headers.get("content-type"));
    const parsedBody = parsed.kind === "json" ? coerce(parsed.value, operation.coerce) : undefined;
    const rawRequestId =
      (provider.requestIdHeader ? response.headers.get(provider.requestIdHeader) : null) ??
      response.headers.get("x-request-id");
    // A header echoed back by the server is still the server's text: scrub it like the body.
    const requestId = rawRequestId === null ? undefined : redactor.scrub(rawRequestId);
    const errorBase = () => ({
      status: response.status,
      method: operation.method,
      url: redactor.url(info?.finalUrl ?? requestUrl),
      headers: redactor.headers(response.headers),
      // Scrub before cutting: a cut through a secret would leave a piece no scrub recognises.
      body: parsed.kind === "text" ? redactor.scrub(parsed.text).slice(0, 2000) : redactor.value(parsedBody),
      requestId,
      attempts: info?.attempts ?? 1,
      outcomeUnknown: info?.outcomeUnknown ?? false,
      retryAfterMs: info?.retryAfterMs,
    });

    if (response.status >= 300 && response.status < 400) {
      throw new UnexpectedResponseError({
        ...errorBase(),
        providerMessage: `unexpected redirect${response.headers.get("location") ? " to another origin" : ""}; not followed, so credentials stay with the API host`,
      });
    }
    if (parsed.kind === "empty" && (response.status === 204 || response.status === 205)) {
      // No Content is a success with no payload, whatever the envelope.
      return { data: undefined, response, requestId, warnings: [], body: undefined, attempts: info?.attempts ?? 1 };
    }
    if (parsed.kind === "text") {
      const what = parsed.reason === "html" ? "an HTML page (a proxy or gateway error?)" : "not valid JSON";
      const init = { ...errorBase(), providerMessage: `the response body is ${what}` };
      throw response.ok ? new UnexpectedResponseError(init) : createApiError(init);
    }
    const normalized = envelopes[provider.envelope.kind]({
      status: response.status,
      body: parsedBody,
      payloadPath: operation.payload ?? provider.envelope.payload,
    });
    if (!normalized.ok) {
      if (
        token !== undefined &&
        session &&
        !renewed &&
        (response.status === 401 ||
          (normalized.code !== undefined && (session.spec.invalidTokenCodes ?? []).includes(normalized.code)))
      ) {
        session.manager.invalidate(token);
        log("info", `${operation.method} ${redactor.url(requestUrl)}: session token rejected; authenticating again`);
        return execute(operation, input, callOptions, true, true);
      }
      // The provider may echo what it was sent (a token, a key) in its message: scrub it like the body.
      const errorInit = {
        ...errorBase(),
        providerMessage: normalized.message === undefined ? undefined : redactor.scrub(normalized.message),
        code: normalized.code === undefined ? undefined : redactor.scrub(normalized.code),
        validationMessages: normalized.validationMessages.map((m) => redactor.scrub(m)),
      };
      throw normalized.unexpected ? new UnexpectedResponseError(errorInit) : createApiError(errorInit);
    }
    if (cacheKey !== undefined) await toCache(operation, cacheKey, response, parsedBody);
    return {
      data: normalized.payload,
      response,
      requestId,
      warnings: normalized.warnings,
      body: parsedBody,
      attempts: info?.attempts ?? 1,
    };
  }

  return {
    raw,
    call<T>(operation: OperationSpec, input: unknown = {}, callOptions: CallOptions = {}) {
      return new ApiPromise<T>(execute(operation, input as PageInput, callOptions) as Promise<ApiResult<T>>);
    },
    paginate<Item, Body = unknown>(operation: OperationSpec, input: unknown = {}, listOptions: ListOptions = {}) {
      const spec = operation.pagination;
      if (!spec) throw new ConfigurationError(`${operation.id} is not a list operation`);
      const { maxItems, ...callOptions } = listOptions;
      if (maxItems !== undefined && !(maxItems >= 0)) throw new ConfigurationError("maxItems must be >= 0");
      const limit = spec.style === "page" ? spec.pageLimit : undefined;
      let pagesRead = 0;
      const fetchPage = async (pageInput: PageInput): Promise<Page<Item, Body>> => {
        let result: ApiResult<unknown>;
        try {
          result = await execute(operation, pageInput, callOptions);
        } catch (error) {
          // A later page refused with one of the spec's page-limit codes: say so, rather than a bare error.
          if (limit && pagesRead > 0 && isApiError(error) && error.code && limit.codes?.includes(error.code)) {
            throw new PageLimitError({
              operation: operation.id,
              page: pageNumber(spec, pageInput),
              pagesRead,
              code: error.code,
              reason: limit.message,
              cause: error,
            });
          }
          throw error;
        }
        const page = createPage<Item, Body>(spec, pageInput, result, fetchPage);
        // A later page answered with an earlier one: the provider ignores the page asked for (a plan limit).
        const requested = pageNumber(spec, pageInput);
        if (limit && pagesRead > 0 && page.info.page !== undefined && page.info.page < requested) {
          throw new PageLimitError({ operation: operation.id, page: requested, pagesRead, reason: limit.message });
        }
        pagesRead += 1;
        return page;
      };
      return new PagePromise<Item, Body>(() => fetchPage(input as PageInput), maxItems);
    },
  };
}
