// Type test (checked by `tsc --noEmit`, the package's typecheck task; never run): every client this package
// accepts is a RedisClient as its own types declare it, a cluster included, and anything else is refused.
import type { Cluster, Redis } from "ioredis";
import type { createClient, createCluster } from "redis";
import type { createClient as createClientV4, createCluster as createClusterV4 } from "redis-v4";
import type { RedisClient } from "../src/index.js";

declare const ioredis: Redis;
declare const ioredisCluster: Cluster;
declare const nodeRedis: ReturnType<typeof createClient>;
declare const nodeRedisCluster: ReturnType<typeof createCluster>;
declare const nodeRedis4: ReturnType<typeof createClientV4>;
declare const nodeRedis4Cluster: ReturnType<typeof createClusterV4>;

export const accepted: RedisClient[] = [
  ioredis,
  ioredisCluster,
  nodeRedis,
  nodeRedisCluster,
  nodeRedis4,
  nodeRedis4Cluster,
];

// @ts-expect-error a key-value map is not a Redis client
export const refused: RedisClient = new Map<string, string>();
