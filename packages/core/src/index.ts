export { ApiPromise, type ApiResult } from "./api-promise.js";
export { SessionTokenManager, parseExpiry, type SessionToken, type SessionTokenOptions } from "./auth/session-token.js";
export { coerce } from "./coerce.js";
export {
  createCoreClient,
  type CallOptions,
  type ClientOptions,
  type CoreClient,
  type CoreClientInit,
  type Credential,
  type ListOptions,
} from "./create-client.js";
export { delay } from "./delay.js";
export {
  envelopes,
  messagePairs,
  normalizeData,
  normalizeHatebase,
  normalizeResultData,
  normalizeUnwrapped,
  type EnvelopeInput,
  type EnvelopeKind,
  type EnvelopeNormalizer,
  type Normalized,
  type ProviderMessage,
} from "./envelopes/index.js";
export * from "./errors/api-error.js";
export { HatcheryError, isHatcheryError, type HatcheryErrorOptions } from "./errors/hatchery-error.js";
export * from "./errors/request-errors.js";
export { createLog, type LogFn, type Logger, type LogLevel } from "./logger.js";
export type {
  CoercionRule,
  HttpMethod,
  OffsetPagination,
  OperationSpec,
  PagePagination,
  PaginationSpec,
  ParamLocation,
  ProviderSpec,
  SessionAuthSpec,
} from "./operation.js";
export { describePage, validatePageInput, type Page, type PageInfo, type PageInput } from "./pagination/page.js";
export { PagePromise } from "./pagination/page-promise.js";
export { getPath, parseBody, type ParsedBody } from "./parse-body.js";
export { MemoryQuotaStore, quotaPeriod, type QuotaOptions, type QuotaStore } from "./quota.js";
export { Throttle, type RateLimitOptions } from "./rate-limiter.js";
export { REDACTED, Redactor, SAFE_HEADER_NAMES } from "./redact.js";
export { RetryBudget } from "./retry-budget.js";
export { decideRetry, type AttemptOutcome, type RetryDecision } from "./retry-decision.js";
export {
  DEFAULT_RETRY,
  resolveRetry,
  type AttemptFailure,
  type RetryContext,
  type RetryOptions,
  type RetryState,
} from "./retry-policy.js";
export { backoffDelay, parseRetryAfter } from "./retry-timing.js";
export {
  assertHeaderValue,
  assertSecureBaseUrl,
  isBrowser,
  isLoopbackHost,
  serializeBody,
  serializePath,
} from "./safety.js";
export { classifyFailure, createTransport, responseInfo, type FetchLike, type ResponseInfo, type SendOptions, type TransportOptions } from "./transport.js";
export type { ItemOf, OperationInput, PathValue, Payload, SuccessBody, WithoutBodyFields } from "./types.js";
