// Every store refuses a wrong option when it is created, naming the store and the option.
import { isConfigurationError } from "@hatchery/core";
import { describe, expect, it } from "vitest";
import { redisQuotaStore, redisSessionTokens, redisStore } from "../src/index.js";

// Only the shape matters here: nothing is sent, since creating a store sends nothing.
const redis = { call: async () => null };

describe("options refused at creation", () => {
  const cases: [string, () => unknown, RegExp][] = [
    ["quota store: no key", () => redisQuotaStore(redis, { key: "" }), /quota store: key must be a non-empty string/],
    ["quota store: negative retainMs", () => redisQuotaStore(redis, { key: "q", retainMs: -1 }), /retainMs must be/],
    ["quota store: NaN timeoutMs", () => redisQuotaStore(redis, { key: "q", timeoutMs: Number.NaN }), /timeoutMs/],
    [
      "quota store: a fractional retainMs (Redis takes integer expiries only)",
      () => redisQuotaStore(redis, { key: "q", retainMs: 1.5 }),
      /retainMs must be an integer from 0 to 2147483647; got 1.5/,
    ],
    [
      "quota store: a timeoutMs past what a timer can wait",
      () => redisQuotaStore(redis, { key: "q", timeoutMs: 2 ** 31 }),
      /timeoutMs must be a positive number up to 2147483647; got 2147483648/,
    ],
    ["store: no prefix", () => redisStore(redis, { prefix: "" }), /store: prefix must be a non-empty string/],
    ["store: infinite cooldownMs", () => redisStore(redis, { prefix: "p", cooldownMs: Infinity }), /cooldownMs/],
    ["session tokens: no key", () => redisSessionTokens(redis, { key: "" }), /session tokens: key must be/],
    [
      "session tokens: negative refreshAheadMs",
      () => redisSessionTokens(redis, { key: "s", refreshAheadMs: -5 }),
      /refreshAheadMs must be a number from 0 to 2147483647; got -5/,
    ],
    ["session tokens: zero lockMs", () => redisSessionTokens(redis, { key: "s", lockMs: 0 }), /lockMs must be/],
    ["session tokens: zero pollMs", () => redisSessionTokens(redis, { key: "s", pollMs: 0 }), /pollMs must be/],
    [
      "session tokens: a zero timeout",
      () => redisSessionTokens(redis, { key: "s", timeoutMs: 0 }),
      /timeoutMs must be/,
    ],
  ];
  for (const [name, create, message] of cases) {
    it(name, () => {
      let error: unknown;
      try {
        create();
      } catch (e) {
        error = e;
      }
      expect(isConfigurationError(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    });
  }
});
