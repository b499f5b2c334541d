import { delay, MAX_TIMER_MS } from "./delay.js";
import { AbortError, ConnectionError, InvalidArgumentError, TimeoutError } from "./errors/request-errors.js";
import type { LogFn } from "./logger.js";
import { onAbort } from "./on-abort.js";
import { PlannedRequest } from "./planned-request.js";
import type { Quota } from "./quota.js";
import type { Limiter } from "./rate-limiter.js";
import type { Redactor } from "./redact.js";
import type { RetryBudget } from "./retry-budget.js";
import { decideRetry } from "./retry-decision.js";
import type { AttemptFailure, RetryState } from "./retry-policy.js";

/** The `fetch` signature the client needs: real `fetch`, or a fake's `(request) => Promise<Response>`. */
export type FetchLike = (input: Request) => Promise<Response>;

/** Per-call instructions for the transport. */
export interface SendOptions {
  /** Whether repeating the request is harmless. */
  idempotent: boolean;
  /** The resolved retry policy, or `false` for none. */
  retry: RetryState | false;
  /** Per-attempt timeout covering headers and body. */
  timeoutMs: number;
  /** The caller's signal. */
  signal?: AbortSignal | undefined;
  /** Adds credentials to each attempt's headers (called per attempt, so rotating keys work). */
  authorize?: ((headers: Headers) => void | Promise<void>) | undefined;
  /**
   * The caller reads the body from {@link responseInfo}: the returned response carries the status and headers
   * only, and the caller builds one with the body when somebody asks for it.
   */
  detachBody?: boolean | undefined;
}

/** What the transport learned while sending, kept beside the (buffered) response it returns. */
export interface ResponseInfo {
  /** Attempts made. */
  attempts: number;
  /** The request may have taken effect; it was not retried (non-idempotent, ambiguous failure). */
  outcomeUnknown: boolean;
  /** Wait the server asked for, when it did. */
  retryAfterMs?: number | undefined;
  /** The body, fully read. */
  bytes: Uint8Array<ArrayBuffer>;
  /** The URL of the final attempt (after same-origin redirects), unredacted. */
  finalUrl: string;
}

/** Shared, per-client parts of the transport. */
export interface TransportOptions {
  /** The `fetch` that sends each attempt. */
  fetch: FetchLike;
  /** Limiters each attempt waits for, in order (a concurrency cap, then a rate limit). */
  limiters?: readonly Limiter[];
  /** The retry budget shared by the client's calls, if any. */
  budget: RetryBudget | undefined;
  /** The daily quota guard, if any. */
  quota?: Quota | undefined;
  /** Scrubs credentials from URLs, headers and log lines. */
  redactor: Redactor;
  /** Where attempts, retries and failures are logged, if anywhere. */
  log?: LogFn | undefined;
  /**
   * Same-origin redirects followed per attempt. Redirects to another origin are never followed, so
   * credentials never travel to a host they were not meant for.
   * @default 5
   */
  maxRedirects?: number;
}

const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

const INFO = Symbol("hatchery.responseInfo");

/**
 * Reads `ResponseInfo` for a response the transport returned. Kept on the response under a private symbol (not
 * in a `WeakMap`, whose entries cost every garbage collection a little).
 */
export const responseInfo = {
  /** What the transport learned while sending `response`, or `undefined` for a response it did not return. */
  get: (response: Response): ResponseInfo | undefined => (response as { [INFO]?: ResponseInfo })[INFO],
  /** Attaches `info` to `response` (not enumerable, so it never shows when the response is logged). */
  set(response: Response, info: ResponseInfo): void {
    Object.defineProperty(response, INFO, { value: info, configurable: true });
  },
};

class AttemptTimeout extends Error {}

/** A status line no `Response` can carry (a server or proxy said `999`): a broken answer, not an HTTP status. */
class InvalidStatus extends Error {}

/**
 * Creates the `fetch` wrapper that openapi-fetch is given. Per call: throttle and quota, then an attempt loop
 * with a per-attempt timeout over headers *and* body combined with the caller's signal; retries by policy,
 * idempotency, `Retry-After` and budget; abortable backoff. Every call settles.
 */
export function createTransport(shared: TransportOptions) {
  const maxRedirects = shared.maxRedirects ?? 5;

  return async function send(request: Request | PlannedRequest, options: SendOptions): Promise<Response> {
    const method = request.method.toUpperCase();
    const safeUrl = () => shared.redactor.url(request.url);
    const body =
      request instanceof PlannedRequest
        ? request.body
        : request.body
          ? new Uint8Array(await request.arrayBuffer())
          : undefined;
    const caller = options.signal;
    const aborted = (cause?: unknown) => new AbortError({ method, url: safeUrl(), cause });

    for (let retry = 0; ; retry++) {
      if (caller?.aborted) throw aborted(caller.reason);
      const attempt = retry + 1;
      const releases: (() => void)[] = [];
      const release = () => {
        for (const r of releases.splice(0)) r();
      };
      try {
        for (const limiter of shared.limiters ?? []) releases.push(await limiter.acquire(caller));
      } catch (error) {
        release();
        // A limiter rejects when the caller aborts; any other failure (a shared store down) is its own, typed error.
        throw caller?.aborted ? aborted(error) : error;
      }
      let response: Response | undefined;
      let bytes: Uint8Array<ArrayBuffer> | undefined;
      let failure: AttemptFailure | undefined;
      let failureCause: unknown;
      let finalUrl = request.url;
      let started = Date.now();
      try {
        // The quota store and the credential are the caller's machinery, not the network: their errors
        // propagate as they are, never classified as a connection failure (and so never retried).
        await shared.quota?.(method, safeUrl);
        const headers = new Headers(request.headers);
        await options.authorize?.(headers);
        // The caller may have aborted while the quota store or the key function ran: send nothing then.
        if (caller?.aborted) throw aborted(caller.reason);
        started = Date.now();
        try {
          const result = await attemptOnce(shared.fetch, request.url, method, headers, body, options, maxRedirects);
          response = result.response;
          bytes = result.bytes;
          finalUrl = result.url;
        } catch (error) {
          if (caller?.aborted) throw aborted(caller.reason);
          if (error instanceof InvalidArgumentError) throw error;
          failure = error instanceof AttemptTimeout ? "timeout" : classifyFailure(error);
          failureCause = error instanceof AttemptTimeout ? undefined : error;
        }
      } finally {
        release();
      }

      const elapsed = Date.now() - started;
      const decision = decideRetry(
        {
          retry,
          method,
          idempotent: options.idempotent,
          ...(response ? { status: response.status, headers: response.headers } : {}),
          ...(failure ? { failure } : {}),
        },
        options.retry,
      );
      // Built only when it is logged: redacting the URL and the headers costs more than the rest of a call.
      if (shared.log && (shared.log.enabled?.("debug") ?? true)) {
        shared.log(
          "debug",
          `${method} ${safeUrl()} -> ${response ? response.status : failure} in ${elapsed} ms (attempt ${attempt})`,
          {
            method,
            url: safeUrl(),
            status: response?.status,
            durationMs: elapsed,
            attempt,
            // Allowlisted names only: every other header value is redacted.
            ...(response ? { headers: shared.redactor.headers(response.headers) } : {}),
          },
        );
      }

      if (decision.retry && shared.budget && !shared.budget.trySpend()) {
        shared.log?.("warn", `${method} ${safeUrl()}: retry budget exhausted; not retrying`);
      } else if (decision.retry) {
        shared.log?.("info", `${method} ${safeUrl()}: retrying in ${decision.delayMs} ms (attempt ${attempt + 1})`);
        try {
          await delay(decision.delayMs, caller);
        } catch (error) {
          throw aborted(error);
        }
        continue;
      }

      if (response && bytes) {
        if (response.status < 500 && response.status !== 429) shared.budget?.recordSuccess();
        // Detached: the response as it came, its body read (openapi-fetch only touches the body of a success,
        // and only as the stream it was told to parse as), or for a failure, which openapi-fetch reads as text,
        // a copy without a body.
        const buffered = !options.detachBody
          ? readableResponse(response, bytes)
          : response.ok
            ? response
            : new Response(null, {
                status: response.status,
                statusText: response.statusText,
                headers: response.headers,
              });
        responseInfo.set(buffered, {
          attempts: attempt,
          outcomeUnknown: !decision.retry && decision.outcomeUnknown,
          retryAfterMs: decision.retry ? undefined : decision.retryAfterMs,
          bytes,
          finalUrl,
        });
        return buffered;
      }
      const init = {
        method,
        url: safeUrl(),
        attempts: attempt,
        outcomeUnknown: !decision.retry && decision.outcomeUnknown,
        cause: failureCause,
      };
      shared.log?.("warn", `${method} ${safeUrl()}: ${failure} after ${attempt} attempt(s)`);
      if (failure === "timeout") throw new TimeoutError({ ...init, timeoutMs: options.timeoutMs });
      throw new ConnectionError({
        ...init,
        reason: failure === "refused" ? "nothing was sent" : describeCause(failureCause),
      });
    }
  };
}

/** A response with `response`'s status and headers and `bytes` as its (readable) body. */
export function readableResponse(response: Response, bytes: Uint8Array<ArrayBuffer>): Response {
  return new Response(NULL_BODY_STATUS.has(response.status) ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

async function attemptOnce(
  fetchImpl: FetchLike,
  url: string,
  method: string,
  headers: Headers,
  body: string | Uint8Array<ArrayBuffer> | undefined,
  options: SendOptions,
  maxRedirects: number,
): Promise<{ response: Response; bytes: Uint8Array<ArrayBuffer>; url: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new AttemptTimeout()), Math.min(options.timeoutMs, MAX_TIMER_MS));
  const caller = options.signal;
  const unsubscribe = caller && onAbort(caller, () => controller.abort(caller.reason));
  // Node's fetch (undici 6) follows a Request's signal through a weak reference: once the Request is garbage
  // collected, aborting `controller` (a timeout, the caller) no longer stops the fetch, and its socket stays
  // busy until the body ends or the next GC. So every Request of the attempt stays reachable until it ends.
  const sent: Request[] = [];
  try {
    let currentUrl = url;
    let currentMethod = method;
    let currentBody = body;
    for (let hop = 0; ; hop++) {
      let request: Request;
      try {
        request = new Request(currentUrl, {
          method: currentMethod,
          headers,
          body: currentBody,
          signal: controller.signal,
          redirect: "manual",
        });
      } catch (error) {
        // Not a network failure: the request itself cannot be built (a forbidden method, say).
        throw new InvalidArgumentError(`${currentMethod} ${currentUrl}: the request cannot be sent (${String(error)})`);
      }
      sent.push(request);
      const response = await untilAborted(fetchImpl(request), controller.signal);
      if (!(response.status >= 200 && response.status <= 599)) {
        // `new Response` refuses such a status, so it could not be buffered; and whether the server acted is
        // unknown, so it is an ambiguous failure like a broken connection (retried only when idempotent).
        await response.body?.cancel().catch(() => {});
        throw new InvalidStatus(`the server answered with an invalid HTTP status ${response.status}`);
      }
      const next =
        response.status >= 300 && response.status < 400 && hop < maxRedirects
          ? sameOrigin(response, currentUrl)
          : undefined;
      if (next) {
        await response.body?.cancel().catch(() => {});
        if (
          response.status === 303 ||
          ((response.status === 301 || response.status === 302) && currentMethod === "POST")
        ) {
          currentMethod = "GET";
          currentBody = undefined;
          headers.delete("content-type");
        }
        currentUrl = next;
        continue;
      }
      const read = response.arrayBuffer();
      const bytes = new Uint8Array(
        await untilAborted(read, controller.signal, () => void response.body?.cancel().catch(() => {})),
      );
      return { response, bytes, url: currentUrl };
    }
  } catch (error) {
    if (controller.signal.reason instanceof AttemptTimeout) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    unsubscribe?.();
    // The last use of `sent`: an optimizing compiler may treat a local as dead after its last use, so this
    // is what keeps the attempt's Requests reachable until here.
    sent.length = 0;
  }
}

/** The redirect target when it is on the same origin as `from`; `undefined` otherwise (or when unreadable). */
function sameOrigin(response: Response, from: string): string | undefined {
  const location = response.headers.get("location");
  if (!location) return undefined;
  try {
    const next = new URL(location, from);
    return next.origin === new URL(from).origin ? next.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts (even if `promise` never settles). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onAbort?: () => void): Promise<T> {
  if (signal.aborted) {
    onAbort?.();
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort?.();
      reject(signal.reason);
    };
    signal.addEventListener("abort", abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    const nested = (current as { errors?: unknown }).errors;
    if (Array.isArray(nested)) codes.push(...nested.flatMap(errorCodes));
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/** `refused` when nothing can have been sent (refused, unresolvable host); otherwise an ambiguous failure. */
export function classifyFailure(error: unknown): AttemptFailure {
  const codes = errorCodes(error);
  return codes.length > 0 && codes.every((c) => NOT_SENT_CODES.has(c)) ? "refused" : "network";
}

function describeCause(cause: unknown): string | undefined {
  if (cause instanceof InvalidStatus) return cause.message;
  const code = errorCodes(cause)[0];
  return code ?? "the connection broke before a full response arrived";
}
