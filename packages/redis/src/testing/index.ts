export { findRedisServer } from "./find-redis-server.js";
export { type RedisServer, type RedisServerOptions, startRedisServer } from "./redis-server.js";
export { startUnresponsiveServer, type UnresponsiveServer } from "./unresponsive-server.js";
