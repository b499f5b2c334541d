import createFetchClient, { type Client, type Middleware } from "openapi-fetch";
import { ApiPromise, type ApiResult } from "./api-promise.js";
import { type SessionHooks, sessionAuth } from "./auth/session-auth.js";
import type { SessionTokens } from "./auth/session-token.js";
import { assertBaseUrlVariables } from "./base-url-variables.js";
import { bodyExcerpt } from "./body-excerpt.js";
import { coerce } from "./coerce.js";
import type { ProviderMessage } from "./envelopes/envelope.js";
import { type EnvelopeNormalizer, envelopes } from "./envelopes/index.js";
import { type ApiErrorInit, createApiError, UnexpectedResponseError } from "./errors/api-error.js";
import { DeleteFailedError, deleteFailure } from "./errors/delete-failed-error.js";
import { isHatcheryError } from "./errors/hatchery-error.js";
import { AbortError, ConfigurationError } from "./errors/request-errors.js";
import type { ClientLogger } from "./logger.js";
import type { OperationSpec, ProviderSpec } from "./operation.js";
import type { PageInput } from "./pagination/page.js";
import type { PagePromise } from "./pagination/page-promise.js";
import { paginate } from "./pagination/paginate.js";
import { parseBody } from "./parse-body.js";
import { PlannedRequest } from "./planned-request.js";
import type { Quota } from "./quota.js";
import { type Limiter, rateLimiter } from "./rate-limiter.js";
import { Redactor } from "./redact.js";
import { assertRequiredHeaders } from "./required-headers.js";
import type { ResponseCache } from "./response-cache.js";
import { RetryBudget } from "./retry-budget.js";
import { DEFAULT_RETRY, type RetryOptions, resolveRetry } from "./retry-policy.js";
import {
  assertHeaderName,
  assertHeaderValue,
  assertSecureBaseUrl,
  isBrowser,
  serializeBody,
  serializePath,
} from "./safety.js";
import { createTransport, type FetchLike, readableResponse, responseInfo, type SendOptions } from "./transport.js";

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

/**
 * The parts of a client that only some specs need. A generated client passes exactly those its spec uses,
 * so a provider's bundle holds no envelope, coercion or auth scheme it never runs.
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
}

/** The lean machinery a generated client delegates to; lists go through {@link paginate}. */
export interface CoreRuntime<Paths extends {}> {
  /** The raw typed openapi-fetch client, on the same transport (retries, timeouts, auth, throttle). */
  raw: Client<Paths>;
  /** Runs one operation and unwraps its payload. */
  call<T>(operation: OperationSpec, input?: unknown, options?: CallOptions): ApiPromise<T>;
  /** Runs one operation to its full result (what `call` and `paginate` build on). */
  execute(operation: OperationSpec, input: PageInput, options: CallOptions): Promise<ApiResult<unknown>>;
}

/** A per-attempt timeout: a positive, finite number of milliseconds (an attempt must end by itself). */
function checkTimeout(ms: number): number {
  if (typeof ms !== "number" || !(ms > 0) || !Number.isFinite(ms)) {
    throw new ConfigurationError(`timeoutMs must be a positive, finite number of milliseconds; got ${String(ms)}`);
  }
  return ms;
}

/** Checks `source`'s headers for CR/LF and invalid names, and copies them onto `target`. */
function addHeaders(target: Record<string, string>, source: Record<string, string> = {}): Record<string, string> {
  for (const [name, value] of Object.entries(source)) {
    assertHeaderName(name);
    assertHeaderValue(`header ${name}`, value);
    target[name] = value;
  }
  return target;
}

/** True when `body` has a non-empty value for one of `fields`. */
function hasAny(body: unknown, fields: readonly string[]): boolean {
  return fields.some((f) => {
    const v = (body as Record<string, unknown> | undefined)?.[f];
    return v != null && !(typeof v === "string" && v.trim() === "");
  });
}

/** Whether an operation is idempotent for this body: keyed upserts are only when the key is present. */
const isIdempotent = (operation: OperationSpec, body: unknown): boolean =>
  operation.idempotentWhenBodyHas ? hasAny(body, operation.idempotentWhenBodyHas) : operation.idempotent;

/** Adds the operation's hint to an error whose outcome is unknown (what to check before trying again), then throws it. */
function withOutcomeHint(error: unknown, operation: OperationSpec): never {
  const hint = operation.outcomeUnknownHint;
  if (hint && isHatcheryError(error) && (error as { outcomeUnknown?: unknown }).outcomeUnknown === true) {
    error.message += ` ${hint}`;
  }
  throw error;
}

/**
 * Builds the runtime of a generated client from exactly the features its spec needs: the openapi-fetch client
 * on core's transport, plus `call` and `execute`, which add idempotency, auth, envelope unwrapping and typed
 * errors. {@link createCoreClient} is the same with every feature included.
 */
export function createCoreRuntime<
  Paths extends {},
  Ops extends Record<string, OperationSpec> = Record<string, OperationSpec>,
>(init: CoreClientInit<Ops> & { features: CoreFeatures }): CoreRuntime<Paths> {
  const { provider, options, features } = init;
  const { apiKey } = options;
  const { name, requestIdHeader } = provider;
  if (apiKey !== undefined && isBrowser() && !options.dangerouslyAllowBrowser) {
    throw new ConfigurationError(
      `Refusing to create a ${name} client with a secret in a browser: anyone who opens the page could read it. Call the API from your server, or pass dangerouslyAllowBrowser: true if you accept the risk.`,
    );
  }
  if (typeof apiKey === "string") assertHeaderValue("apiKey", apiKey);

  let baseUrl = options.baseUrl;
  assertBaseUrlVariables(name, provider.baseUrl, baseUrl);
  if (baseUrl === undefined || /\{[^{}]+\}/.test(baseUrl)) {
    const variables: Record<string, string | undefined> = { ...provider.serverVariables };
    for (const [key, value] of Object.entries(init.serverVariables ?? {}))
      if (value !== undefined) variables[key] = value;
    baseUrl = (baseUrl ?? provider.baseUrl).replace(/\{([^{}]+)\}/g, (_, v: string) => {
      const value = variables[v];
      if (value === undefined) throw new ConfigurationError(`server variable "${v}" has no value`);
      return encodeURIComponent(value);
    });
  }
  const base = assertSecureBaseUrl(baseUrl, options.allowInsecureHttp);
  baseUrl = base.toString().replace(/\/$/, "");

  const redactor = new Redactor(requestIdHeader ? [requestIdHeader] : []);
  redactor.addSecret(apiKey as string);
  const log = plugin(options.logger, "logger", "createLogger(console)")?.((t) => redactor.scrub(t));
  const key =
    apiKey === undefined
      ? undefined
      : async () => {
          const value = typeof apiKey === "function" ? await apiKey() : apiKey;
          redactor.addSecret(value);
          // The rule a static key meets at construction, wherever the key travels (a header, or the body of
          // a session's authenticate call).
          assertHeaderValue("apiKey", value);
          return value;
        };

  const staticHeaders: Record<string, string> = { ...provider.defaultHeaders };
  for (const [option, header] of Object.entries(provider.headerOptions ?? {})) {
    const value = init.headerValues?.[option];
    if (value !== undefined) {
      assertHeaderValue(option, value);
      staticHeaders[header] = value;
    }
  }
  assertRequiredHeaders(provider, options.headers, "the headers option");
  addHeaders(staticHeaders, options.headers);

  const clientRetry = resolveRetry(options.retry);
  // The budget exists even when the client retries nothing, for calls that turn retries on.
  const budget = (clientRetry || DEFAULT_RETRY).budget;
  const limiters: Limiter[] = [];
  const concurrency = limiterOption(options.maxConcurrency, "maxConcurrency", "concurrencyLimit(n)");
  if (concurrency) limiters.push(concurrency);
  const rate =
    options.rateLimit === false
      ? undefined
      : options.rateLimit === undefined
        ? provider.rateLimit && (features.rateLimiter ?? rateLimiter)(provider.rateLimit)
        : limiterOption(options.rateLimit, "rateLimit", "rateLimiter({ requests, windowMs })");
  if (rate) limiters.push(rate);
  const send = createTransport({
    fetch: (options.fetch ?? ((request: Request) => globalThis.fetch(request))) as FetchLike,
    limiters,
    budget: budget ? new RetryBudget(budget.capacity, budget.successRefund) : undefined,
    quota: plugin(options.quota, "quota", "dailyQuota({ dailyLimit })"),
    redactor,
    log,
  });
  const timeoutMs = checkTimeout(options.timeoutMs ?? 60_000);

  const authorize =
    key && provider.auth.kind === "bearer"
      ? async (headers: Headers) => {
          headers.set("Authorization", `Bearer ${await key()}`);
        }
      : undefined;

  // The raw client knows only a method and a URL. When they are those of a spec operation, its idempotency
  // rule applies (a raw POST to an upsert keyed by email is as safe to retry as the generated method, and a
  // raw PUT the spec marks non-idempotent is not retried after an ambiguous failure); otherwise the method's.
  const basePath = base.pathname.replace(/\/$/, "");
  const routes = Object.values(init.operations).map(
    (operation) =>
      [
        operation,
        new RegExp(
          `^${(basePath + operation.path).replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^{}]+\}/g, "[^/]+")}/?$`,
        ),
      ] as const,
  );
  async function rawIdempotency(request: Request): Promise<boolean> {
    const method = request.method.toUpperCase();
    const path = new URL(request.url).pathname;
    const operation = routes.find(([op, pattern]) => op.method === method && pattern.test(path))?.[0];
    if (!operation) return method !== "POST" && method !== "PATCH";
    if (!operation.idempotentWhenBodyHas) return operation.idempotent;
    try {
      const text = await request.clone().text();
      return isIdempotent(
        operation,
        (request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")
          ? Object.fromEntries(new URLSearchParams(text))
          : JSON.parse(text),
      );
    } catch {
      return false;
    }
  }

  const raw = createFetchClient<Paths>({
    baseUrl,
    headers: staticHeaders,
    pathSerializer: serializePath,
    bodySerializer: serializeBody,
    fetch: async (request: Request) => {
      assertRequiredHeaders(provider, request.headers, `${request.method} ${redactor.url(request.url)}`);
      return send(request, {
        idempotent: await rawIdempotency(request),
        retry: clientRetry,
        timeoutMs,
        // The raw client takes a `signal` per call, which openapi-fetch puts on the request.
        signal: request.signal,
        authorize,
      });
    },
  });
  // Generated calls skip building a `Request` for openapi-fetch only while no middleware (which may expect a
  // real one) is registered, here or later through `raw.use`.
  let middleware = false;
  const use = raw.use;
  raw.use = (...added) => {
    middleware ||= added.length > 0;
    use(...added);
  };
  for (const m of options.middleware ?? []) raw.use(m);

  const urlOf = (operation: OperationSpec) => redactor.url(baseUrl + operation.path);
  const session: SessionHooks | undefined =
    provider.auth.kind === "session"
      ? (features.session ?? noSession)({
          spec: provider.auth,
          name,
          operations: init.operations,
          apiKey: key,
          redactor,
          execute: (operation) => execute(operation, {}, {}),
          url: urlOf,
          tokens: options.sessionTokens,
        })
      : undefined;

  const cache = plugin(
    options.cache,
    "cache",
    "responseCache({ ttlMs })",
  )?.({
    baseUrl,
    envelope: features.envelope,
    payloadPath: (operation) => operation.payload ?? provider.envelope.payload,
    requestIdHeader,
    sessionOperation: provider.auth.kind === "session" ? provider.auth.operation : undefined,
    redactor,
    log,
  });

  /** Successes whose body holds a secret the client knows (see the end of `execute`). */
  const echoing = new WeakSet<ApiResult<unknown>>();
  /** The session's authenticate call: its payload is the token a caller asked for, so it is left as it is. */
  const authenticate = provider.auth.kind === "session" ? provider.auth.operation : undefined;

  async function execute(
    operation: OperationSpec,
    input: PageInput,
    callOptions: CallOptions,
    renewed = false,
  ): Promise<ApiResult<unknown>> {
    const { method, path } = operation;
    const { signal } = callOptions;
    const cacheKey = cache?.key(operation, input);
    if (cacheKey !== undefined && callOptions.cache !== false && !renewed) {
      const hit = await cache?.read(operation, cacheKey);
      if (hit) return hit;
    }
    let { body } = input;
    const headers = addHeaders(
      operation.bodyType === "form" ? { "Content-Type": "application/x-www-form-urlencoded" } : {},
      callOptions.headers,
    );
    const sendOptions: SendOptions = {
      idempotent: callOptions.idempotent ?? isIdempotent(operation, body),
      // A call's policy overrides the client's, field by field; a call may also turn retries on or off.
      retry: callOptions.retry === undefined ? clientRetry : resolveRetry(options.retry, callOptions.retry),
      timeoutMs: callOptions.timeoutMs === undefined ? timeoutMs : checkTimeout(callOptions.timeoutMs),
      signal,
      authorize,
      detachBody: true,
    };

    let token: string | undefined;
    if (session) {
      try {
        [body, token] = await session.sign(operation, body, headers, signal);
      } catch (error) {
        if (signal?.aborted) throw new AbortError({ method, url: urlOf(operation), cause: error });
        throw error;
      }
    }

    let requestUrl = baseUrl + path;
    const { response, error } = await raw.request(
      method.toLowerCase() as "get",
      path as never,
      {
        params: input.params,
        body,
        headers,
        parseAs: "stream",
        // Without middleware nothing needs a real `Request` before the transport builds one per attempt.
        ...(middleware ? {} : { Request: PlannedRequest }),
        fetch: (request: Request | PlannedRequest) => {
          requestUrl = request.url;
          assertRequiredHeaders(provider, request.headers, `${method} ${redactor.url(request.url)}`);
          return send(request, sendOptions);
        },
      } as never,
    );
    const { status, headers: responseHeaders } = response;
    const info = responseInfo.get(response);
    let bytes = info?.bytes;
    // A response a middleware made up has no info; openapi-fetch may have read its body already.
    if (!bytes) {
      try {
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch {
        bytes = new TextEncoder().encode(typeof error === "string" ? error : JSON.stringify(error ?? ""));
      }
    }
    const parsed = parseBody(bytes, responseHeaders.get("content-type"));
    const parsedBody = parsed.kind === "json" ? (features.coerce ?? keep)(parsed.value, operation.coerce) : undefined;
    const rawRequestId =
      (requestIdHeader && responseHeaders.get(requestIdHeader)) || responseHeaders.get("x-request-id");
    // A header echoed back by the server is still the server's text: scrub it like the body.
    const requestId = rawRequestId ? redactor.scrub(rawRequestId) : undefined;
    const attempts = info?.attempts ?? 1;
    const fail = (
      providerMessage: string | undefined,
      extra?: Partial<ApiErrorInit>,
      unexpected: unknown = true,
      ErrorClass: (new (init: ApiErrorInit) => Error) | undefined = undefined,
    ) => {
      const init: ApiErrorInit = {
        status,
        method,
        url: redactor.url(info?.finalUrl ?? requestUrl),
        headers: redactor.headers(responseHeaders),
        // Scrub before cutting: a cut through a secret would leave a piece no scrub recognises.
        body: parsed.kind === "text" ? redactor.scrub(parsed.text).slice(0, 2000) : redactor.value(parsedBody),
        requestId,
        attempts,
        outcomeUnknown: info?.outcomeUnknown ?? false,
        retryAfterMs: info?.retryAfterMs,
        hint: provider.errorHints?.[String(status)],
        // The provider may echo what it was sent (a token, a key) in its message: scrub it like the body.
        providerMessage: providerMessage === undefined ? undefined : redactor.scrub(providerMessage),
        ...extra,
      };
      if (ErrorClass) return new ErrorClass(init);
      return unexpected ? new UnexpectedResponseError(init) : createApiError(init);
    };

    if (status >= 300 && status < 400) {
      throw fail(
        `unexpected redirect${responseHeaders.get("location") ? " to another origin" : ""}; not followed, so credentials stay with the API host`,
      );
    }
    // A provider may echo what it was sent, credential included (Hatebase's `query` holds the key and the
    // token). Checked on the text (re-serialized when it has `\u` escapes, which could spell a secret), so a
    // body without a secret costs no deep copy; callers get the result redacted (`hinted`), while the session
    // reads a fresh token from the result as it is.
    const echoes =
      parsed.kind === "json" &&
      redactor.mentions(parsed.text.includes("\\u") ? JSON.stringify(parsedBody) : parsed.text);
    // The transport's response has no body (it was read into `bytes`): a readable one is built on first use,
    // from the scrubbed text when the body echoes a secret.
    let readable: Response | undefined;
    const result = (data: unknown, warnings: ProviderMessage[]): ApiResult<unknown> => ({
      data,
      get response() {
        readable ??= !info
          ? response
          : readableResponse(
              response,
              echoes && parsed.kind === "json" ? new TextEncoder().encode(redactor.scrub(parsed.text)) : bytes,
            );
        return readable;
      },
      requestId,
      warnings,
      body: parsedBody,
      attempts,
    });
    /**
     * True when a failure says the session token was refused (it is then dropped, even on the second try, so the
     * next call authenticates again) and this call may be sent once more with a fresh one.
     */
    const renew = async (code: string | undefined, messages: (string | undefined)[]): Promise<boolean> => {
      if (token === undefined || !session || !(await session.rejected(token, { status, code, messages })) || renewed)
        return false;
      log?.("info", `${method} ${redactor.url(requestUrl)}: session token rejected; authenticating again`);
      return true;
    };
    // No Content is a success with no payload, whatever the envelope.
    if (parsed.kind === "empty" && (status === 204 || status === 205)) return result(undefined, []);
    if (parsed.kind === "text") {
      if (!response.ok && (await renew(undefined, []))) return execute(operation, input, callOptions, true);
      // Whatever the status: not the API's JSON (a proxy's 502 page, a framework's 406) is an unexpected answer.
      throw fail(
        `the response body is ${parsed.reason === "html" ? "an HTML page (a proxy or gateway error?)" : "not valid JSON"}: ${JSON.stringify(bodyExcerpt(redactor.scrub(parsed.text)))}`,
      );
    }
    const payloadPath = operation.payload ?? provider.envelope.payload;
    const normalized = features.envelope({ status, body: parsedBody, payloadPath });
    if (!normalized.ok) {
      if (await renew(normalized.code, [normalized.message, ...normalized.validationMessages])) {
        return execute(operation, input, callOptions, true);
      }
      throw fail(
        normalized.message,
        {
          code: normalized.code === undefined ? undefined : redactor.scrub(normalized.code),
          validationMessages: normalized.validationMessages.map((m) => redactor.scrub(m)),
        },
        normalized.unexpected ?? false,
      );
    }
    // Every delete resolves to nothing; a success whose body says it failed (`success: false`) is an error.
    const deleted = method === "DELETE";
    if (deleted) {
      const failure = deleteFailure(parsedBody) ?? deleteFailure(normalized.payload);
      if (failure !== undefined) throw fail(failure, undefined, false, DeleteFailedError);
    }
    if (normalized.payload === undefined && operation.payloadRequired) {
      throw fail(`the response has no "${payloadPath}", which the spec requires`);
    }
    if (cacheKey !== undefined) await cache?.write(operation, cacheKey, response, parsedBody);
    const success = result(deleted ? undefined : normalized.payload, normalized.warnings);
    if (echoes) echoing.add(success);
    return success;
  }

  /**
   * `execute` as callers see it: a result never carries a secret the client holds, and an unknown outcome says
   * what to check before trying again.
   */
  const hinted = (operation: OperationSpec, input: PageInput, callOptions: CallOptions) =>
    execute(operation, input, callOptions).then(
      (result) => {
        // In place: the result is this call's own, and its `response` is built only when read.
        if (echoing.has(result)) {
          result.body = redactor.value(result.body);
          if (operation.id !== authenticate) result.data = redactor.value(result.data);
          result.warnings = redactor.value(result.warnings);
        }
        return result;
      },
      (error: unknown) => withOutcomeHint(error, operation),
    );

  return {
    raw,
    execute: hinted,
    call<T>(operation: OperationSpec, input: unknown = {}, callOptions: CallOptions = {}) {
      return new ApiPromise<T>(hinted(operation, input as PageInput, callOptions) as Promise<ApiResult<T>>);
    },
  };
}

const keep = (body: unknown) => body;

/**
 * An option that takes a value made by one of core's factories (`responseCache()`, `dailyQuota()`…): a plain
 * object (the shape of an older release) is refused with the call to make instead.
 */
function plugin<T>(value: T | undefined, name: string, make: string): T | undefined {
  if (value !== undefined && typeof value !== "function") {
    throw new ConfigurationError(`${name} takes ${make}, not a plain object`);
  }
  return value;
}

/** A {@link Limiter} option, or a `ConfigurationError` naming the factory that makes one. */
function limiterOption(value: Limiter | undefined, name: string, make: string): Limiter | undefined {
  if (value !== undefined && typeof (value as Partial<Limiter> | null)?.acquire !== "function") {
    throw new ConfigurationError(
      `${name} takes ${make}, not ${typeof value === "number" ? "a number" : "a plain object"}`,
    );
  }
  return value;
}
const noSession = (): never => {
  throw new ConfigurationError("session auth needs the sessionAuth feature");
};

/**
 * Builds the runtime of a generated client with every feature core has (all envelopes, coercion, session auth,
 * pagination): the openapi-fetch client on core's transport, plus `call` and `paginate`, which add
 * idempotency, session auth, envelope unwrapping and typed errors. Generated clients use the leaner
 * {@link createCoreRuntime}, which bundles only what their spec needs.
 */
export function createCoreClient<
  Paths extends {},
  Ops extends Record<string, OperationSpec> = Record<string, OperationSpec>,
>(init: CoreClientInit<Ops>): CoreClient<Paths> {
  const runtime = createCoreRuntime<Paths, Ops>({
    ...init,
    features: { envelope: envelopes[init.provider.envelope.kind], coerce, session: sessionAuth, rateLimiter },
  });
  return {
    raw: runtime.raw,
    call: runtime.call,
    paginate: <Item, Body = unknown>(operation: OperationSpec, input?: unknown, listOptions?: ListOptions) =>
      paginate<Item, Body>(runtime, operation, input, listOptions),
  };
}
