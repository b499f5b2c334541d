import { brandError, HatcheryError, isErrorNamed, OUTCOME_UNKNOWN } from "./hatchery-error.js";

/** Everything known about an HTTP error response, already redacted. */
export interface ApiErrorInit {
  /** HTTP status (a 2xx when the provider reported an error in a success body). */
  status: number;
  /** HTTP method, upper case. */
  method: string;
  /** Credential-free URL. */
  url: string;
  /** Response headers, redacted by allowlist. */
  headers: Record<string, string>;
  /** Parsed response body (JSON when it parsed, else the text), redacted. */
  body: unknown;
  /** The provider's request or trace id, when it sent one. */
  requestId?: string | undefined;
  /** The provider's own message, normalized. */
  providerMessage?: string | undefined;
  /** Provider error code (e.g. Hatebase's error pairs). */
  code?: string | undefined;
  /** Validation messages, one per problem, naming the field where the provider does. */
  validationMessages?: string[];
  /** Attempts made, the first included. */
  attempts?: number;
  /** See {@link ApiError.outcomeUnknown}. */
  outcomeUnknown?: boolean;
  /** Requested wait before trying again, from `retry-after-ms` / `Retry-After`. */
  retryAfterMs?: number | undefined;
  /** What this status means for the provider (from the spec's `x-hatchery.errorHints`), told in the message. */
  hint?: string | undefined;
}

/** `text` as a sentence: a stop added unless it ends with one. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** An HTTP response (or a provider-reported error) that is not a success. */
export class ApiError extends HatcheryError {
  /** The class's name, kept through minification. @internal */
  static override brand = "ApiError";
  /** HTTP status (a 2xx when the provider reported an error in a success body). */
  declare readonly status: number;
  /** HTTP method, upper case. */
  declare readonly method: string;
  /** The request's URL, without credentials. */
  declare readonly url: string;
  /** Response headers, redacted by allowlist. */
  declare readonly headers: Record<string, string>;
  /** The parsed response body (JSON when it parsed, else the text), redacted. */
  declare readonly body: unknown;
  /** The provider's request or trace id, when it sent one: quote it to the provider's support. */
  declare readonly requestId: string | undefined;
  /** The provider's error code, when it sends one (e.g. Hatebase's error pairs). */
  declare readonly code: string | undefined;
  /** Validation messages, one per problem, naming the field where the provider does. */
  declare readonly validationMessages: string[];
  /** Attempts made, the first included. */
  declare readonly attempts: number;
  /**
   * True when the request is not idempotent, failed ambiguously (a 5xx after it was sent) and so was not
   * retried: it may have taken effect. Check the server's state before sending it again.
   */
  declare readonly outcomeUnknown: boolean;
  /** The wait the server asked for before trying again (`Retry-After`), in milliseconds, when it said. */
  declare readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit) {
    const {
      status,
      code,
      hint,
      requestId,
      validationMessages = [],
      attempts = 1,
      outcomeUnknown = false,
      retryAfterMs,
    } = init;
    // The provider's message is in the error's, not a field of its own.
    const { providerMessage, ...fields } = init;
    const head = `${init.method} ${init.url} failed with status ${status}${code === undefined ? "" : ` (code ${code})`}${attempts > 1 ? ` after ${attempts} attempts` : ""}`;
    // A provider message that ends a sentence keeps its own stop ("Unauthenticated." not "Unauthenticated..").
    let message = sentence([head, providerMessage, validationMessages.join("; ")].filter(Boolean).join(": "));
    if (hint) message += ` ${sentence(hint)}`;
    if (requestId) message += ` Request id: ${requestId}.`;
    if (outcomeUnknown) message += OUTCOME_UNKNOWN;
    if (retryAfterMs !== undefined && status === 429) {
      message += ` The server asked to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
    }
    super(message);
    // Fields are declared, not emitted: one assignment sets them all (a smaller bundle).
    Object.assign(this, { requestId, code, retryAfterMs, ...fields, validationMessages, attempts, outcomeUnknown });
  }
}

/** 400 Bad Request. */
export class BadRequestError extends ApiError {
  /** The class's name, kept through minification. @internal */
  static override brand = "BadRequestError";
}
/** 401: the credential is missing, wrong or expired. */
export class AuthenticationError extends ApiError {
  /** The class's name, kept through minification. @internal */
  static override brand = "AuthenticationError";
}
/** 403: the credential is valid but may not do this. */
export class PermissionDeniedError extends ApiError {
  /** The class's name, kept through minification. @internal */
  static override brand = "PermissionDeniedError";
}
/** 404 Not Found. */
export class NotFoundError extends ApiError {
  /** The class's name, kept through minification. @internal */
  static override brand = "NotFoundError";
}
/** 409 Conflict. */
export class ConflictError extends ApiError {
  /** The class's name, kept through minification. @internal */
  static override brand = "ConflictError";
}
/** 422: validation failed; see `validationMessages`. */
export class UnprocessableEntityError extends ApiError {
  /** The class's name, kept through minification. @internal */
  static override brand = "UnprocessableEntityError";
}
/** 429: rate limited. `retryAfterMs` carries the wait the server asked for, when it said. */
export class RateLimitError extends ApiError {
  /** The class's name, kept through minification. @internal */
  static override brand = "RateLimitError";
}
/** Any 5xx. */
export class InternalServerError extends ApiError {
  /** The class's name, kept through minification. @internal */
  static override brand = "InternalServerError";
}

/** The class of a status (any other 5xx is an `InternalServerError`). */
const byStatus = (status: number): typeof ApiError | undefined =>
  ({
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
  })[status] ?? (status >= 500 ? InternalServerError : undefined);

/**
 * A response that is not what the API documents: unparsable JSON, an HTML page, a wrong envelope. With an error
 * status it also passes that status's guard (a 502 HTML page from a proxy is an `UnexpectedResponseError` for
 * which `isInternalServerError` is true too), so code that branches on the status keeps working.
 */
export class UnexpectedResponseError extends ApiError {
  /** The class's name, kept through minification. @internal */
  static override brand = "UnexpectedResponseError";

  constructor(init: ApiErrorInit) {
    super(init);
    const Status = byStatus(init.status);
    if (Status) {
      // Its own lineage, with the status's class added; its name stays its own.
      brandError(this, Status.brand);
      brandError(this, "UnexpectedResponseError");
    }
  }
}

/** Builds the `ApiError` subclass that matches `init.status`. */
export function createApiError(init: ApiErrorInit): ApiError {
  return new (byStatus(init.status) ?? ApiError)(init);
}

/** True for {@link ApiError} and every subclass. */
export const isApiError = (e: unknown): e is ApiError => isErrorNamed(e, "ApiError");
/** True for {@link BadRequestError}. */
export const isBadRequestError = (e: unknown): e is BadRequestError => isErrorNamed(e, "BadRequestError");
/** True for {@link AuthenticationError}. */
export const isAuthenticationError = (e: unknown): e is AuthenticationError => isErrorNamed(e, "AuthenticationError");
/** True for {@link PermissionDeniedError}. */
export const isPermissionDeniedError = (e: unknown): e is PermissionDeniedError =>
  isErrorNamed(e, "PermissionDeniedError");
/** True for {@link NotFoundError}. */
export const isNotFoundError = (e: unknown): e is NotFoundError => isErrorNamed(e, "NotFoundError");
/** True for {@link ConflictError}. */
export const isConflictError = (e: unknown): e is ConflictError => isErrorNamed(e, "ConflictError");
/** True for {@link UnprocessableEntityError}. */
export const isUnprocessableEntityError = (e: unknown): e is UnprocessableEntityError =>
  isErrorNamed(e, "UnprocessableEntityError");
/** True for {@link RateLimitError}. */
export const isRateLimitError = (e: unknown): e is RateLimitError => isErrorNamed(e, "RateLimitError");
/** True for {@link InternalServerError}. */
export const isInternalServerError = (e: unknown): e is InternalServerError => isErrorNamed(e, "InternalServerError");
/** True for {@link UnexpectedResponseError}. */
export const isUnexpectedResponseError = (e: unknown): e is UnexpectedResponseError =>
  isErrorNamed(e, "UnexpectedResponseError");
