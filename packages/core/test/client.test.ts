import { inspect } from "node:util";
import type { Middleware } from "openapi-fetch";
import { describe, expect, test, vi } from "vitest";
import {
  createCoreClient,
  createLogger,
  isAbortError,
  isApiError,
  isAuthenticationError,
  isConfigurationError,
  isConnectionError,
  isInternalServerError,
  isInvalidArgumentError,
  isNotFoundError,
  isRateLimitError,
  isUnexpectedResponseError,
  isUnprocessableEntityError,
  type OperationSpec,
  type ProviderSpec,
  REDACTED,
} from "../src/index.js";
import { json, observed, ok, ops, rejection, resultProvider } from "./helpers.js";

const KEY = "sk_live_SECRET_0001";

describe("a call, end to end (in memory)", () => {
  test("sends a typed request and returns the unwrapped payload", async () => {
    const { client, fake } = observed(() => ok({ id: 42, name: "web" }, { "x-tiny-trace": "trace-1" }));
    const data = await client.call(ops.getThing, { params: { path: { id: 42 }, query: { verbose: true } } });
    expect(data).toEqual({ id: 42, name: "web" });
    const [sent] = fake.requests;
    expect(sent?.method).toBe("GET");
    expect(sent?.url).toBe("https://api.tiny.test/things/42?verbose=true");
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.headers.accept).toBe("application/json");
  });

  test("withResponse gives the request id, attempts, warnings, body and raw response", async () => {
    let n = 0;
    const { client } = observed(() =>
      ++n === 1 ? json(503, { result: "error", message: "busy" }) : ok([1], { "x-tiny-trace": "t-9" }),
    );
    const result = await client.call<number[]>(ops.listThings).withResponse();
    expect(result.data).toEqual([1]);
    expect(result.requestId).toBe("t-9");
    expect(result.attempts).toBe(2);
    expect(result.warnings).toEqual([]);
    expect(result.body).toEqual({ result: "success", data: [1] });
    expect(result.response.status).toBe(200);
    expect(await result.response.json()).toEqual({ result: "success", data: [1] });
  });

  test("ApiPromise: then, catch, finally and toStringTag", async () => {
    const { client } = observed(() => json(404, { result: "error", message: "gone" }));
    const promise = client.call(ops.getThing, { params: { path: { id: 1 } } });
    expect(Object.prototype.toString.call(promise)).toBe("[object ApiPromise]");
    const onFinally = vi.fn();
    const caught = await promise.catch((e: unknown) => e).finally(onFinally);
    expect(isNotFoundError(caught)).toBe(true);
    expect(onFinally).toHaveBeenCalledOnce();
    const { client: good } = observed(() => ok(5));
    await expect(good.call(ops.getThing, { params: { path: { id: 1 } } }).finally(() => {})).resolves.toBe(5);
  });

  test("falls back to x-request-id", async () => {
    const { client } = observed(() => ok(1, { "x-request-id": "generic" }));
    expect((await client.call(ops.listThings).withResponse()).requestId).toBe("generic");
  });

  test("a JSON body is sent as JSON, a form body form-encoded", async () => {
    const { client, fake } = observed(() => ok(null));
    await client.call(ops.createThing, { body: { name: "a b", tags: ["x"] } });
    await client.call(ops.formThing, { body: { name: "a b", n: 1 } });
    expect(fake.requests[0]?.headers["content-type"]).toBe("application/json");
    expect(fake.requests[0]?.body).toBe('{"name":"a b","tags":["x"]}');
    expect(fake.requests[1]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(fake.requests[1]?.body).toBe("name=a+b&n=1");
  });

  test("path parameters are encoded and `..` is refused before sending", async () => {
    const { client, fake } = observed(() => ok(null));
    await client.call(ops.getThing, { params: { path: { id: "../admin?x#y" } } });
    expect(fake.requests[0]?.url).toBe("https://api.tiny.test/things/..%2Fadmin%3Fx%23y");
    const error = await rejection(client.call(ops.getThing, { params: { path: { id: ".." } } }));
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  test("204 No Content is a success with no payload, whatever the envelope", async () => {
    const { client } = observed(() => new Response(null, { status: 204 }));
    await expect(client.call(ops.getThing, { params: { path: { id: 1 } } })).resolves.toBeUndefined();
  });

  test("coerces loose fields and honours a payload override", async () => {
    const op: OperationSpec = { ...ops.listThings, payload: "data.count", coerce: [["data.count", "integer"]] };
    const { client } = observed(() => ok({ count: "12" }));
    await expect(client.call(op)).resolves.toBe(12);
  });
});

describe("errors from a call", () => {
  const cases: [name: string, response: () => Response, check: (e: unknown) => boolean, parts: string[]][] = [
    [
      "HostHatch 422",
      () => json(422, { result: "error", message: "Validation failed", errors: ["The product field is required."] }),
      isUnprocessableEntityError,
      ["status 422", "Validation failed", "The product field is required."],
    ],
    ["401", () => json(401, { result: "error", message: "Unauthenticated" }), isAuthenticationError, ["status 401"]],
    [
      "429 without Retry-After, after retries",
      () => json(429, { result: "error", message: "slow down" }),
      isRateLimitError,
      ["status 429", "after"],
    ],
    [
      "an HTML gateway page",
      () =>
        new Response("<html><body>Bad gateway</body></html>", {
          status: 502,
          headers: { "content-type": "text/html" },
        }),
      isInternalServerError,
      ["HTML page"],
    ],
    [
      "garbage JSON on a 200",
      () => new Response("{not json", { status: 200, headers: { "content-type": "application/json" } }),
      isUnexpectedResponseError,
      ["not valid JSON"],
    ],
    ["a wrong envelope on a 200", () => json(200, { data: 1 }), isUnexpectedResponseError, ["not a success envelope"]],
    [
      "an error envelope on a 200",
      () => json(200, { result: "error", message: "quota" }),
      (e) => isApiError(e) && (e as { status: number }).status === 200,
      ["status 200: quota"],
    ],
    [
      "a redirect that was not followed",
      () => new Response(null, { status: 302, headers: { location: "https://elsewhere.test/" } }),
      isUnexpectedResponseError,
      ["redirect", "another origin"],
    ],
  ];
  for (const [name, response, check, parts] of cases) {
    test(name, async () => {
      const { client } = observed(response);
      const error = await rejection(client.call(ops.listThings));
      expect(check(error)).toBe(true);
      for (const part of parts) expect((error as Error).message).toContain(part);
      expect((error as Error).message).toContain("GET https://api.tiny.test/things");
    });
  }

  test("an error carries status, headers (redacted), body, request id, attempts", async () => {
    const { client } = observed(() =>
      json(404, { result: "error", message: "Not found" }, { "x-tiny-trace": "t-404", "set-cookie": "sid=secret" }),
    );
    const error = (await rejection(client.call(ops.getThing, { params: { path: { id: 9 } } }))) as Record<
      string,
      unknown
    >;
    expect(error).toMatchObject({
      status: 404,
      method: "GET",
      url: "https://api.tiny.test/things/9",
      body: { result: "error", message: "Not found" },
      requestId: "t-404",
      attempts: 1,
      outcomeUnknown: false,
    });
    expect(error.headers).toMatchObject({
      "content-type": "application/json",
      "x-tiny-trace": "t-404",
      "set-cookie": REDACTED,
    });
  });

  test("a non-idempotent 5xx is not retried and says the outcome is unknown", async () => {
    const { client, fake } = observed(() => json(500, { result: "error", message: "boom" }));
    const error = (await rejection(client.call(ops.createThing, { body: {} }))) as {
      outcomeUnknown: boolean;
      message: string;
    };
    expect(fake.requests).toHaveLength(1);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toContain("may have taken effect");
  });

  test("idempotentWhenBodyHas: a body with the key makes the upsert retryable", async () => {
    const { client, fake } = observed(() => json(503, { result: "error", message: "busy" }));
    await rejection(client.call(ops.upsert, { body: { id: "x1" } }));
    expect(fake.requests).toHaveLength(3);
    fake.clear();
    for (const body of [{ id: "  " }, { id: null }, {}, undefined]) await rejection(client.call(ops.upsert, { body }));
    expect(fake.requests).toHaveLength(4);
  });

  test("the idempotent call option overrides the operation", async () => {
    const { client, fake } = observed(() => json(503, {}));
    await rejection(client.call(ops.createThing, { body: {} }, { idempotent: true }));
    expect(fake.requests).toHaveLength(3);
  });

  test("a per-call retry policy, and turning retries back on over a client's false", async () => {
    const { client, fake } = observed(() => json(503, {}), { retry: false });
    await rejection(client.call(ops.listThings));
    expect(fake.requests).toHaveLength(1);
    fake.clear();
    await rejection(client.call(ops.listThings, {}, { retry: { maxRetries: 1, baseDelayMs: 1 } }));
    expect(fake.requests).toHaveLength(2);
    fake.clear();
    const { client: retrying, fake: fake2 } = observed(() => json(503, {}));
    await rejection(retrying.call(ops.listThings, {}, { retry: false }));
    expect(fake2.requests).toHaveLength(1);
  });

  test("a network failure becomes a ConnectionError (fetch throwing)", async () => {
    const { client, fake } = observed(() => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("reset"), { code: "ECONNRESET" }) });
    });
    const error = await rejection(client.call(ops.listThings));
    expect(isConnectionError(error)).toBe(true);
    expect((error as Error).message).toContain("ECONNRESET");
    expect(fake.requests).toHaveLength(3);
  });

  test("an error the fetch throws without a code is still a connection failure", async () => {
    const { client } = observed(
      () => {
        throw new Error("weird");
      },
      { retry: false },
    );
    const error = await rejection(client.call(ops.createThing, { body: {} }));
    expect(isConnectionError(error)).toBe(true);
    expect((error as Error).message).toContain("the connection broke before a full response arrived");
    expect((error as { outcomeUnknown: boolean }).outcomeUnknown).toBe(true);
  });
});

describe("a success without the payload the spec requires", () => {
  const getThing = { ...ops.getThing, payloadRequired: true };
  const empty = () => new Response(null, { status: 200 });
  // [case, response, operation, the payload, or the message of an UnexpectedResponseError]
  const cases: [string, () => Response, typeof getThing | typeof ops.getThing, unknown][] = [
    [
      "an envelope without data",
      () => json(200, { result: "success" }),
      getThing,
      /no "data", which the spec requires/,
    ],
    ["an empty 200 (the envelope's own check)", empty, getThing, /not a success envelope/],
    ["data: null is a payload", () => ok(null), getThing, null],
    ["data: false is a payload", () => ok(false), getThing, false],
    ["204 No Content is a success with no payload", () => new Response(null, { status: 204 }), getThing, undefined],
    [
      "an operation whose spec leaves the payload optional",
      () => json(200, { result: "success" }),
      ops.getThing,
      undefined,
    ],
  ];
  for (const [name, respond, operation, want] of cases) {
    test(name, async () => {
      const { client, fake } = observed(respond);
      const call = client.call(operation, { params: { path: { id: 7 } } });
      if (!(want instanceof RegExp)) return expect(call).resolves.toBe(want);
      const error = await rejection(call);
      expect(isUnexpectedResponseError(error)).toBe(true);
      expect(error).toMatchObject({ status: 200, method: "GET", url: "https://api.tiny.test/things/7", attempts: 1 });
      expect((error as Error).message).toContain("GET https://api.tiny.test/things/7");
      expect((error as Error).message).toMatch(want);
      expect(fake.requests).toHaveLength(1);
    });
  }

  // The `{data}` envelope (LeanLaw, Hatch) has no success marker: only the spec says whether `data` must be there.
  const dataProvider = { ...resultProvider, envelope: { kind: "data", payload: "data" } } as const;
  const dataCases: [string, () => Response][] = [
    ["{} from a proxy", () => json(200, {})],
    ["an empty 200", empty],
    ["a 201 with only pagination", () => json(201, { pagination: { total: 0 } })],
  ];
  for (const [name, respond] of dataCases) {
    test(`{data} envelope: ${name}`, async () => {
      const error = await rejection(
        observed(respond, {}, dataProvider).client.call(getThing, { params: { path: { id: 7 } } }),
      );
      expect(isUnexpectedResponseError(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /^GET https:\/\/api\.tiny\.test\/things\/7 failed with status 2\d\d: the response has no "data", which the spec requires/,
      );
    });
  }
  test("{data} envelope: an optional payload may be missing", async () => {
    const { client } = observed(() => json(200, {}), {}, dataProvider);
    await expect(client.call(ops.getThing, { params: { path: { id: 7 } } })).resolves.toBeUndefined();
  });
});

describe("auth", () => {
  test("the bearer key may be a function, called per attempt (rotation)", async () => {
    let n = 0;
    const apiKey = vi.fn(async () => `rotating-key-${++n}`);
    const { client, fake } = observed(
      (r) => (r.headers.get("authorization") === "Bearer rotating-key-1" ? json(503, {}) : ok(1)),
      { apiKey },
    );
    await client.call(ops.listThings);
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer rotating-key-1",
      "Bearer rotating-key-2",
    ]);
    expect(apiKey).toHaveBeenCalledTimes(2);
  });

  test("a key function returning CR/LF is refused, not retried, and never shown", async () => {
    const { client, fake } = observed(() => ok(1), { apiKey: () => "evil\r\nX-Injected: 1" });
    const error = await rejection(client.call(ops.listThings));
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).not.toContain("evil");
    expect(fake.requests).toHaveLength(0);
  });

  test("a key function that throws propagates its own error, unretried", async () => {
    const boom = new Error("vault unreachable");
    const apiKey = vi.fn(() => Promise.reject(boom));
    const { client, fake } = observed(() => ok(1), { apiKey });
    expect(await rejection(client.call(ops.listThings))).toBe(boom);
    expect(apiKey).toHaveBeenCalledOnce();
    expect(fake.requests).toHaveLength(0);
  });

  test("a key with CR/LF is refused at construction", () => {
    expect(() => observed(() => ok(1), { apiKey: "k\nX: y" })).toThrow(/CR, LF/);
  });

  test("no auth provider sends no Authorization", async () => {
    const { client, fake } = observed(
      () => ok(1),
      { apiKey: undefined },
      { ...resultProvider, auth: { kind: "none" } },
    );
    await client.call(ops.listThings);
    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
  });

  test("a success that echoes the key has it redacted from the payload, the body and the raw response; others are untouched", async () => {
    const { client } = observed((r) => ok({ seen: r.headers.get("authorization"), id: 7 }));
    const result = await client.call(ops.getThing, { params: { path: { id: 7 } } }).withResponse();
    expect(result.data).toEqual({ seen: `Bearer ${REDACTED}`, id: 7 });
    expect(JSON.stringify(result.body)).not.toContain("SECRET_0001");
    // The raw response's body too: built from the scrubbed text.
    expect(await result.response.json()).toEqual({ result: "success", data: { seen: `Bearer ${REDACTED}`, id: 7 } });
    const plain = { id: 8, nested: [{ a: "b" }] };
    const { client: quiet } = observed(() => ok(plain));
    const clean = await quiet.call(ops.getThing, { params: { path: { id: 8 } } }).withResponse();
    expect(clean.data).toEqual(plain);
    // No secret in the text, no copy: the body is the parsed one, the payload a part of it.
    expect(clean.data).toBe((clean.body as { data: unknown }).data);
  });

  test("the key never appears in an error, JSON.stringify, String or util.inspect", async () => {
    const echo = (r: Request) =>
      json(
        400,
        { result: "error", message: `bad key ${r.headers.get("authorization")}`, errors: [`key=${KEY}`], [KEY]: KEY },
        { "x-echo": KEY, "x-tiny-trace": KEY },
      );
    const { client } = observed(echo);
    const error = await rejection(
      client.call(ops.getThing, { params: { path: { id: KEY }, query: { q: KEY, api_key: KEY } } }),
    );
    for (const view of [
      (error as Error).message,
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
    ]) {
      expect(view).not.toContain(KEY);
      expect(view).not.toContain("SECRET_0001");
    }
    expect((error as Error).message).toContain(REDACTED);
  });
});

describe("configuration", () => {
  const base = { provider: resultProvider, operations: ops };
  const refused: [name: string, options: Record<string, unknown>, message: RegExp][] = [
    ["plain http to a remote host", { baseUrl: "http://api.example.com" }, /not HTTPS/],
    ["credentials in the base URL", { baseUrl: "https://u:p@api.example.com" }, /must not contain credentials/],
    ["CR/LF in a header option", { headers: { "X-Tag": "a\r\nb" } }, /CR, LF/],
    ["an invalid header name", { headers: { "Bad Header": "x" } }, /not a valid header name/],
    ["a header value beyond Latin-1", { headers: { "X-Name": "Łukasz" } }, /beyond U\+00FF/],
    ["a zero timeout", { timeoutMs: 0 }, /timeoutMs/],
    ["an infinite timeout (an attempt must end)", { timeoutMs: Number.POSITIVE_INFINITY }, /timeoutMs/],
    [
      "maxConcurrency as a number (it takes concurrencyLimit(n))",
      { maxConcurrency: 4 },
      /maxConcurrency takes concurrencyLimit/,
    ],
    ["rateLimit as plain options", { rateLimit: { requests: 5, windowMs: 1000 } }, /rateLimit takes rateLimiter/],
    ["quota as plain options", { quota: { dailyLimit: 5 } }, /quota takes dailyQuota/],
    ["cache as plain options", { cache: { ttlMs: 1000 } }, /cache takes responseCache/],
    ["logger as a console", { logger: console }, /logger takes createLogger/],
    ["NaN retries", { retry: { maxRetries: Number.NaN } }, /maxRetries/],
  ];
  for (const [name, options, message] of refused) {
    test(`refuses ${name}`, () => {
      let error: unknown;
      try {
        createCoreClient({ ...base, options: options as never });
      } catch (e) {
        error = e;
      }
      expect(isConfigurationError(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    });
  }

  test("allows plain http on loopback and with allowInsecureHttp", () => {
    expect(() => createCoreClient({ ...base, options: { baseUrl: "http://127.0.0.1:1" } })).not.toThrow();
    expect(() =>
      createCoreClient({ ...base, options: { baseUrl: "http://api.example.com", allowInsecureHttp: true } }),
    ).not.toThrow();
  });

  test("CR/LF in a per-call header or an invalid per-call timeout is refused before sending", async () => {
    const { client, fake } = observed(() => ok(1));
    expect(isConfigurationError(await rejection(client.call(ops.listThings, {}, { headers: { "X-A": "1\n2" } })))).toBe(
      true,
    );
    expect(isConfigurationError(await rejection(client.call(ops.listThings, {}, { headers: { "X A": "1" } })))).toBe(
      true,
    );
    expect(isConfigurationError(await rejection(client.call(ops.listThings, {}, { timeoutMs: -1 })))).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });

  test("header options and per-call headers are sent", async () => {
    const provider: ProviderSpec = { ...resultProvider, headerOptions: { userId: "x-user-id" } };
    const fetch = vi.fn(async (_r: Request) => ok(1));
    const client = createCoreClient<never>({
      provider,
      operations: ops,
      options: { apiKey: KEY, fetch, headers: { "X-Client": "c" } },
      headerValues: { userId: "u-1", missing: undefined },
    });
    await client.call(ops.listThings, {}, { headers: { "X-Call": "d" } });
    const sent = fetch.mock.calls[0]?.[0] as Request;
    expect([sent.headers.get("x-user-id"), sent.headers.get("x-client"), sent.headers.get("x-call")]).toEqual([
      "u-1",
      "c",
      "d",
    ]);
    expect(() =>
      createCoreClient({ provider, operations: ops, options: {}, headerValues: { userId: "a\r\nb" } }),
    ).toThrow(/CR, LF/);
  });

  test("server variables fill the base URL, encoded; a missing one is refused", async () => {
    const provider: ProviderSpec = {
      ...resultProvider,
      baseUrl: "https://api.tiny.test/{version}",
      serverVariables: { version: "4-4" },
    };
    const fetch = vi.fn(async (_r: Request) => ok(1));
    await createCoreClient<never>({ provider, operations: ops, options: { fetch } }).call(ops.listThings);
    await createCoreClient<never>({
      provider,
      operations: ops,
      options: { fetch },
      serverVariables: { version: "5/0" },
    }).call(ops.listThings);
    expect(fetch.mock.calls.map((c) => (c[0] as Request).url)).toEqual([
      "https://api.tiny.test/4-4/things",
      "https://api.tiny.test/5%2F0/things",
    ]);
    expect(() =>
      createCoreClient({ provider: { ...provider, serverVariables: {} }, operations: ops, options: {} }),
    ).toThrow(/server variable "version"/);
  });

  test("uses globalThis.fetch when none is given", async () => {
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => ok("global"));
    const client = createCoreClient<never>({ provider: resultProvider, operations: ops, options: {} });
    await expect(client.call(ops.listThings)).resolves.toBe("global");
    expect(spy).toHaveBeenCalledOnce();
  });

  test("paginate refuses an operation without pagination, and a negative maxItems", () => {
    const { client } = observed(() => ok(1));
    expect(() => client.paginate(ops.listThings)).toThrow(/not a list operation/);
    const listed = {
      ...ops.listThings,
      pagination: { style: "page" as const, items: "data", pageParam: "page", in: "query" as const },
    };
    expect(() => client.paginate(listed, {}, { maxItems: -1 })).toThrow(/maxItems/);
  });
});

describe("browser guard", () => {
  test("refuses a secret in a browser unless dangerouslyAllowBrowser, and allows no secret", () => {
    const g = globalThis as { window?: unknown; document?: unknown };
    try {
      g.window = globalThis;
      g.document = {};
      let error: unknown;
      try {
        createCoreClient({ provider: resultProvider, operations: ops, options: { apiKey: KEY } });
      } catch (e) {
        error = e;
      }
      expect(isConfigurationError(error)).toBe(true);
      expect((error as Error).message).toContain("browser");
      expect((error as Error).message).not.toContain(KEY);
      expect(() =>
        createCoreClient({ provider: resultProvider, operations: ops, options: { apiKey: () => KEY } }),
      ).toThrow(/browser/);
      expect(() =>
        createCoreClient({
          provider: resultProvider,
          operations: ops,
          options: { apiKey: KEY, dangerouslyAllowBrowser: true },
        }),
      ).not.toThrow();
      expect(() => createCoreClient({ provider: resultProvider, operations: ops, options: {} })).not.toThrow();
    } finally {
      delete g.window;
      delete g.document;
    }
    expect(() =>
      createCoreClient({ provider: resultProvider, operations: ops, options: { apiKey: KEY } }),
    ).not.toThrow();
  });
});

describe("logging", () => {
  function recordingLogger() {
    const lines: { level: string; message: string; fields?: unknown }[] = [];
    const at = (level: string) => (message: string, fields?: unknown) => lines.push({ level, message, fields });
    return { lines, logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") } };
  }

  test("logs attempts, retries and failures, redacted (allowlisted headers, secrets, sensitive query values)", async () => {
    const { lines, logger } = recordingLogger();
    let n = 0;
    const { client } = observed(
      () =>
        ++n < 3 ? json(503, {}, { "set-cookie": `sid=${KEY}`, "x-tiny-trace": "t" }) : ok(1, { "x-tiny-trace": "t" }),
      { logger: createLogger(logger, "debug") },
    );
    await client.call(ops.getThing, { params: { path: { id: KEY }, query: { token: "tok-123", page: 2 } } });
    const text = JSON.stringify(lines);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain("SECRET_0001");
    expect(text).not.toContain("tok-123");
    expect(lines.filter((l) => l.level === "debug")).toHaveLength(3);
    expect(lines.filter((l) => l.level === "info" && l.message.includes("retrying"))).toHaveLength(2);
    const first = lines.find((l) => l.level === "debug")?.fields as {
      headers: Record<string, string>;
      url: string;
      status: number;
    };
    expect(first.status).toBe(503);
    expect(first.headers).toMatchObject({
      "content-type": "application/json",
      "set-cookie": REDACTED,
      "x-tiny-trace": "t",
    });
    expect(first.url).toBe(`https://api.tiny.test/things/${REDACTED}?token=${REDACTED}&page=2`);
  });

  test("warns on a final failure; the default level drops debug lines", async () => {
    const { lines, logger } = recordingLogger();
    const { client } = observed(
      () => {
        throw new TypeError("fetch failed");
      },
      { logger: createLogger(logger), retry: false },
    );
    await rejection(client.call(ops.listThings));
    expect(lines.map((l) => l.level)).toEqual(["warn"]);
    expect(lines[0]?.message).toContain("after 1 attempt");
  });
});

describe("the raw openapi-fetch client", () => {
  test("uses the same transport: auth, retries, redaction", async () => {
    let n = 0;
    const { client, fake } = observed(() => (++n === 1 ? json(503, {}) : ok({ id: 1 })));
    const raw = client.raw as unknown as {
      GET: (p: string, i?: unknown) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
    };
    const { data, response } = await raw.GET("/things/{id}", { params: { path: { id: "a/b" } } });
    expect(data).toEqual({ result: "success", data: { id: 1 } });
    expect(response.status).toBe(200);
    expect(fake.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ["https://api.tiny.test/things/a%2Fb", `Bearer ${KEY}`],
      ["https://api.tiny.test/things/a%2Fb", `Bearer ${KEY}`],
    ]);
  });

  test("POST through the raw client is not retried after a 5xx", async () => {
    const { client, fake } = observed(() => json(500, { result: "error" }));
    const raw = client.raw as unknown as {
      POST: (p: string, i?: unknown) => Promise<{ error?: unknown; response: Response }>;
    };
    const { error, response } = await raw.POST("/things", { body: { a: 1 } });
    expect(response.status).toBe(500);
    expect(error).toEqual({ result: "error" });
    expect(fake.requests).toHaveLength(1);
  });

  test("honours the signal given to a raw call", async () => {
    const c = new AbortController();
    const { client } = observed(
      (r) =>
        new Promise<Response>((_, reject) => {
          r.signal.addEventListener("abort", () => reject(r.signal.reason));
          c.abort(new Error("caller gave up"));
        }),
    );
    const raw = client.raw as unknown as { GET: (p: string, i?: unknown) => Promise<unknown> };
    const error = await rejection(raw.GET("/things", { signal: c.signal }));
    expect(isAbortError(error)).toBe(true);
  });

  test("openapi-fetch middleware still applies, to generated calls and the raw client", async () => {
    const seen: string[] = [];
    const middleware: Middleware = {
      onRequest({ request }) {
        seen.push(`req ${request.method}`);
        request.headers.set("x-from-middleware", "1");
        return request;
      },
      onResponse({ response }) {
        seen.push(`res ${response.status}`);
        return undefined;
      },
    };
    const { client, fake } = observed(() => ok(7), { middleware: [middleware] });
    await expect(client.call(ops.listThings)).resolves.toBe(7);
    await (client.raw as unknown as { GET: (p: string) => Promise<unknown> }).GET("/things");
    expect(seen).toEqual(["req GET", "res 200", "req GET", "res 200"]);
    expect(fake.requests.every((r) => r.headers["x-from-middleware"] === "1")).toBe(true);
  });

  test("middleware never sees the API key: credentials go on the transport's copy of the headers", async () => {
    const seen: (string | null)[] = [];
    const middleware: Middleware = {
      onRequest: ({ request }) => void seen.push(request.headers.get("authorization")),
      onResponse: ({ request }) => void seen.push(request.headers.get("authorization")),
      onError: ({ request }) => void seen.push(request.headers.get("authorization")),
    };
    const { client, fake } = observed(
      () => (fake.requests.length === 1 ? json(503, { result: "error", message: "busy" }) : ok(7)),
      { middleware: [middleware] },
    );
    await expect(client.call(ops.listThings)).resolves.toBe(7);
    await (client.raw as unknown as { GET: (p: string) => Promise<unknown> }).GET("/things");
    expect(seen).toEqual([null, null, null, null]);
    // Every attempt, the retried one included, carried the key.
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual(Array(3).fill(`Bearer ${KEY}`));
  });

  test("a result and its response log without the unredacted body or URL the transport kept", async () => {
    const { client } = observed(() => ok({ echo: KEY }));
    const result = await client.call(ops.listThings).withResponse();
    const shown = `${inspect(result, { depth: 10, showHidden: false })} ${JSON.stringify(result)}`;
    expect(shown).toContain("echo");
    // Only the documented fields are the result's own: nothing internal rides along into a log line.
    expect(Object.keys(result)).toEqual(["data", "requestId", "warnings", "body", "attempts"]);
    expect(shown).not.toContain(KEY);
    expect(inspect(result.response, { depth: 10 })).not.toContain(KEY);
    expect(await result.response.text()).not.toContain(KEY);
  });

  test("a middleware registered later through raw.use gets a real Request for generated calls", async () => {
    const bodies: string[] = [];
    const middleware: Middleware = {
      async onRequest({ request }) {
        expect(request).toBeInstanceOf(Request);
        bodies.push(await request.clone().text());
        return undefined;
      },
    };
    const { client, fake } = observed(() => ok(7));
    await expect(client.call(ops.createThing, { body: { name: "before" } })).resolves.toBe(7);
    client.raw.use(middleware);
    await expect(client.call(ops.createThing, { body: { name: "after" } })).resolves.toBe(7);
    expect(bodies).toEqual(['{"name":"after"}']);
    expect(fake.requests.map((r) => r.body)).toEqual(['{"name":"before"}', '{"name":"after"}']);
  });

  test("the raw response of a result is built once, readable, with status and headers", async () => {
    const { client } = observed(() => ok([1, 2], { "x-tiny-trace": "t-1" }));
    const result = await client.call<number[]>(ops.listThings).withResponse();
    expect(result.response).toBe(result.response);
    expect(result.response.headers.get("x-tiny-trace")).toBe("t-1");
    expect(await result.response.text()).toBe('{"result":"success","data":[1,2]}');
    const empty = await observed(() => new Response(null, { status: 204 }))
      .client.call(ops.listThings)
      .withResponse();
    expect([empty.response.status, empty.response.body]).toEqual([204, null]);
  });

  test("a middleware that replaces the response is still parsed and unwrapped", async () => {
    const replace: Middleware = { onResponse: () => json(200, { result: "success", data: "replaced" }) };
    const { client } = observed(() => ok("original"), { middleware: [replace] });
    await expect(client.call(ops.listThings)).resolves.toBe("replaced");
    const failing: Middleware = { onResponse: () => json(404, { result: "error", message: "replaced 404" }) };
    const { client: c2 } = observed(() => ok("original"), { middleware: [failing] });
    const error = await rejection(c2.call(ops.listThings));
    expect(isNotFoundError(error)).toBe(true);
    expect((error as Error).message).toContain("replaced 404");
  });
});

describe("abort edge cases", () => {
  test("an abort while the key function runs sends nothing", async () => {
    const c = new AbortController();
    const apiKey = async () => {
      c.abort(new Error("changed my mind"));
      return KEY;
    };
    const { client, fake } = observed(() => ok(1), { apiKey });
    const error = await rejection(client.call(ops.listThings, {}, { signal: c.signal }));
    expect(isAbortError(error)).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });

  test("a fetch that ignores the signal still cannot hold the call past an abort", async () => {
    const c = new AbortController();
    const { client } = observed(() => {
      c.abort();
      return new Promise<Response>(() => {});
    });
    expect(isAbortError(await rejection(client.call(ops.listThings, {}, { signal: c.signal })))).toBe(true);
  });
});

describe("x-hatchery.errorHints", () => {
  const hinted: ProviderSpec = {
    ...resultProvider,
    errorHints: { "403": "This key's role does not reach the resource" },
  };

  test("the hint for the status is told in the error's message, after the provider's own", async () => {
    const { client } = observed(() => json(403, { result: "error", message: "Forbidden" }), {}, hinted);
    const error = (await rejection(client.call(ops.getThing, { params: { path: { id: 1 } } }))) as Error;
    expect(error.name).toBe("PermissionDeniedError");
    expect(error.message).toContain("failed with status 403: Forbidden. This key's role does not reach the resource.");
  });

  test("also when the body is not JSON at all", async () => {
    const { client } = observed(() => new Response("<html>403</html>", { status: 403 }), {}, hinted);
    const error = (await rejection(client.call(ops.getThing, { params: { path: { id: 1 } } }))) as Error;
    expect(error.message).toContain("This key's role does not reach the resource.");
  });

  test("other statuses, and providers without hints, are untouched", async () => {
    const { client } = observed(() => json(404, { result: "error", message: "gone" }), {}, hinted);
    const notFound = (await rejection(client.call(ops.getThing, { params: { path: { id: 1 } } }))) as Error;
    expect(notFound.message).not.toContain("role");
    const { client: plain } = observed(() => json(403, { result: "error", message: "Forbidden" }));
    const forbidden = (await rejection(plain.call(ops.getThing, { params: { path: { id: 1 } } }))) as Error;
    expect(forbidden.message).not.toContain("role");
  });
});
