import { inspect } from "node:util";
import { isHatcheryError } from "@hatchery/core";
import { describe, expect, it } from "vitest";
import { describeRedisError } from "../src/describe-redis-error.js";
import { isRateLimitWaitTimeoutError, isRedisUnavailableError, RedisUnavailableError } from "../src/index.js";
import { RedisRunner } from "../src/redis-runner.js";
import { CLIENTS, NODE_REDIS_4, uniqueKey, useRedisServer } from "./helpers.js";

/** A stand-in for an ioredis ReplyError, which carries the command and its arguments. */
class ReplyError extends Error {
  command = { name: "evalsha", args: ["sha", "1", "key:with-tenant", "tok-secret"] };
}

describe("describeRedisError: safe words only", () => {
  const cases: [string, unknown, { reason: string; detail: string }][] = [
    [
      "an error reply quoting its arguments",
      new ReplyError("WRONGTYPE Operation against a key holding tok-secret"),
      { reason: "reply", detail: "ReplyError WRONGTYPE" },
    ],
    [
      "a script error",
      new ReplyError("ERR user_script:1: Script attempted to access key tok-secret"),
      { reason: "reply", detail: "ReplyError ERR" },
    ],
    [
      "a refused connection",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), { code: "ECONNREFUSED" }),
      { reason: "connection", detail: "Error ECONNREFUSED" },
    ],
    ["ioredis's closed connection", new Error("Connection is closed."), { reason: "connection", detail: "Error" }],
    [
      "node-redis's closed client",
      Object.assign(new Error("The client is closed"), { name: "ClientClosedError" }),
      { reason: "connection", detail: "Error" },
    ],
    ["not an error", "tok-secret", { reason: "connection", detail: "Error" }],
    ["null", null, { reason: "connection", detail: "Error" }],
  ];
  for (const [name, error, want] of cases) {
    it(name, () => {
      const summary = describeRedisError(error);
      expect(summary).toEqual(want);
      expect(JSON.stringify(summary)).not.toContain("secret");
    });
  }
});

describe("RedisUnavailableError", () => {
  it("is a HatcheryError, found by its guard across copies, and safe to log", () => {
    const error = new RedisUnavailableError({
      store: "session tokens",
      operation: "get",
      reason: "reply",
      detail: "ReplyError NOPERM",
    });
    expect(isHatcheryError(error)).toBe(true);
    expect(isRedisUnavailableError(error)).toBe(true);
    expect(isRateLimitWaitTimeoutError(error)).toBe(false);
    expect(isRedisUnavailableError(new Error("x"))).toBe(false);
    expect(error.name).toBe("RedisUnavailableError");
    expect(error.message).toBe(
      "@hatchery/redis session tokens (get): Redis answered with an error (ReplyError NOPERM).",
    );
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "RedisUnavailableError",
      message: error.message,
      store: "session tokens",
      operation: "get",
      reason: "reply",
    });
  });
});

const redis = useRedisServer();

describe.each([...CLIENTS, NODE_REDIS_4])("the adapter, with $name", (kind) => {
  it("runs scripts by EVALSHA, loading them with EVAL when the server does not know them", async () => {
    const connected = await kind.connect(redis.server.url);
    redis.connections.push(connected);
    const runner = new RedisRunner(connected.client, "test", {});
    const script = { source: "return ARGV[1] .. KEYS[1]", sha: "" };
    script.sha = String(await connected.raw("SCRIPT", "LOAD", script.source));
    await connected.raw("SCRIPT", "FLUSH");
    expect(await runner.script("op", script, "k", ["v"])).toBe("vk");
    expect(await runner.script("op", script, "k", ["w"])).toBe("wk");
    expect(await connected.raw("SCRIPT", "EXISTS", script.sha)).toEqual([1]);
  });

  it("turns the client's error into a RedisUnavailableError quoting no key, token or argument", async () => {
    const connected = await kind.connect(redis.server.url);
    redis.connections.push(connected);
    const key = `${uniqueKey("secret-tenant")}`;
    await connected.raw("SET", key, "not a number");
    const runner = new RedisRunner(connected.client, "quota store", {});
    const error = await runner
      .command("increment", ["SET", key, "tok-very-secret", "XX", "NX"], key)
      .catch((e: unknown) => e);
    expect(isRedisUnavailableError(error)).toBe(true);
    expect((error as RedisUnavailableError).reason).toBe("reply");
    for (const text of [
      String(error),
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
      String((error as Error).stack),
    ]) {
      expect(text).not.toContain("very-secret");
      expect(text).not.toContain("secret-tenant");
    }
    expect(runner.down).toBe(true); // and the store stops asking for cooldownMs
  });

  it("reports a closed client as a connection failure", async () => {
    const connected = await kind.connect(redis.server.url);
    await connected.close();
    const error = await new RedisRunner(connected.client, "store", {})
      .command("get", ["GET", "k"], "k")
      .catch((e: unknown) => e);
    expect(isRedisUnavailableError(error)).toBe(true);
    expect(["connection", "timeout"]).toContain((error as RedisUnavailableError).reason);
  });
});
