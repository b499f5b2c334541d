export {
  AbortError,
  ApiError,
  type ApiPromise,
  type ApiResult,
  AuthenticationError,
  type CallOptions,
  ConfigurationError,
  ConnectionError,
  HatcheryError,
  InternalServerError,
  InvalidArgumentError,
  isAbortError,
  isApiError,
  isAuthenticationError,
  isConnectionError,
  isHatcheryError,
  isInternalServerError,
  isRateLimitError,
  isTimeoutError,
  isUnprocessableEntityError,
  RateLimitError,
  type RateLimitOptions,
  type RetryOptions,
  TimeoutError,
  UnexpectedResponseError,
  UnprocessableEntityError,
} from "@hatchery/core";
export * from "./generated/client.js";
export type { components, operations, paths } from "./generated/schema.js";
export type { Contact, UpsertedContact } from "./schema-types.js";
export {
  streamUpsertContacts,
  type UpsertContactResult,
  type UpsertContactsOptions,
  type UpsertContactsSource,
  upsertContacts,
} from "./upsert-contacts.js";
