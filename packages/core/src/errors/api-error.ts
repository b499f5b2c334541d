import { alsoBrand, brandError, HatcheryError, isErrorNamed, OUTCOME_UNKNOWN } from "./hatchery-error.js";

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

/** An HTTP response (or a provider-reported error) that is not a success. */
export class ApiError extends HatcheryError {
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
    super(formatApiErrorMessage(init));
    brandError(this, "ApiError");
    const { providerMessage, ...fields } = init;
    // Fields are declared, not emitted: one assignment sets them all (a smaller bundle).
    Object.assign(this, { requestId: undefined, code: undefined, retryAfterMs: undefined }, fields, {
      validationMessages: init.validationMessages ?? [],
      attempts: init.attempts ?? 1,
      outcomeUnknown: init.outcomeUnknown ?? false,
    });
  }
}

function formatApiErrorMessage(init: ApiErrorInit): string {
  let head = `${init.method} ${init.url} failed with status ${init.status}`;
  if (init.code !== undefined) head += ` (code ${init.code})`;
  if (init.attempts && init.attempts > 1) head += ` after ${init.attempts} attempts`;
  const parts = [head];
  if (init.providerMessage) parts.push(init.providerMessage);
  if (init.validationMessages?.length) parts.push(init.validationMessages.join("; "));
  // A provider message that ends a sentence keeps its own stop ("Unauthenticated." not "Unauthenticated..").
  const text = parts.join(": ");
  let message = /[.!?]$/.test(text) ? text : `${text}.`;
  if (init.hint) message += ` ${/[.!?]$/.test(init.hint) ? init.hint : `${init.hint}.`}`;
  if (init.requestId) message += ` Request id: ${init.requestId}.`;
  if (init.outcomeUnknown) {
    message += OUTCOME_UNKNOWN;
  }
  if (init.retryAfterMs !== undefined && init.status === 429) {
    message += ` The server asked to wait ${Math.ceil(init.retryAfterMs / 1000)} s.`;
  }
  return message;
}

/** 400 Bad Request. */
export class BadRequestError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    brandError(this, "BadRequestError");
  }
}
/** 401: the credential is missing, wrong or expired. */
export class AuthenticationError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    brandError(this, "AuthenticationError");
  }
}
/** 403: the credential is valid but may not do this. */
export class PermissionDeniedError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    brandError(this, "PermissionDeniedError");
  }
}
/** 404 Not Found. */
export class NotFoundError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    brandError(this, "NotFoundError");
  }
}
/** 409 Conflict. */
export class ConflictError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    brandError(this, "ConflictError");
  }
}
/** 422: validation failed; see `validationMessages`. */
export class UnprocessableEntityError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    brandError(this, "UnprocessableEntityError");
  }
}
/** 429: rate limited. `retryAfterMs` carries the wait the server asked for, when it said. */
export class RateLimitError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    brandError(this, "RateLimitError");
  }
}
/** Any 5xx. */
export class InternalServerError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    brandError(this, "InternalServerError");
  }
}
/**
 * A response that is not what the API documents: unparsable JSON, an HTML page, a wrong envelope. With an error
 * status it also passes that status's guard (a 502 HTML page from a proxy is an `UnexpectedResponseError` for
 * which `isInternalServerError` is true too), so code that branches on the status keeps working.
 */
export class UnexpectedResponseError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    brandError(this, "UnexpectedResponseError");
    const ByStatus = BY_STATUS[init.status] ?? (init.status >= 500 ? InternalServerError : undefined);
    // Its brand name (class names do not survive minification).
    if (ByStatus) alsoBrand(this, new ByStatus(init).name);
  }
}

const BY_STATUS: Record<number, new (init: ApiErrorInit) => ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** Builds the `ApiError` subclass that matches `init.status`. */
export function createApiError(init: ApiErrorInit): ApiError {
  const ErrorClass = BY_STATUS[init.status] ?? (init.status >= 500 ? InternalServerError : ApiError);
  return new ErrorClass(init);
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
