export { ApiPromise, type ApiResult } from "./api-promise.js";
export { sessionAuth } from "./auth/session-auth.js";
export {
  memorySessionTokens,
  parseExpiry,
  type SessionToken,
  SessionTokenManager,
  type SessionTokenOptions,
  type SessionTokenSource,
  type SessionTokens,
} from "./auth/session-token.js";
export { fillBaseUrl } from "./base-url-variables.js";
export type {
  CallOptions,
  ClientOptions,
  CoreClient,
  CoreClientInit,
  CoreFeatures,
  Credential,
  ListOptions,
} from "./client-options.js";
export { coerce } from "./coerce.js";
export { call, callOperation, createCoreClient, createCoreRuntime, withMethods } from "./create-client.js";
export { delay } from "./delay.js";
export {
  type EnvelopeInput,
  type EnvelopeKind,
  type EnvelopeNormalizer,
  envelopes,
  messagePairs,
  type Normalized,
  normalizeData,
  normalizeHatebase,
  normalizeResultData,
  normalizeUnwrapped,
  type ProviderMessage,
} from "./envelopes/index.js";
export * from "./errors/api-error.js";
export { assertDeleted, DeleteFailedError, deleteFailure, isDeleteFailedError } from "./errors/delete-failed-error.js";
export {
  brandError,
  HatcheryError,
  type HatcheryErrorOptions,
  isErrorNamed,
  isHatcheryError,
} from "./errors/hatchery-error.js";
export { isPageLimitError, PageLimitError, type PageLimitErrorInit } from "./errors/page-limit-error.js";
export { isQuotaExceededError, QuotaExceededError } from "./errors/quota-exceeded-error.js";
export * from "./errors/request-errors.js";
export { type FieldPlacement, nestInput } from "./flat-input.js";
export {
  type ClientLogger,
  createLog,
  createLogger,
  type LogEvent,
  type LogFn,
  type Logger,
  type LogLevel,
  type LogLine,
} from "./logger.js";
export { onAbort } from "./on-abort.js";
export {
  type CacheRule,
  type CoercionRule,
  type CompactOperation,
  type HttpMethod,
  type OffsetPagination,
  type OperationSpec,
  operationTable,
  type PageLimitSpec,
  type PagePagination,
  type PaginationSpec,
  type ParamLocation,
  type ProviderSpec,
  type SessionAuthSpec,
  type SinglePagination,
} from "./operation.js";
export { anyPages, describePage, validatePageInput } from "./pagination/any-pages.js";
export { numberedPages } from "./pagination/numbered-pages.js";
export { offsetPages } from "./pagination/offset-pages.js";
export type { Page, PageInfo, PageInput, Pager, PageStep } from "./pagination/page.js";
export { isPageLimitRefusal, type PageGuard, pageLimit } from "./pagination/page-limit.js";
export { PagePromise } from "./pagination/page-promise.js";
export { listOperation, paginate } from "./pagination/paginate.js";
export { singlePage } from "./pagination/single-page.js";
export { getPath, type ParsedBody, parseBody } from "./parse-body.js";
export { type PlannedRequest, planRequest, serializeQuery } from "./planned-request.js";
export { dailyQuota, MemoryQuotaStore, type Quota, type QuotaOptions, type QuotaStore, quotaPeriod } from "./quota.js";
export { concurrencyLimit, type Limiter, type RateLimitOptions, rateLimiter } from "./rate-limiter.js";
export {
  type AnyCore,
  type CallWrapper,
  type CoreRuntime,
  type Execute,
  isIdempotent,
  RUNTIME,
  type Runtime,
  rawClient,
  type Via,
} from "./raw-client.js";
export { REDACTED, Redactor, SAFE_HEADER_NAMES } from "./redact.js";
export { assertRequiredHeaders } from "./required-headers.js";
export {
  type CachedResponse,
  isFreshEntry,
  type KeyValueStore,
  MemoryStore,
  type ResponseCache,
  type ResponseCacheOptions,
  responseCache,
  responseCacheKey,
  stableStringify,
} from "./response-cache.js";
export { RetryBudget } from "./retry-budget.js";
export { type AttemptOutcome, decideRetry, type RetryDecision } from "./retry-decision.js";
export {
  type AttemptFailure,
  DEFAULT_RETRY,
  type RetryContext,
  type RetryOptions,
  type RetryState,
  resolveRetry,
} from "./retry-policy.js";
export { backoffDelay, parseRetryAfter } from "./retry-timing.js";
export {
  assertHeaderValue,
  assertSecureBaseUrl,
  isBrowser,
  isLoopbackHost,
  serializeBody,
  serializeJson,
  serializePath,
} from "./safety.js";
export {
  classifyFailure,
  createTransport,
  type FetchLike,
  type ResponseInfo,
  responseInfo,
  type SendOptions,
  type TransportOptions,
} from "./transport.js";
export type {
  FlatBody,
  FlatInput,
  Flatten,
  ItemOf,
  NoFields,
  OperationInput,
  ParamsAt,
  PathValue,
  Payload,
  RequestBodyOf,
  SuccessBody,
  WithoutBodyFields,
} from "./types.js";
