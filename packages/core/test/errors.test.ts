import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import * as core from "../src/index.js";
import {
  AbortError,
  ApiError,
  type ApiErrorInit,
  ConfigurationError,
  ConnectionError,
  createApiError,
  type HatcheryError,
  InvalidArgumentError,
  QuotaExceededError,
  TimeoutError,
} from "../src/index.js";

const init: ApiErrorInit = {
  status: 404,
  method: "GET",
  url: "https://api.test/v1/servers/9",
  headers: { "content-type": "application/json" },
  body: { result: "error", message: "Not found" },
};

describe("createApiError picks the class by status", () => {
  const cases: [number, string, string[]][] = [
    [400, "BadRequestError", ["isBadRequestError"]],
    [401, "AuthenticationError", ["isAuthenticationError"]],
    [403, "PermissionDeniedError", ["isPermissionDeniedError"]],
    [404, "NotFoundError", ["isNotFoundError"]],
    [409, "ConflictError", ["isConflictError"]],
    [422, "UnprocessableEntityError", ["isUnprocessableEntityError"]],
    [429, "RateLimitError", ["isRateLimitError"]],
    [500, "InternalServerError", ["isInternalServerError"]],
    [503, "InternalServerError", ["isInternalServerError"]],
    [599, "InternalServerError", ["isInternalServerError"]],
    [418, "ApiError", []],
    [200, "ApiError", []],
  ];
  for (const [status, name, guards] of cases) {
    test(`${status} -> ${name}`, () => {
      const error = createApiError({ ...init, status });
      expect(error.name).toBe(name);
      expect(error).toBeInstanceOf(ApiError);
      expect(core.isApiError(error)).toBe(true);
      expect(core.isHatcheryError(error)).toBe(true);
      for (const guard of guards)
        expect((core as unknown as Record<string, (e: unknown) => boolean>)[guard]?.(error)).toBe(true);
      expect(core.isConnectionError(error)).toBe(false);
    });
  }
});

describe("messages", () => {
  const cases: [name: string, extra: Partial<ApiErrorInit>, parts: string[], absent?: string[]][] = [
    ["method, URL and status", {}, ["GET https://api.test/v1/servers/9 failed with status 404."]],
    ["provider message", { providerMessage: "Not found" }, ["status 404: Not found."]],
    ["code", { code: "E7", providerMessage: "x" }, ["status 404 (code E7): x."]],
    [
      "validation messages",
      { status: 422, validationMessages: ["email: bad", "name: missing"] },
      ["email: bad; name: missing"],
    ],
    ["request id", { requestId: "req-1" }, ["Request id: req-1."]],
    [
      "outcome unknown",
      { status: 500, method: "POST", outcomeUnknown: true },
      ["may have taken effect", "Check the server's state"],
    ],
    ["retry after on a 429", { status: 429, retryAfterMs: 120_500 }, ["The server asked to wait 121 s."]],
    ["retry after on another status is not told", { status: 503, retryAfterMs: 1000 }, [], ["asked to wait"]],
    [
      "a provider's hint for the status, after the provider's message",
      { status: 403, providerMessage: "Forbidden", hint: "Your key's role does not reach this resource" },
      ["status 403: Forbidden. Your key's role does not reach this resource."],
    ],
    [
      "a provider message that ends a sentence keeps its own stop",
      { providerMessage: "Unauthenticated." },
      ["status 404: Unauthenticated."],
      [".."],
    ],
    ["a hint that ends a sentence keeps its own stop", { hint: "Gone for good!" }, ["Gone for good!"], ["!."]],
  ];
  for (const [name, extra, parts, absent = []] of cases) {
    test(name, () => {
      const { message } = createApiError({ ...init, ...extra });
      for (const part of parts) expect(message).toContain(part);
      for (const part of absent) expect(message).not.toContain(part);
    });
  }

  test("fields are kept", () => {
    const error = createApiError({
      ...init,
      status: 429,
      requestId: "r",
      code: "c",
      validationMessages: ["v"],
      attempts: 3,
      outcomeUnknown: false,
      retryAfterMs: 5,
    });
    expect(error).toMatchObject({
      status: 429,
      method: "GET",
      url: init.url,
      headers: init.headers,
      body: init.body,
      requestId: "r",
      code: "c",
      validationMessages: ["v"],
      attempts: 3,
      outcomeUnknown: false,
      retryAfterMs: 5,
    });
  });

  test("defaults", () => {
    const error = new ApiError(init);
    expect(error).toMatchObject({
      attempts: 1,
      outcomeUnknown: false,
      validationMessages: [],
      requestId: undefined,
      retryAfterMs: undefined,
    });
  });
});

describe("request errors", () => {
  test("ConnectionError names the reason, the attempts and an unknown outcome", () => {
    const cause = new Error("socket");
    const error = new ConnectionError({
      method: "POST",
      url: "https://a.test/x",
      attempts: 1,
      outcomeUnknown: true,
      reason: "ECONNRESET",
      cause,
    });
    expect(error.message).toBe(
      "POST https://a.test/x: connection failed (ECONNRESET). The request is not idempotent and may have taken effect: it was not retried. Check the server's state before sending it again.",
    );
    expect(error.cause).toBe(cause);
    expect(core.isConnectionError(error)).toBe(true);
    expect(core.isTimeoutError(error)).toBe(false);
  });

  test("ConnectionError defaults", () => {
    const error = new ConnectionError({ method: "GET", url: "u" });
    expect(error).toMatchObject({ attempts: 1, outcomeUnknown: false, message: "GET u: connection failed." });
    expect("cause" in error).toBe(false);
  });

  test("TimeoutError is a ConnectionError with the timeout", () => {
    const error = new TimeoutError({ method: "GET", url: "u", attempts: 3, timeoutMs: 50 });
    expect(error.message).toBe("GET u: timed out after 50 ms after 3 attempts.");
    expect(error.timeoutMs).toBe(50);
    expect(core.isTimeoutError(error)).toBe(true);
    expect(core.isConnectionError(error)).toBe(true);
  });

  const others: [string, HatcheryError, string][] = [
    ["AbortError", new AbortError({ method: "GET", url: "u" }), "isAbortError"],
    [
      "QuotaExceededError",
      new QuotaExceededError({ limit: 5, used: 6, period: "2026-11-23", method: "POST", url: "u" }),
      "isQuotaExceededError",
    ],
    ["ConfigurationError", new ConfigurationError("bad"), "isConfigurationError"],
    ["InvalidArgumentError", new InvalidArgumentError("bad"), "isInvalidArgumentError"],
  ];
  for (const [name, error, guard] of others) {
    test(`${name} has its name and guard`, () => {
      expect(error.name).toBe(name);
      expect((core as unknown as Record<string, (e: unknown) => boolean>)[guard]?.(error)).toBe(true);
      expect(core.isApiError(error)).toBe(false);
      expect(core.isHatcheryError(error)).toBe(true);
    });
  }

  test("QuotaExceededError says nothing was sent", () => {
    const error = new QuotaExceededError({ limit: 5, used: 6, period: "2026-11-23", method: "POST", url: "u" });
    expect(error.message).toContain("nothing was sent");
    expect(error).toMatchObject({ limit: 5, used: 6, period: "2026-11-23" });
  });
});

describe("names of subclasses written outside core", () => {
  test("a subclass that sets its name (a field, its prototype, a getter) keeps it; its lineage is its parent's", () => {
    class ProtoNamed extends ApiError {}
    ProtoNamed.prototype.name = "ProtoNamed";
    class GetterNamed extends core.HatcheryError {}
    Object.defineProperty(GetterNamed.prototype, "name", { get: () => "GetterNamed" });
    class FieldNamed extends core.HatcheryError {
      override name = "FieldNamed";
    }
    const byPrototype = new ProtoNamed(init);
    expect([byPrototype.name, String(byPrototype.stack).split(":")[0], byPrototype.toJSON().name]).toEqual([
      "ProtoNamed",
      "ProtoNamed",
      "ProtoNamed",
    ]);
    expect(core.isApiError(byPrototype)).toBe(true);
    expect(new GetterNamed("m").name).toBe("GetterNamed");
    expect(inspect(new GetterNamed("m"))).toMatch(/^GetterNamed: m/);
    expect([new FieldNamed("m").name, inspect(new FieldNamed("m")).split(":")[0]]).toEqual([
      "FieldNamed",
      "FieldNamed",
    ]);
    expect(core.isHatcheryError(new FieldNamed("m"))).toBe(true);
  });

  test("a subclass without a brand has its parent's name; one with a static brand has its own", () => {
    class Plain extends ApiError {}
    class Branded extends ApiError {
      static override brand = "Branded";
    }
    expect(new Plain(init).name).toBe("ApiError");
    expect(new Branded(init).name).toBe("Branded");
    expect(core.isErrorNamed(new Branded(init), "Branded")).toBe(true);
    expect(core.isApiError(new Branded(init))).toBe(true);
  });

  test("brandError on a prototype (the older form) still names the class and extends its lineage", () => {
    class Older extends ApiError {}
    core.brandError(Older.prototype, "Older");
    const error = new Older(init);
    expect(error.name).toBe("Older");
    expect(core.isErrorNamed(error, "Older")).toBe(true);
    expect(core.isApiError(error)).toBe(true);
  });

  test("a prototype carries its class's name and lineage (an error rebuilt with Object.create)", () => {
    expect(core.NotFoundError.prototype.name).toBe("NotFoundError");
    const rebuilt = Object.assign(Object.create(core.NotFoundError.prototype), { message: "m" });
    expect(core.isNotFoundError(rebuilt)).toBe(true);
    expect(core.isApiError(rebuilt)).toBe(true);
  });
});

describe("name-based guards", () => {
  const LINEAGE = Symbol.for("@hatchery/core/error-lineage");

  test("recognise an error from another copy of core by its lineage", () => {
    // What a second copy of @hatchery/core builds: another class, the same global lineage symbol.
    class OtherCopyError extends Error {}
    const foreign = new OtherCopyError("GET u failed with status 429.");
    Object.defineProperty(foreign, LINEAGE, { value: ["HatcheryError", "ApiError", "RateLimitError"] });
    expect(foreign instanceof ApiError).toBe(false);
    expect(core.isHatcheryError(foreign)).toBe(true);
    expect(core.isApiError(foreign)).toBe(true);
    expect(core.isRateLimitError(foreign)).toBe(true);
    expect(core.isNotFoundError(foreign)).toBe(false);
    expect(core.isConnectionError(foreign)).toBe(false);
  });

  test("a plain object with the lineage works too (structured clone, another realm)", () => {
    expect(core.isTimeoutError({ [LINEAGE]: ["HatcheryError", "ConnectionError", "TimeoutError"] })).toBe(true);
    expect(core.isConnectionError({ [LINEAGE]: ["HatcheryError", "ConnectionError", "TimeoutError"] })).toBe(true);
  });

  test("a name alone is not enough, and odd values are false", () => {
    const impostor = Object.assign(new Error("x"), { name: "ApiError" });
    for (const value of [impostor, null, undefined, "ApiError", 42, { [LINEAGE]: "ApiError" }, {}]) {
      expect(core.isApiError(value)).toBe(false);
    }
  });

  test("the lineage is hidden from JSON and enumeration", () => {
    const error = createApiError(init);
    expect(Object.keys(error)).not.toContain(String(LINEAGE));
    expect(JSON.stringify(error)).not.toContain("lineage");
  });
});

describe("serialisation", () => {
  test("toJSON gives the name, message and fields but not the cause", () => {
    const error = new ConnectionError({ method: "GET", url: "https://a.test/", cause: new Error("inner") });
    const plain = JSON.parse(JSON.stringify(error));
    expect(plain).toEqual({
      name: "ConnectionError",
      message: "GET https://a.test/: connection failed.",
      method: "GET",
      url: "https://a.test/",
      attempts: 1,
      outcomeUnknown: false,
    });
  });

  test("util.inspect and String show the message", () => {
    const error = createApiError({ ...init, providerMessage: "Not found" });
    expect(String(error)).toBe(`NotFoundError: ${error.message}`);
    expect(inspect(error)).toContain("NotFoundError");
  });
});
