import type { Middleware } from "openapi-fetch";
import { ApiPromise, type ApiResult } from "./api-promise.js";
import { sessionAuth } from "./auth/session-auth.js";
import { sessionFailures } from "./auth/session-failure.js";
import { fillBaseUrl } from "./base-url-variables.js";
import { bodyExcerpt } from "./body-excerpt.js";
import type {
  CallOptions,
  ClientOptions,
  CoreClient,
  CoreClientInit,
  CoreFeatures,
  ListOptions,
} from "./client-options.js";
import { coerce } from "./coerce.js";
import { envelopes, type Normalized } from "./envelopes/index.js";
import { type ApiErrorInit, createApiError, UnexpectedResponseError } from "./errors/api-error.js";
import { assertDeleted } from "./errors/delete-failed-error.js";
import { ConfigurationError } from "./errors/request-errors.js";
import { nestInput } from "./flat-input.js";
import type { OperationSpec } from "./operation.js";
import { anyPages } from "./pagination/any-pages.js";
import type { PageInput } from "./pagination/page.js";
import { pageLimit } from "./pagination/page-limit.js";
import { paginate } from "./pagination/paginate.js";
import { parseBody } from "./parse-body.js";
import { planRequest } from "./planned-request.js";
import { type Limiter, rateLimiter } from "./rate-limiter.js";
import { type AnyCore, type CoreRuntime, isIdempotent, RUNTIME, type Runtime, rawClient } from "./raw-client.js";
import { Redactor } from "./redact.js";
import { assertRequiredHeaders } from "./required-headers.js";
import { RetryBudget } from "./retry-budget.js";
import { DEFAULT_RETRY, resolveRetry } from "./retry-policy.js";
import { assertHeaderName, assertHeaderValue, assertSecureBaseUrl, isBrowser, serializeBody } from "./safety.js";
import { createTransport, type FetchLike, readableResponse, responseInfo, type SendOptions } from "./transport.js";

/** A per-attempt timeout: a positive, finite number of milliseconds (an attempt must end by itself). */
function checkTimeout(ms: number): number {
  if (ms > 0 && ms < Number.POSITIVE_INFINITY) return ms;
  throw new ConfigurationError(`timeoutMs must be a positive, finite number of ms; got ${ms}`);
}

/** Checks headers for CR/LF and invalid names, and copies them onto `target`. */
function addHeaders(target: Record<string, string>, source?: Record<string, string>): Record<string, string> {
  for (const name in source) {
    assertHeaderName(name);
    target[name] = assertHeaderValue(`header ${name}`, source[name]);
  }
  return target;
}

/**
 * An option that takes a value made by one of core's factories (`responseCache()`, `rateLimiter()`…): anything
 * else (a plain object, the shape of an older release) is refused, naming the factory.
 */
function made<T>(value: T, name: string, factory: string, method?: string): T {
  if (
    value !== undefined &&
    typeof (method ? (value as { [key: string]: unknown } | null)?.[method] : value) !== "function"
  ) {
    throw new ConfigurationError(`${name} takes ${factory}(…)`);
  }
  return value;
}

/** The unwrapped payload and everything around it; the raw response is built only when read. */
class Result implements ApiResult<unknown> {
  declare data: unknown;
  declare requestId: string | undefined;
  declare warnings: ApiResult<unknown>["warnings"];
  declare body: unknown;
  declare attempts: number;
  /** The transport's response and its body's text (a middleware's own response alone); private, never logged. */
  #source: Response | [Response, string];
  #response: Response | undefined;

  constructor(
    data: unknown,
    requestId: string | undefined,
    warnings: ApiResult<unknown>["warnings"],
    body: unknown,
    attempts: number,
    source: Response | [Response, string],
  ) {
    // Plain stores, no object to copy from: this runs on every successful call.
    this.data = data;
    this.requestId = requestId;
    this.warnings = warnings;
    this.body = body;
    this.attempts = attempts;
    this.#source = source;
  }

  get response(): Response {
    const source = this.#source;
    this.#response ??= Array.isArray(source) ? readableResponse(...source) : source;
    return this.#response;
  }

  /** Sets the text the raw response's body is built from (the body, redacted). @internal */
  redactText(text: string): void {
    if (Array.isArray(this.#source)) this.#source[1] = text;
  }
}

/**
 * Builds the runtime of a generated client from exactly the features its spec needs: a transport, and `execute`,
 * which plans each request, adds idempotency, auth, envelope unwrapping and typed errors. Generated functions
 * reach it through {@link call} and {@link paginate}; `rawClient` puts openapi-fetch on it; {@link createCoreClient}
 * is the same with every feature included.
 */
export function createCoreRuntime<Paths extends object>(
  init: CoreClientInit<Record<string, OperationSpec>> & {
    /** The parts of core the spec needs. */
    features: CoreFeatures;
  },
): CoreRuntime<Paths> {
  const { provider, options, features, operations } = init;
  const { apiKey, rateLimit } = options;
  const { name, requestIdHeader, auth } = provider;
  if (apiKey !== undefined && isBrowser() && !options.dangerouslyAllowBrowser) {
    throw new ConfigurationError(
      `${name}: refusing a key in a browser, where anyone can read it. Call the API from a server, or pass dangerouslyAllowBrowser: true.`,
    );
  }
  if (typeof apiKey === "string") assertHeaderValue("apiKey", apiKey);

  const baseUrl = assertSecureBaseUrl(
    features.baseUrlVariables?.(provider, options.baseUrl, init.serverVariables) ?? options.baseUrl ?? provider.baseUrl,
    options.allowInsecureHttp,
  ).href.replace(/\/$/, "");

  const redactor = new Redactor(requestIdHeader);
  redactor.addSecret(apiKey as string);
  const log = made(options.logger, "logger", "createLogger")?.((text) => redactor.scrub(text));
  const key =
    apiKey &&
    (async () => {
      const value = typeof apiKey === "function" ? await apiKey() : apiKey;
      redactor.addSecret(value);
      // The rule a static key meets at construction, wherever the key travels (a header, or the body of
      // a session's authenticate call).
      return assertHeaderValue("apiKey", value);
    });

  const headers: Record<string, string> = { ...provider.defaultHeaders };
  for (const option in init.headerValues) {
    const value = init.headerValues[option];
    if (value !== undefined) headers[provider.headerOptions?.[option] as string] = assertHeaderValue(option, value);
  }
  const required = features.requiredHeaders;
  required?.(provider, options.headers, "the headers option");
  addHeaders(headers, options.headers);

  const retry = resolveRetry(options.retry);
  // The budget exists even when the client retries nothing, for calls that turn retries on.
  const { budget } = retry || DEFAULT_RETRY;
  const send = createTransport({
    fetch: (options.fetch ?? ((request: Request) => fetch(request))) as FetchLike,
    limiters: [
      made(options.maxConcurrency, "maxConcurrency", "concurrencyLimit", "acquire"),
      rateLimit === false
        ? undefined
        : rateLimit
          ? made(rateLimit, "rateLimit", "rateLimiter", "acquire")
          : provider.rateLimit && features.rateLimiter?.(provider.rateLimit),
    ].filter(Boolean) as Limiter[],
    budget: budget ? new RetryBudget(budget.capacity, budget.successRefund) : undefined,
    quota: made(options.quota, "quota", "dailyQuota"),
    // A static key was checked above; a key function is called (and its key checked) per attempt.
    authorize:
      key && auth.kind === "bearer"
        ? typeof apiKey === "string"
          ? (headers) => headers.set("Authorization", `Bearer ${apiKey}`)
          : async (headers) => headers.set("Authorization", `Bearer ${await key()}`)
        : undefined,
    redactor,
    log,
  });
  const timeoutMs = checkTimeout(options.timeoutMs ?? 60_000);

  const runtime: Runtime = {
    execute,
    prepare,
    baseUrl,
    headers,
    operations,
    // A request as it finally is (middleware may have touched it) must keep the headers the provider requires.
    send: (request, sendOptions) => {
      required?.(provider, request.headers, () => `${request.method} ${redactor.url(request.url)}`);
      return send(request, sendOptions);
    },
    retry,
    timeoutMs,
    form: features.form,
    provider,
    redactor,
    log,
    tokens: options.sessionTokens,
    envelope: features.envelope,
  };
  // Features that wrap every call: session auth inside, the cache outside (a stored answer needs no token).
  if (auth.kind === "session") {
    if (!features.session) throw new ConfigurationError("session auth needs features.session");
    runtime.execute = features.session(runtime, key || undefined)(runtime.execute);
  }
  const cache = made(options.cache, "cache", "responseCache");
  if (cache) runtime.execute = cache(runtime)(runtime.execute);

  /** The provider's request or trace id: a header the server echoes is still the server's text, scrubbed. */
  const requestIdOf = (headers: Headers) => {
    const id = (requestIdHeader && headers.get(requestIdHeader)) || headers.get("x-request-id");
    return id ? redactor.scrub(id) : undefined;
  };

  /**
   * A call's own headers (checked for CR/LF and names) and its transport options (its retry policy and timeout
   * checked): what is wrong is refused here, before anything is sent. Features that wrap calls check first too.
   */
  function prepare(
    operation: OperationSpec,
    body: unknown,
    callOptions: CallOptions,
  ): [Record<string, string> | undefined, SendOptions] {
    const { bodyType } = operation;
    return [
      bodyType === "form" || callOptions.headers
        ? addHeaders(
            bodyType === "form" ? { "Content-Type": "application/x-www-form-urlencoded" } : {},
            callOptions.headers,
          )
        : undefined,
      {
        idempotent: callOptions.idempotent ?? isIdempotent(operation, body),
        // A call's policy overrides the client's, field by field; a call may also turn retries on or off.
        retry: callOptions.retry === undefined ? retry : resolveRetry(options.retry, callOptions.retry),
        timeoutMs: callOptions.timeoutMs === undefined ? timeoutMs : checkTimeout(callOptions.timeoutMs),
        signal: callOptions.signal,
      },
    ];
  }

  /**
   * Runs one operation to its full result. Callers get the result with every secret the client holds redacted,
   * and an unknown outcome told what to check before trying again; core's own calls (`internal`: the session's
   * authenticate call) get the result as it came (its token). An error that is the API's answer carries the
   * failure it stands for (see `sessionFailures`), which session auth reads.
   */
  async function execute(
    operation: OperationSpec,
    input: PageInput,
    callOptions: CallOptions,
    internal?: boolean,
  ): Promise<ApiResult<unknown>> {
    const { method } = operation;
    try {
      const [callHeaders, sendOptions] = prepare(operation, input.body, callOptions);

      // The request is planned here, as openapi-fetch would build it; once middleware is registered (through
      // `rawClient(client).use`), it goes through openapi-fetch instead, so the middleware applies.
      const response = await (runtime.via
        ? runtime.via(operation, input, callHeaders, sendOptions)
        : runtime.send(planRequest(baseUrl, operation, input, [headers, callHeaders], features.form), sendOptions));
      const { status, headers: responseHeaders } = response;
      const info = responseInfo.get(response);
      const text = info?.text ?? "";
      const parsed = parseBody(text, responseHeaders.get("content-type"));
      const json =
        parsed.kind === "json" ? (features.coerce?.(parsed.value, operation.coerce) ?? parsed.value) : undefined;
      /** What an error about this response is built from; the provider's own words are scrubbed like the body. */
      const errorInit = (providerMessage?: string, extra?: Partial<ApiErrorInit>): ApiErrorInit => ({
        status,
        method,
        url: redactor.url(info?.finalUrl ?? baseUrl + operation.path),
        headers: redactor.headers(responseHeaders),
        // Scrub before cutting: a cut through a secret would leave a piece no scrub recognises.
        body: json === undefined && text ? redactor.scrub(text).slice(0, 2000) : redactor.value(json),
        requestId: requestIdOf(responseHeaders),
        attempts: info?.attempts,
        outcomeUnknown: info?.outcomeUnknown,
        retryAfterMs: info?.retryAfterMs,
        hint: provider.errorHints?.[status],
        // The provider's own words (its message, code and validation messages), scrubbed.
        ...redactor.value({ providerMessage, ...extra }),
      });
      const unexpected = (message: string) => new UnexpectedResponseError(errorInit(message));

      if (status >= 300 && status < 400) {
        throw unexpected(
          `unexpected redirect${responseHeaders.get("location") ? " to another origin" : ""}; not followed, so credentials stay with the API host`,
        );
      }
      // No Content is a success with no payload, whatever the envelope.
      const empty = parsed.kind === "empty" && (status === 204 || status === 205);
      const payloadPath = operation.payload ?? provider.envelope.payload;
      const normalized: Normalized = empty
        ? { ok: true, payload: undefined, warnings: [] }
        : parsed.kind === "text"
          ? { ok: false, validationMessages: [], warnings: [] }
          : features.envelope({ status, body: json, payloadPath });
      if (!normalized.ok) {
        // Whatever the status: not the API's JSON (a proxy's 502 page, a framework's 406) is an unexpected answer.
        const error =
          parsed.kind === "text"
            ? unexpected(
                `the response body is ${parsed.reason === "html" ? "an HTML page (a proxy or gateway error?)" : "not valid JSON"}: ${JSON.stringify(bodyExcerpt(redactor.scrub(text)))}`,
              )
            : (normalized.unexpected ? (init: ApiErrorInit) => new UnexpectedResponseError(init) : createApiError)(
                errorInit(normalized.message, {
                  code: normalized.code,
                  validationMessages: normalized.validationMessages,
                }),
              );
        // The API's answer (not a 2xx that is no JSON): what session auth reads to tell a refused token.
        if (parsed.kind !== "text" || !response.ok) {
          sessionFailures().set(error, {
            status,
            code: normalized.code,
            messages: [normalized.message, ...normalized.validationMessages],
          });
        }
        throw error;
      }
      // Every delete resolves to nothing; a success whose body says it failed (`success: false`) is an error.
      const deleted = method === "DELETE";
      if (deleted) features.deletes?.(errorInit, json, normalized.payload);
      if (normalized.payload === undefined && operation.payloadRequired && !empty) {
        throw unexpected(`the response has no "${payloadPath}", which the spec requires`);
      }
      const result = new Result(
        deleted ? undefined : normalized.payload,
        requestIdOf(responseHeaders),
        normalized.warnings,
        json,
        info?.attempts ?? 1,
        info?.finalUrl ? [response, text] : response,
      );
      // A provider may echo what it was sent, credential included (Hatebase's `query` holds the key and the
      // token). Checked on the text (re-serialized when it has `\u` escapes, which could spell a secret), so a
      // body without a secret costs no deep copy; callers get the result redacted, in place (it is this call's
      // own, and its `response` is built only when read), while the session reads its token as it came.
      if (!internal && redactor.mentions(text.includes("\\u") ? JSON.stringify(json) : text)) {
        result.body = redactor.value(json);
        // The authenticate call's payload is the token a caller asked for.
        if (auth.kind !== "session" || operation.id !== auth.operation) result.data = redactor.value(result.data);
        result.warnings = redactor.value(result.warnings);
        result.redactText(redactor.scrub(text));
      }
      return result;
    } catch (error) {
      const hint = operation.outcomeUnknownHint;
      if (hint && !internal && (error as { outcomeUnknown?: boolean })?.outcomeUnknown === true) {
        (error as Error).message += ` ${hint}`;
      }
      throw error;
    }
  }

  return { [RUNTIME]: runtime };
}

/**
 * Runs a generated method: nests its flat input as the spec places the fields, runs the operation and unwraps
 * its payload. Each generated operation function calls it, so an operation a bundle never calls is dropped.
 */
export function call<T>(
  client: AnyCore,
  operation: OperationSpec,
  input?: unknown,
  options: CallOptions = {},
): ApiPromise<T> {
  return new ApiPromise<T>(
    client[RUNTIME].execute(operation, nestInput(operation, input), options) as Promise<ApiResult<T>>,
  );
}

/**
 * Makes a generated operation function: it takes the client (or its core) and the flat input, and resolves to the
 * unwrapped payload. Generated code marks the call pure, so a bundle drops the functions it never calls.
 */
export const callOperation =
  <T>(operations: Record<string, OperationSpec>, id: string) =>
  (client: AnyCore, input?: unknown, options?: CallOptions): ApiPromise<T> =>
    call<T>(client, operations[id] as OperationSpec, input, options);

/**
 * A client: its core with a method per operation function (`client.getServer(input)` is
 * `getServer(core, input)`).
 */
export function withMethods<Client, Core extends AnyCore>(
  core: Core,
  functions: Record<string, (core: Core, input: never, options: never) => unknown>,
): Client {
  const client = { ...core } as Record<string, unknown>;
  for (const name in functions) {
    client[name] = (input: never, options: never) => functions[name]?.(core, input, options);
  }
  return client as Client;
}

/**
 * Builds a client with every feature core has (all envelopes, coercion, session auth, form bodies, required
 * headers, base URL variables, deletes), its raw client, and `call` and `paginate` on openapi-fetch's nested
 * input. Generated clients use the leaner {@link createCoreRuntime}, which bundles only what their spec needs.
 */
export function createCoreClient<
  Paths extends object,
  Ops extends Record<string, OperationSpec> = Record<string, OperationSpec>,
>(
  init: CoreClientInit<Ops> & {
    /** The client options, and openapi-fetch middleware for the raw client and the operations alike. */
    options: ClientOptions & {
      /** Registered with `rawClient(client).use`. */
      middleware?: Middleware[];
    };
  },
): CoreClient<Paths> {
  const runtime = createCoreRuntime<Paths>({
    ...init,
    features: {
      envelope: envelopes[init.provider.envelope.kind],
      coerce,
      session: sessionAuth,
      rateLimiter,
      form: serializeBody,
      requiredHeaders: assertRequiredHeaders,
      baseUrlVariables: fillBaseUrl,
      deletes: assertDeleted,
    },
  });
  const raw = rawClient(runtime);
  if (init.options.middleware?.length) raw.use(...init.options.middleware);
  return {
    ...runtime,
    raw,
    call: <T>(operation: OperationSpec, input: unknown = {}, callOptions: CallOptions = {}) =>
      new ApiPromise<T>(runtime[RUNTIME].execute(operation, input as PageInput, callOptions) as Promise<ApiResult<T>>),
    paginate: <Item, Body = unknown>(operation: OperationSpec, input?: unknown, listOptions?: ListOptions) =>
      paginate<Item, Body>(runtime, operation, input as PageInput, listOptions, anyPages, pageLimit),
  };
}
