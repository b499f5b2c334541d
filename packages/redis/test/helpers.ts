// Shared by the tests: a real redis-server per test file (from this package's ./testing), and the Redis clients
// every store is tested with. No mock Redis anywhere.
import { Redis } from "ioredis";
import { createClient } from "redis";
import { createClient as createClientV4 } from "redis-v4";
import { afterAll, beforeAll } from "vitest";
import type { RedisClient } from "../src/index.js";
import { type RedisServer, startRedisServer } from "../src/testing/index.js";

/** A connected client and how to drop it. */
export interface Connected {
  client: RedisClient;
  /** Sends a raw command through the same client (for the tests' own reads). */
  raw(...args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

/** The clients every store is tested with: ioredis and node-redis (the current major, and 4). */
export const CLIENTS: { name: string; connect(url: string): Promise<Connected> }[] = [
  {
    name: "ioredis",
    async connect(url) {
      const redis = new Redis(url, { maxRetriesPerRequest: null });
      redis.on("error", () => {}); // reconnection errors while a test stops redis-server
      return {
        client: redis,
        raw: (...args) => redis.call(args[0] as string, ...args.slice(1)),
        close: async () => redis.disconnect(),
      };
    },
  },
  {
    name: "node-redis",
    async connect(url) {
      const redis = createClient({ url });
      redis.on("error", () => {});
      await redis.connect();
      return { client: redis, raw: (...args) => redis.sendCommand(args), close: async () => redis.destroy() };
    },
  },
];

/** node-redis 4, whose API differs from 5 and 6 (tested by the adapter and one round trip per store). */
export const NODE_REDIS_4 = {
  name: "node-redis 4",
  async connect(url: string): Promise<Connected> {
    const redis = createClientV4({ url });
    redis.on("error", () => {});
    await redis.connect();
    return {
      client: redis,
      raw: (...args: string[]) => redis.sendCommand(args),
      close: async () => {
        await redis.disconnect();
      },
    };
  },
};

/** Starts one redis-server for the file (beforeAll) and stops it (afterAll). */
export function useRedisServer(): { readonly server: RedisServer; connections: Connected[] } {
  const state = { server: undefined as unknown as RedisServer, connections: [] as Connected[] };
  beforeAll(async () => {
    state.server = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(state.connections.map((c) => c.close().catch(() => {})));
    await state.server?.stop();
  });
  return state;
}

/** Redis's own clock, epoch ms (the clock every script of this package uses). */
export async function redisTime(connected: Connected): Promise<number> {
  const [seconds, micros] = (await connected.raw("TIME")) as [string, string];
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

/** A unique key per test, so tests sharing a server never meet. */
let counter = 0;
export function uniqueKey(name: string): string {
  counter += 1;
  return `test:${name}:${process.pid}:${counter}:${Math.random().toString(36).slice(2, 8)}`;
}

/** Waits, bounded, until `check` holds (for something another process or Redis does by itself). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, maxMs = 30_000) {
  const until = Date.now() + maxMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${maxMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
