export {
  isRateLimitWaitTimeoutError,
  RateLimitWaitTimeoutError,
} from "./rate-limit-wait-timeout-error.js";
export type { IoredisLike, NodeRedisClientLike, NodeRedisClusterLike, RedisClient } from "./redis-client.js";
export { type RedisQuotaStoreOptions, redisQuotaStore } from "./redis-quota-store.js";
export { type RedisRateLimiterOptions, redisRateLimiter } from "./redis-rate-limiter.js";
export type { RedisCallOptions } from "./redis-runner.js";
export { type RedisSessionTokensOptions, redisSessionTokens } from "./redis-session-tokens.js";
export { type RedisStoreOptions, redisStore } from "./redis-store.js";
export {
  isRedisUnavailableError,
  type RedisFailureReason,
  RedisUnavailableError,
  type RedisUnavailableErrorInit,
} from "./redis-unavailable-error.js";
