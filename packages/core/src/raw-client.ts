import createFetchClient, { type Client, type Middleware } from "openapi-fetch";
import type { SessionTokens } from "./auth/session-token.js";
import type { CallOptions } from "./client-options.js";
import type { EnvelopeNormalizer } from "./envelopes/envelope.js";
import type { LogFn } from "./logger.js";
import type { OperationSpec, ProviderSpec } from "./operation.js";
import type { PageInput } from "./pagination/page.js";
import type { PlannedRequest } from "./planned-request.js";
import type { Redactor } from "./redact.js";
import type { RetryState } from "./retry-policy.js";
import { serializeJson, serializePath } from "./safety.js";
import { type ResponseInfo, readableResponse, responseInfo, type SendOptions, withInfo } from "./transport.js";

/** The key of a client's runtime on the client object. @internal */
export const RUNTIME = Symbol("hatchery.runtime");

/** Sends an operation's nested input through openapi-fetch (once middleware is registered). @internal */
export type Via = (
  operation: OperationSpec,
  input: PageInput,
  headers: Record<string, string> | undefined,
  options: SendOptions,
) => Promise<Response>;

/**
 * Runs one operation to its full result, from openapi-fetch's nested input. `internal` marks a call core makes for
 * itself (the session's authenticate call), whose result is not redacted. @internal
 */
export type Execute = (
  operation: OperationSpec,
  input: PageInput,
  options: CallOptions,
  internal?: boolean,
) => Promise<import("./api-promise.js").ApiResult<unknown>>;

/**
 * A feature that wraps every call of a client (session auth, the response cache): given the runtime once, it
 * returns what turns the runtime's `execute` into its own, which calls the one it wraps. @internal
 */
export type CallWrapper = (
  runtime: Runtime,
  /** The client's key (a key function's, checked), for a wrapper that signs calls; never kept on the runtime. */
  key?: () => Promise<string>,
) => (next: Execute) => Execute;

/**
 * What a client's runtime shares with {@link rawClient}, the generated methods and the features that wrap its
 * calls. @internal
 */
export interface Runtime {
  /** Runs one operation to its full result (through every feature that wraps calls). */
  execute: Execute;
  /**
   * A call's own headers and transport options, checked (a ConfigurationError for a bad header, retry policy
   * or timeout): a feature that wraps calls runs it before it does anything, so a bad call sends nothing.
   */
  prepare(
    operation: OperationSpec,
    body: unknown,
    options: CallOptions,
  ): [Record<string, string> | undefined, SendOptions];
  /** The base URL, without a trailing slash. */
  baseUrl: string;
  /** Headers on every request. */
  headers: Record<string, string>;
  /** The operation table. */
  operations: Record<string, OperationSpec>;
  /** Sends a request through the transport, once its required headers are checked. */
  send(request: Request | PlannedRequest, options: SendOptions): Promise<Response>;
  /** The client's retry policy. */
  retry: RetryState | false;
  /** The client's per-attempt timeout. */
  timeoutMs: number;
  /** The form serializer, when the spec has form bodies. */
  form?: ((body: unknown, headers: Headers) => string) | undefined;
  /** Set once middleware is registered: generated calls then go through openapi-fetch, so it applies to them. */
  via?: Via | undefined;
  /** The raw client, once made. */
  raw?: Client<object> | undefined;
  /** The provider, as its spec describes it. */
  provider: ProviderSpec;
  /** Learns and scrubs every secret of the client. */
  redactor: Redactor;
  /** The client's logger, if any. */
  log?: LogFn | undefined;
  /** The `sessionTokens` option. */
  tokens?: SessionTokens | undefined;
  /** Reads a body as the provider's envelope. */
  envelope: EnvelopeNormalizer;
}

/** Any client or core, whatever its spec's paths: what the operation functions and `rawClient` take. */
export interface AnyCore {
  /** The client's machinery. @internal */
  readonly [RUNTIME]: Runtime;
}

/** A client made by a generated `create…Client` (or `create…Core`), typed by its spec's `paths`. */
export interface CoreRuntime<Paths extends object> extends AnyCore {
  /** The spec's paths, for the types of {@link rawClient}. @internal */
  readonly "~paths"?: Paths;
}

/** Whether an operation is idempotent for this body: keyed upserts are only when a key field has a value. @internal */
export const isIdempotent = ({ idempotentWhenBodyHas: keys, idempotent }: OperationSpec, body: unknown): boolean =>
  keys
    ? keys.some((key) => String((body as Record<string, unknown> | undefined)?.[key] ?? "").trim() !== "")
    : idempotent;

/**
 * The raw typed openapi-fetch client of `client`, on the same transport (auth, retries, timeouts, throttling,
 * redaction): an escape hatch for anything the generated methods do not cover. It returns openapi-fetch's
 * `{ data, error, response }`. Imported only by apps that use it, so it costs the others nothing.
 *
 * Middleware registered with its `use` applies to the generated methods too (they then go through openapi-fetch).
 * When a raw request's method and path are those of a spec operation, that operation's idempotency rule decides
 * its retries (a POST to an upsert keyed by email is retried like the generated method); otherwise the method's.
 * @example
 * const raw = rawClient(hosthatch);
 * const { data, error } = await raw.GET("/api/v1/servers/{server}", { params: { path: { server: 42 } } });
 */
export function rawClient<Paths extends object>(client: CoreRuntime<Paths>): Client<Paths> {
  const runtime = client[RUNTIME];
  runtime.raw ??= makeRaw(runtime);
  return runtime.raw as Client<Paths>;
}

function makeRaw(runtime: Runtime): Client<object> {
  const { baseUrl, operations } = runtime;
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, "");
  // Each operation's path segments, split once.
  const routes = Object.values(operations).map((operation) => ({
    operation,
    segments: (basePath + operation.path).split("/"),
  }));
  /** The spec operation a raw request is, by method and path (`{param}` matches one segment). */
  const operationOf = (request: Request) => {
    const path = new URL(request.url).pathname.replace(/\/$/, "").split("/");
    return routes.find(
      ({ operation, segments }) =>
        operation.method === request.method &&
        segments.length === path.length &&
        segments.every((s, i) => (s[0] === "{" ? path[i] : s === path[i])),
    )?.operation;
  };
  async function idempotent(request: Request): Promise<boolean> {
    const operation = operationOf(request);
    if (!operation?.idempotentWhenBodyHas) {
      return operation ? operation.idempotent : request.method !== "POST" && request.method !== "PATCH";
    }
    try {
      const text = await request.clone().text();
      return isIdempotent(
        operation,
        /form-urlencoded/.test(request.headers.get("content-type") ?? "")
          ? Object.fromEntries(new URLSearchParams(text))
          : JSON.parse(text),
      );
    } catch {
      return false;
    }
  }
  /** Sends through the transport and gives openapi-fetch a response it can read (a failure's body as text). */
  const send = async (request: Request, options: SendOptions | undefined, generated: boolean) => {
    const response = await runtime.send(
      request,
      options ?? {
        idempotent: await idempotent(request),
        retry: runtime.retry,
        timeoutMs: runtime.timeoutMs,
        // The raw client takes a `signal` per call, which openapi-fetch puts on the request.
        signal: request.signal,
      },
    );
    const info = responseInfo.get(response);
    // A generated call reads the body from the info: openapi-fetch gets a success as it is (it reads nothing of
    // it) and a failure without a body (it reads a failure's text); a raw call gets the body.
    return withInfo(
      !generated ? readableResponse(response, info?.text ?? "") : response.ok ? response : new Response(null, response),
      info,
    );
  };
  const raw = createFetchClient<object>({
    baseUrl,
    headers: runtime.headers,
    pathSerializer: serializePath,
    bodySerializer: (body: unknown, headers?: Headers | Record<string, unknown>) =>
      runtime.form && headers instanceof Headers ? runtime.form(body, headers) : serializeJson(body),
    fetch: (request: Request) => send(request, undefined, false),
  });
  const use = raw.use;
  raw.use = (...middleware: Middleware[]) => {
    use(...middleware);
    // Generated calls go through openapi-fetch from now on, so middleware applies to them too.
    runtime.via ??= async (operation, { params, body }, headers, options) => {
      const { response, error } = await raw.request(
        operation.method.toLowerCase() as "get",
        operation.path as never,
        {
          params,
          body,
          headers,
          parseAs: "stream",
          fetch: (request: Request) => send(request, options, true),
        } as never,
      );
      // A response a middleware made up did not come through the transport: its body is read here, or, when
      // openapi-fetch read it already (a failure), taken from what it read.
      return responseInfo.get(response)
        ? response
        : withInfo(response, {
            text: response.bodyUsed
              ? typeof error === "string"
                ? error
                : JSON.stringify(error ?? "")
              : await response.text(),
          } as ResponseInfo);
    };
  };
  return raw;
}
