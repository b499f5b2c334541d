export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  HatcheryError,
  InternalServerError,
  isApiError,
  isConnectionError,
  isHatcheryError,
  isNotFoundError,
  isRateLimitError,
  isTimeoutError,
  isUnprocessableEntityError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  UnexpectedResponseError,
  UnprocessableEntityError,
} from "@hatchery/core";
export * from "./generated/client.js";
export type { components, operations, paths } from "./generated/schema.js";
