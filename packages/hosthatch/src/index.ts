export * from "./generated/client.js";
export type { components, operations, paths } from "./generated/schema.js";
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  HatcheryError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  UnexpectedResponseError,
  UnprocessableEntityError,
  isApiError,
  isConnectionError,
  isHatcheryError,
  isNotFoundError,
  isRateLimitError,
  isTimeoutError,
  isUnprocessableEntityError,
} from "@hatchery/core";
