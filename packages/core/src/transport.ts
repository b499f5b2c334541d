import { delay, MAX_TIMER_MS } from "./delay.js";
import { AbortError, ConnectionError, InvalidArgumentError, TimeoutError } from "./errors/request-errors.js";
import type { LogFn } from "./logger.js";
import { onAbort } from "./on-abort.js";
import type { PlannedRequest } from "./planned-request.js";
import type { Quota } from "./quota.js";
import type { Limiter } from "./rate-limiter.js";
import type { Redactor } from "./redact.js";
import type { RetryBudget } from "./retry-budget.js";
import { decideRetry, type RetryDecision } from "./retry-decision.js";
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
}

/** What the transport learned while sending, kept beside the response it returns. */
export interface ResponseInfo {
  /** Attempts made. */
  attempts: number;
  /** The request may have taken effect; it was not retried (non-idempotent, ambiguous failure). */
  outcomeUnknown: boolean;
  /** Wait the server asked for, when it did. */
  retryAfterMs?: number | undefined;
  /** The body, fully read, as text. */
  text: string;
  /** The URL of the final attempt (after same-origin redirects), unredacted. */
  finalUrl: string;
}

/** Shared, per-client parts of the transport. */
export interface TransportOptions {
  /** The `fetch` that sends each attempt. */
  fetch: FetchLike;
  /** Limiters each attempt waits for, in order (a concurrency cap, then a rate limit). */
  limiters?: readonly Limiter[] | undefined;
  /** The retry budget shared by the client's calls, if any. */
  budget?: RetryBudget | undefined;
  /** The daily quota guard, if any. */
  quota?: Quota | undefined;
  /** Adds credentials to each attempt's headers (called per attempt, so rotating keys work). */
  authorize?: ((headers: Headers) => void | Promise<void>) | undefined;
  /** Scrubs credentials from URLs in errors and log lines. */
  redactor: Redactor;
  /** Where attempts, retries and failures are logged, if anywhere. */
  log?: LogFn | undefined;
}

const NOT_SENT = /^E(CONNREFUSED|NOTFOUND|AI_AGAIN|NETUNREACH|HOSTUNREACH)$/;

/**
 * Abort controllers of finished attempts, never aborted, for later attempts: creating an `AbortSignal` is one of
 * the dearest steps of a call in Node. Each `Request` made on one adds an `abort` listener to it until the request
 * is collected, so a controller serves at most 100 attempts (counted in `uses`; an attempt is up to 6 requests with
 * its redirects, so at most 600 listeners) and at most 100 wait here: below the limit of 1,500 that Node's fetch
 * sets on a signal it is given, so no listener warning. An aborted controller is never reused.
 */
const controllers: AbortController[] = [];
const uses = new WeakMap<AbortController, number>();
const INFO = Symbol("hatchery.responseInfo");

/** Reads {@link ResponseInfo} for a response the transport returned (kept on it under a private symbol). */
export const responseInfo = {
  /** What the transport learned while sending `response`, or `undefined` for a response it did not return. */
  get: (response: Response): ResponseInfo | undefined => (response as { [INFO]?: ResponseInfo })[INFO],
};

/**
 * `response` with `info` attached, not enumerable: the info holds the unredacted body and URL, which logging the
 * response (`util.inspect`, a logger's serializer) must not show. @internal
 */
export const withInfo = (response: Response, info: ResponseInfo | undefined): Response =>
  Object.defineProperty(response, INFO, { value: info, configurable: true, writable: true });

/** No limiter held. */
const NONE: (() => void)[] = [];

/** The decision after a success. */
const FINAL: RetryDecision = { retry: false, outcomeUnknown: false };

/**
 * A response with `response`'s status and headers and `text` as its (readable) body (none for a status that has
 * none: the transport passes only 200 to 599).
 */
export const readableResponse = (response: Response, text: string): Response =>
  new Response([204, 205, 304].includes(response.status) ? null : text, response);

/** Why an attempt ended without a response: its timeout, or a status line no `Response` can carry. */
const TIMEOUT = new Error("timeout");
class InvalidStatus extends Error {}

/**
 * Creates the transport of a client. Per attempt: the limiters and the quota, then one request (and same-origin
 * redirects) with one timer over headers *and* body and the caller's signal, raced against them; retries by
 * policy, idempotency, `Retry-After` and budget; abortable backoff. Every call settles.
 */
export function createTransport(shared: TransportOptions) {
  const { redactor, log, limiters = [], budget, quota, authorize } = shared;

  return async function send(request: Request | PlannedRequest, options: SendOptions): Promise<Response> {
    const { method, url } = request;
    const fromFetchClient = "arrayBuffer" in request;
    // A `Request` came from openapi-fetch, whose middleware sees its headers: credentials go on a copy. A planned
    // request's headers are this call's own.
    const headers = fromFetchClient ? new Headers(request.headers) : request.headers;
    // A `Request`'s body is a stream, which can be read once: read it once, send it on every attempt.
    const body = fromFetchClient && request.body ? await request.arrayBuffer() : request.body;
    const { signal, timeoutMs } = options;
    const safeUrl = () => redactor.url(url);
    const aborted = (cause?: unknown) => new AbortError({ method, url: safeUrl(), cause });

    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw aborted(signal.reason);
      const held = limiters.length ? [] : NONE;
      let response: Response | undefined;
      let text = "";
      let finalUrl = url;
      let failure: AttemptFailure | undefined;
      let cause: unknown;
      const started = Date.now();
      try {
        try {
          for (const limiter of limiters) held.push(await limiter.acquire(signal, options));
        } catch (error) {
          // A limiter rejects when the caller aborts; any other failure (a shared store down) is its own error.
          throw signal?.aborted ? aborted(error) : error;
        }
        // The quota store and the credential are the caller's machinery, not the network: their errors
        // propagate as they are, never classified as a connection failure (and so never retried).
        if (quota) await quota(method, safeUrl);
        const authorized = authorize?.(headers);
        if (authorized) await authorized;
        // The caller may have aborted while the quota store or the key function ran: send nothing then.
        if (signal?.aborted) throw aborted(signal.reason);

        // One attempt: one timer rejects one promise, raced against the request, its redirects and its whole
        // body; the caller's abort rejects it too.
        const controller = controllers.pop() ?? new AbortController();
        let timer: ReturnType<typeof setTimeout> | undefined;
        let unsubscribe: (() => void) | undefined;
        // Node's fetch (undici 6) follows a Request's signal through a weak reference: once the Request is garbage
        // collected, aborting `controller` no longer stops the fetch, and its socket stays busy until the body ends
        // or the next GC. So every Request of the attempt stays reachable until it ends.
        const sent: Request[] = [];
        let current: Response | undefined;
        let hops = 0;
        const run = async (): Promise<[Response, string, string]> => {
          let hopMethod = method;
          let hopBody = body;
          let hopHeaders = headers;
          let hopUrl = url;
          for (let hop = 0; ; hop++) {
            let next: Request;
            try {
              next = new Request(hopUrl, {
                method: hopMethod,
                headers: hopHeaders,
                body: hopBody,
                signal: controller.signal,
                redirect: "manual",
              });
            } catch (error) {
              // Not a network failure: the request itself cannot be built (a forbidden method, say).
              throw new InvalidArgumentError(
                `${method} ${safeUrl()}: the request cannot be sent (${redactor.scrub(String(error))})`,
              );
            }
            sent.push(next);
            // After a redirect, the server has acted on the request already: a failure from here is ambiguous.
            hops = hop;
            const response = await shared.fetch(next);
            current = response;
            const { status } = response;
            if (!(status >= 200 && status <= 599)) {
              // `new Response` refuses such a status; and whether the server acted is unknown, so it is an ambiguous
              // failure like a broken connection (retried only when idempotent).
              throw new InvalidStatus(`invalid HTTP status ${status}`);
            }
            // Same-origin redirects are followed (5 at most); one to another origin never is: credentials stay. Nor
            // is one to a URL with a user name or password, which no request can be made to.
            const location = response.headers.get("location");
            const to =
              status >= 300 && status < 400 && hop < 5 && location && URL.canParse(location, hopUrl)
                ? new URL(location, hopUrl)
                : undefined;
            if (!to || to.origin !== new URL(hopUrl).origin || to.username || to.password) {
              return [response, await response.text(), hopUrl];
            }
            cancel(response);
            if (status === 303 || ((status === 301 || status === 302) && hopMethod === "POST")) {
              hopMethod = "GET";
              hopBody = undefined;
              // A copy: the next attempt starts again from the request as it was.
              hopHeaders = new Headers(hopHeaders);
              hopHeaders.delete("content-type");
            }
            hopUrl = to.href;
          }
        };
        try {
          [response, text, finalUrl] = await new Promise<[Response, string, string]>((resolve, reject) => {
            timer = setTimeout(reject, Math.min(timeoutMs, MAX_TIMER_MS), TIMEOUT);
            unsubscribe = signal && onAbort(signal, () => reject(signal.reason));
            run().then(resolve, reject);
          });
          // Not aborted: the controller serves another attempt (see `controllers`).
          const used = uses.get(controller) ?? 0;
          if (used < 100 && controllers.length < 100) {
            uses.set(controller, used + 1);
            controllers.push(controller);
          }
        } catch (error) {
          controller.abort(error);
          if (current) cancel(current);
          if (signal?.aborted) throw aborted(signal.reason);
          if (error instanceof InvalidArgumentError) throw error;
          if (error === TIMEOUT) failure = "timeout";
          else {
            failure = hops > 0 ? "network" : classifyFailure(error);
            cause = error;
          }
        } finally {
          clearTimeout(timer);
          unsubscribe?.();
          // The last use of `sent`, which keeps the attempt's Requests reachable until here.
          sent.length = 0;
        }
      } finally {
        for (const release of held) release();
      }

      const status = response?.status;
      // A success is final: nothing to decide (and no Retry-After to read).
      const decision = response?.ok
        ? FINAL
        : decideRetry(
            { retry: attempt - 1, method, idempotent: options.idempotent, status, headers: response?.headers, failure },
            options.retry,
          );
      if (log?.debug) {
        log("attempt", {
          method,
          url: safeUrl(),
          status,
          failure,
          durationMs: Date.now() - started,
          attempt,
          // Allowlisted names only: every other header value is redacted.
          headers: response && redactor.headers(response.headers),
        });
      }
      if (decision.retry) {
        if (!budget || budget.trySpend()) {
          log?.("retry", { method, url: safeUrl(), delayMs: decision.delayMs, attempt: attempt + 1 });
          await delay(decision.delayMs, signal).catch((error) => {
            throw aborted(error);
          });
          continue;
        }
        log?.("budget", { method, url: safeUrl() });
      }
      const outcomeUnknown = !decision.retry && decision.outcomeUnknown;
      if (response) {
        if ((status as number) < 500 && status !== 429) budget?.recordSuccess();
        // The response as it came, its body read: the body is in its info.
        return withInfo(response, {
          attempts: attempt,
          outcomeUnknown,
          retryAfterMs: decision.retry ? undefined : decision.retryAfterMs,
          text,
          finalUrl,
        });
      }
      const init = { method, url: safeUrl(), attempts: attempt, outcomeUnknown, cause };
      log?.("failed", { method, url: init.url, failure, attempts: attempt });
      throw failure === "timeout"
        ? new TimeoutError({ ...init, timeoutMs })
        : new ConnectionError({
            ...init,
            reason:
              failure === "refused"
                ? "nothing was sent"
                : cause instanceof InvalidStatus
                  ? cause.message
                  : (errorCodes(cause)[0] ?? "the connection broke before a full response arrived"),
          });
    }
  };
}

/** Drops a response's body (best effort: it may be locked by a read the timeout interrupted). */
const cancel = (response: Response) => void response.body?.cancel().catch(() => {});

/** The `code`s of an error, its causes and the errors it aggregates (into `codes`). */
function errorCodes(error: unknown, depth = 0, codes: string[] = []): string[] {
  if (error && typeof error === "object" && depth < 5) {
    const { code, errors, cause } = error as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === "string") codes.push(code);
    if (Array.isArray(errors)) for (const e of errors) errorCodes(e, depth + 1, codes);
    errorCodes(cause, depth + 1, codes);
  }
  return codes;
}

/** `refused` when nothing can have been sent (refused, unresolvable host); otherwise an ambiguous failure. */
export function classifyFailure(error: unknown): AttemptFailure {
  const codes = errorCodes(error);
  return codes.length > 0 && codes.every((c) => NOT_SENT.test(c)) ? "refused" : "network";
}
