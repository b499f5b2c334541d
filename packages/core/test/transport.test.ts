import { createServer } from "node:net";
import { describe, expect, test } from "vitest";
import {
  type ConnectionError,
  classifyFailure,
  createTransport,
  isConnectionError,
  isInvalidArgumentError,
  Redactor,
  responseInfo,
} from "../src/index.js";

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe("classifyFailure", () => {
  const cases: [name: string, error: unknown, want: "refused" | "network"][] = [
    ["undici connection refused", new TypeError("fetch failed", { cause: withCode("ECONNREFUSED") }), "refused"],
    ["DNS failure", new TypeError("fetch failed", { cause: withCode("ENOTFOUND") }), "refused"],
    ["DNS try again", new TypeError("fetch failed", { cause: withCode("EAI_AGAIN") }), "refused"],
    ["unreachable network", withCode("ENETUNREACH"), "refused"],
    [
      "happy eyeballs: every address refused",
      new TypeError("fetch failed", {
        cause: Object.assign(new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")]), {
          code: "ECONNREFUSED",
        }),
      }),
      "refused",
    ],
    [
      "one address refused, one reset: ambiguous",
      new TypeError("fetch failed", { cause: new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNRESET")]) }),
      "network",
    ],
    ["reset", new TypeError("fetch failed", { cause: withCode("ECONNRESET") }), "network"],
    [
      "socket closed by the other side",
      new TypeError("fetch failed", { cause: withCode("UND_ERR_SOCKET") }),
      "network",
    ],
    ["no code at all", new Error("weird"), "network"],
    ["not even an error", "a string", "network"],
    ["null", null, "network"],
  ];
  for (const [name, error, want] of cases) test(name, () => expect(classifyFailure(error)).toBe(want));
});

describe("createTransport", () => {
  /** Two retries of 503s and failures, without waiting. */
  const fast = {
    maxRetries: 2,
    baseDelayMs: 0,
    maxDelayMs: 0,
    jitter: 0,
    maxRetryAfterMs: 0,
    statusCodes: [503],
    budget: false as const,
  };
  const transport = (fetch: (r: Request) => Promise<Response>) =>
    createTransport({
      fetch,
      budget: undefined,
      quota: undefined,
      redactor: new Redactor(),
      log: () => {},
    });

  test("a request that cannot be rebuilt is an InvalidArgumentError, not a connection failure", async () => {
    let calls = 0;
    const send = transport(async () => {
      calls += 1;
      return new Response("x");
    });
    const request = {
      method: "CONNECT",
      url: "https://a.test/",
      headers: new Headers(),
      body: null,
    } as unknown as Request;
    const error = await send(request, { idempotent: true, retry: false, timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(calls).toBe(0);
  });

  test("the reason a request cannot be built never carries a secret (a URL with credentials, say)", async () => {
    const redactor = new Redactor();
    redactor.addSecret("sk_live_SECRET_0001");
    const send = createTransport({ fetch: async () => new Response("x"), redactor });
    const request = {
      method: "GET",
      url: "https://u:sk_live_SECRET_0001@a.test/",
      headers: new Headers(),
      body: undefined,
    } as unknown as Request;
    const error = await send(request, { idempotent: true, retry: false, timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(String(error)).toMatch(/cannot be constructed/);
    expect(String(error)).not.toContain("SECRET");
  });

  test("a failure after a redirect is ambiguous: a POST answered 303 is not re-sent when the GET is refused", async () => {
    const seen: string[] = [];
    const send = transport(async (r) => {
      seen.push(`${r.method} ${new URL(r.url).pathname}`);
      if (r.method === "POST") return new Response(null, { status: 303, headers: { location: "/created/1" } });
      throw new TypeError("fetch failed", { cause: withCode("ECONNREFUSED") });
    });
    const post = new Request("https://a.test/things", { method: "POST", body: "{}" });
    const error = await send(post, { idempotent: false, retry: fast, timeoutMs: 1000 }).catch((e: unknown) => e);
    // The server created the thing (it answered 303) before the GET failed: a second POST would create another.
    expect(isConnectionError(error)).toBe(true);
    expect(error).toMatchObject({ attempts: 1, outcomeUnknown: true });
    expect(seen).toEqual(["POST /things", "GET /created/1"]);
    // Refused on the first hop, nothing was sent: that is still retried.
    seen.length = 0;
    const refused = transport(async (r) => {
      seen.push(r.method);
      throw new TypeError("fetch failed", { cause: withCode("ECONNREFUSED") });
    });
    const again = new Request("https://a.test/things", { method: "POST", body: "{}" });
    const error2 = await refused(again, { idempotent: false, retry: fast, timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(error2).toMatchObject({ attempts: 3, outcomeUnknown: false });
    expect(seen).toEqual(["POST", "POST", "POST"]);
  });

  test("a redirect to a URL with a user name or password is not followed (it would fail to build after the server acted)", async () => {
    const seen: string[] = [];
    const send = transport(async (r) => {
      seen.push(r.method);
      return new Response("see other", {
        status: 303,
        headers: { location: "https://bob:hunter2@a.test/x?session=abc" },
      });
    });
    const post = new Request("https://a.test/things", { method: "POST", body: "{}" });
    const response = await send(post, { idempotent: false, retry: fast, timeoutMs: 1000 });
    expect([response.status, seen]).toEqual([303, ["POST"]]);
    expect(responseInfo.get(response)).toMatchObject({ attempts: 1, finalUrl: "https://a.test/things" });
  });

  test("reads the body once and records what it learned", async () => {
    const send = transport(async () => new Response("hello", { status: 201, headers: { "x-a": "1" } }));
    const response = await send(new Request("https://a.test/p", { method: "POST", body: "b" }), {
      idempotent: false,
      retry: false,
      timeoutMs: 1000,
    });
    // The response as it came, its body read once: the text is in its info.
    expect([response.status, response.headers.get("x-a"), response.bodyUsed]).toEqual([201, "1", true]);
    const info = responseInfo.get(response);
    expect(info).toMatchObject({ attempts: 1, outcomeUnknown: false, finalUrl: "https://a.test/p" });
    // Kept out of sight: the info (the unredacted body and URL) is no enumerable property of the response.
    const enumerable = Object.getOwnPropertySymbols(response).filter((s) =>
      Object.prototype.propertyIsEnumerable.call(response, s),
    );
    expect(enumerable.map((s) => (response as unknown as Record<symbol, unknown>)[s])).not.toContain(info);
    expect(info?.text).toBe("hello");
  });

  test("sends the same body on every attempt", async () => {
    const bodies: string[] = [];
    const send = transport(async (r) => {
      bodies.push(await r.text());
      return new Response(null, { status: bodies.length < 3 ? 503 : 204 });
    });
    const response = await send(new Request("https://a.test/p", { method: "PUT", body: "same" }), {
      idempotent: true,
      retry: fast,
      timeoutMs: 1000,
    });
    expect(response.status).toBe(204);
    expect(bodies).toEqual(["same", "same", "same"]);
  });

  // Regression (found by the chaos suite): a status line outside 200-599 reached `new Response` while the
  // answer was buffered, and the caller got a raw RangeError.
  test("a status no Response can carry is an ambiguous connection failure, not a raw RangeError", async () => {
    let calls = 0;
    const send = transport(async () => {
      calls += 1;
      const response = new Response("{}");
      Object.defineProperty(response, "status", { value: 999 });
      return response;
    });
    const get = await send(new Request("https://a.test/p"), { idempotent: true, retry: fast, timeoutMs: 1000 }).catch(
      (e: unknown) => e as ConnectionError,
    );
    expect(isConnectionError(get)).toBe(true);
    expect(get).toMatchObject({ attempts: 3, outcomeUnknown: false });
    expect(String(get)).toMatch(/invalid HTTP status 999/);
    const post = await send(new Request("https://a.test/p", { method: "POST", body: "x" }), {
      idempotent: false,
      retry: fast,
      timeoutMs: 1000,
    }).catch((e: unknown) => e as ConnectionError);
    expect(post).toMatchObject({ attempts: 1, outcomeUnknown: true });
    expect(calls).toBe(4);
  });

  test("the same over the wire: a server that answers `HTTP/1.1 999`", async () => {
    const server = createServer((socket) =>
      socket.once("data", () => socket.end("HTTP/1.1 999 Weird\r\ncontent-length: 2\r\n\r\n{}")),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as { port: number };
      const send = transport((r) => fetch(r));
      const error = await send(new Request(`http://127.0.0.1:${port}/`), {
        idempotent: true,
        retry: false,
        timeoutMs: 2000,
      }).catch((e: unknown) => e);
      expect(isConnectionError(error)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
