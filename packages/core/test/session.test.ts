import { inspect } from "node:util";
import { describe, expect, test, vi } from "vitest";
import {
  createCoreClient,
  createLogger,
  isAbortError,
  isConfigurationError,
  isUnexpectedResponseError,
  memorySessionTokens,
  type OperationSpec,
  type ProviderSpec,
  SessionTokenManager,
  type SessionTokens,
} from "../src/index.js";
import { readRequestBody, recordRequests } from "../src/testing/index.js";
import { json, rejection } from "./helpers.js";

const API_KEY = "hb_api_key_77";

/** Hatebase, in miniature: POST form bodies, session token in the body, errors in a 200. */
const hatebase: ProviderSpec = {
  name: "Hatebase",
  baseUrl: "https://api.hatebase.test/4-4",
  envelope: { kind: "hatebase", payload: "result" },
  auth: {
    kind: "session",
    operation: "authenticate",
    credentialField: "api_key",
    tokenField: "token",
    placement: "body",
    tokenPath: "result.token",
    expiresPath: "result.expires_on",
    expiresFormat: "gmt-datetime",
    invalidTokenCodes: ["1001"],
  },
};
const hbOps = {
  authenticate: { id: "authenticate", method: "POST", path: "/authenticate", idempotent: true, bodyType: "form" },
  getVocabulary: {
    id: "getVocabulary",
    method: "POST",
    path: "/get_vocabulary",
    idempotent: true,
    bodyType: "form",
    pagination: {
      style: "page",
      items: "result",
      pageParam: "page",
      currentPage: "page",
      lastPage: ["number_of_pages", "total_pages"],
      in: "body",
    },
  },
} as const satisfies Record<string, OperationSpec>;

const gmt = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

interface FakeOptions {
  lifetimeMs?: number;
  /** Answer authenticate slowly (ms). */
  authDelayMs?: number;
  /** Tokens the server considers expired. */
  expired?: Set<string>;
}

function fakeHatebase(options: FakeOptions = {}) {
  let issued = 0;
  const live = new Set<string>();
  const handler = recordRequests(async (request) => {
    const body = (await readRequestBody(request)) ?? {};
    const path = new URL(request.url).pathname;
    if (path.endsWith("/authenticate")) {
      if (options.authDelayMs) await new Promise((r) => setTimeout(r, options.authDelayMs));
      if (body.api_key !== API_KEY) return json(200, { errors: [["789", "Incorrect key"]] });
      const token = `session-token-${++issued}`;
      live.add(token);
      return json(200, {
        result: { token, expires_on: gmt(Date.now() + (options.lifetimeMs ?? 3_600_000)) },
        errors: [],
        warnings: [],
      });
    }
    const token = String(body.token);
    if (!live.has(token) || options.expired?.has(token)) {
      return json(200, { datetime: "x", errors: [["1001", `Invalid token ${token}`]], warnings: [] });
    }
    return json(200, {
      page: String(body.page ?? "1"),
      number_of_pages: "1",
      // Which token was used, without echoing it (an echoed secret is redacted from results).
      result: [{ term: `t-${token.replace("session-token-", "#")}` }],
      errors: [],
      warnings: [["5", "note"]],
    });
  });
  return {
    handler,
    issued: () => issued,
    authCalls: () => handler.requests.filter((r) => r.path.endsWith("/authenticate")).length,
  };
}

function client(fake: ReturnType<typeof fakeHatebase>, extra: Record<string, unknown> = {}) {
  return createCoreClient<never>({
    provider: hatebase,
    operations: hbOps,
    options: { apiKey: API_KEY, fetch: fake.handler, retry: { baseDelayMs: 1 }, ...extra },
  });
}

describe("session tokens", () => {
  test("authenticates once, sends the key in the form body and the token in later bodies", async () => {
    const fake = fakeHatebase();
    const hb = client(fake);
    const result = await hb.call(hbOps.getVocabulary, { body: { page: 1 } }).withResponse();
    expect(result.data).toEqual([{ term: "t-#1" }]);
    expect(result.warnings).toEqual([{ code: "5", message: "note" }]);
    const [auth, query] = fake.handler.requests;
    expect(auth?.body).toBe(`api_key=${API_KEY}`);
    expect(auth?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(query?.body).toBe("page=1&token=session-token-1");
  });

  test("single flight: many concurrent calls share one authenticate", async () => {
    const fake = fakeHatebase({ authDelayMs: 5 });
    const hb = client(fake);
    const results = await Promise.all(Array.from({ length: 20 }, () => hb.call(hbOps.getVocabulary, { body: {} })));
    expect(fake.authCalls()).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  test("refreshes ahead of expiry (a token with 2 minutes left is renewed before use)", async () => {
    const fake = fakeHatebase({ lifetimeMs: 9 * 60_000 });
    const now = vi.spyOn(Date, "now");
    const hb = client(fake);
    await hb.call(hbOps.getVocabulary);
    expect(fake.authCalls()).toBe(1);
    const t = Date.now();
    now.mockReturnValue(t + 3 * 60_000); // 6 minutes left: still good
    await hb.call(hbOps.getVocabulary);
    expect(fake.authCalls()).toBe(1);
    now.mockReturnValue(t + 7 * 60_000); // 2 minutes left: inside the 5-minute refresh window
    await hb.call(hbOps.getVocabulary);
    expect(fake.authCalls()).toBe(2);
  });

  test("a token shorter-lived than the refresh window is not renewed on every call", async () => {
    const fake = fakeHatebase({ lifetimeMs: 60_000 });
    const hb = client(fake);
    for (let i = 0; i < 5; i++) await hb.call(hbOps.getVocabulary);
    expect(fake.authCalls()).toBe(1);
  });

  test("refreshes once on an invalid-token code, for every caller that saw it", async () => {
    const expired = new Set<string>();
    const fake = fakeHatebase({ expired });
    const hb = client(fake);
    await hb.call(hbOps.getVocabulary);
    expired.add("session-token-1");
    const results = await Promise.all([
      hb.call(hbOps.getVocabulary),
      hb.call(hbOps.getVocabulary),
      hb.call(hbOps.getVocabulary),
    ]);
    expect(results.every((r) => JSON.stringify(r) === '[{"term":"t-#2"}]')).toBe(true);
    expect(fake.authCalls()).toBe(2);
  });

  test("refreshes only once: a second rejection is an error, with no token in it", async () => {
    const expired = new Set(["session-token-1", "session-token-2", "session-token-3"]);
    const fake = fakeHatebase({ expired });
    const logs: unknown[] = [];
    const log = (...a: unknown[]) => logs.push(a);
    const hb = client(fake, { logger: createLogger({ debug: log, info: log, warn: log, error: log }, "debug") });
    const error = await rejection(hb.call(hbOps.getVocabulary));
    expect(fake.authCalls()).toBe(2);
    expect((error as { code?: string }).code).toBe("1001");
    const views = [
      (error as Error).message,
      JSON.stringify(error),
      String(error),
      inspect(error, { depth: 10 }),
      JSON.stringify(logs),
    ];
    for (const view of views) {
      expect(view).not.toContain("session-token");
      expect(view).not.toContain(API_KEY);
    }
  });

  test("a 401 also triggers the single refresh", async () => {
    let first = true;
    const fake = fakeHatebase();
    const wrapped = async (request: Request) => {
      if (!new URL(request.url).pathname.endsWith("/authenticate") && first) {
        first = false;
        return json(401, { errors: [["x", "expired"]] });
      }
      return fake.handler(request);
    };
    const hb = createCoreClient<never>({
      provider: hatebase,
      operations: hbOps,
      options: { apiKey: API_KEY, fetch: wrapped },
    });
    await expect(hb.call(hbOps.getVocabulary)).resolves.toHaveLength(1);
    expect(fake.authCalls()).toBe(2);
  });

  test("a wrong key fails authenticate with the provider's message, key not shown", async () => {
    const fake = fakeHatebase();
    const hb = client(fake, { apiKey: "wrong_key_123" });
    const error = await rejection(hb.call(hbOps.getVocabulary));
    expect((error as Error).message).toContain("Incorrect key");
    expect((error as Error).message).not.toContain("wrong_key_123");
  });

  test("the key may be a function", async () => {
    const fake = fakeHatebase();
    const hb = client(fake, { apiKey: async () => API_KEY });
    await expect(hb.call(hbOps.getVocabulary)).resolves.toHaveLength(1);
  });

  test("an authenticate answer without a usable token is an UnexpectedResponseError", async () => {
    for (const result of [{}, { token: "" }, { token: 5 }, { token: "bad\r\ntoken" }]) {
      const fetch = async () => json(200, { result, errors: [] });
      const hb = createCoreClient<never>({
        provider: hatebase,
        operations: hbOps,
        options: { apiKey: API_KEY, fetch },
      });
      const error = await rejection(hb.call(hbOps.getVocabulary));
      expect(isUnexpectedResponseError(error)).toBe(true);
      expect((error as Error).message).toContain("no token");
    }
  });

  test("without an expiry in the answer, the spec's lifetime applies", async () => {
    const provider: ProviderSpec = {
      ...hatebase,
      auth: {
        ...(hatebase.auth as object),
        expiresPath: undefined,
        placement: "header",
        tokenField: "x-token",
      } as ProviderSpec["auth"],
    };
    const fetch = vi.fn(async (request: Request) =>
      new URL(request.url).pathname.endsWith("/authenticate")
        ? json(200, { result: { token: "hdr-token-1" }, errors: [] })
        : json(200, { result: [request.headers.get("x-token") === "hdr-token-1"], errors: [] }),
    );
    const hb = createCoreClient<never>({ provider, operations: hbOps, options: { apiKey: API_KEY, fetch } });
    await expect(hb.call(hbOps.getVocabulary)).resolves.toEqual([true]);
    await hb.call(hbOps.getVocabulary);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  test("no apiKey: authenticate refuses with a ConfigurationError", async () => {
    const fake = fakeHatebase();
    const hb = client(fake, { apiKey: undefined });
    expect(isConfigurationError(await rejection(hb.call(hbOps.getVocabulary)))).toBe(true);
    expect(fake.handler.requests).toHaveLength(0);
  });

  test("a spec naming an unknown authenticate operation is refused at construction", () => {
    expect(() =>
      createCoreClient({ provider: hatebase, operations: { getVocabulary: hbOps.getVocabulary }, options: {} }),
    ).toThrow(/unknown operation "authenticate"/);
  });

  test("one caller aborting while the token is fetched does not fail the others", async () => {
    const fake = fakeHatebase({ authDelayMs: 20 });
    const hb = client(fake);
    const c = new AbortController();
    const first = hb.call(hbOps.getVocabulary, {}, { signal: c.signal });
    const second = hb.call(hbOps.getVocabulary);
    await new Promise((r) => setTimeout(r, 2));
    c.abort();
    expect(isAbortError(await rejection(first))).toBe(true);
    await expect(second).resolves.toHaveLength(1);
    expect(fake.authCalls()).toBe(1);
  });

  test("a caller with an already aborted signal gets an AbortError without authenticating", async () => {
    const fake = fakeHatebase();
    const hb = client(fake);
    const error = await rejection(hb.call(hbOps.getVocabulary, {}, { signal: AbortSignal.abort() }));
    expect(isAbortError(error)).toBe(true);
    expect(fake.authCalls()).toBe(0);
  });

  test("session pages carry the token in every page's body", async () => {
    const fake = fakeHatebase();
    const hb = client(fake);
    const items = [];
    for await (const item of hb.paginate(hbOps.getVocabulary)) items.push(item);
    expect(items).toEqual([{ term: "t-#1" }]);
  });

  test("a key function returning CR/LF is refused before authenticate: nothing is sent", async () => {
    const fake = fakeHatebase();
    const hb = client(fake, { apiKey: async () => `${API_KEY}\r\nX-Injected: 1` });
    const error = await rejection(hb.call(hbOps.getVocabulary));
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).not.toContain(API_KEY);
    expect(fake.handler.requests).toHaveLength(0);
  });

  test.each([
    ["a header with CR/LF", { headers: { "x-note": "a\r\nX-Injected: 1" } }],
    ["a header name that is no token", { headers: { "x a": "1" } }],
    ["a timeout that never ends", { timeoutMs: Number.POSITIVE_INFINITY }],
    ["a retry policy out of range", { retry: { maxRetries: -1 } }],
  ])("%s on a call is refused before authenticate: nothing is sent", async (_, callOptions) => {
    const fake = fakeHatebase();
    const hb = client(fake);
    const error = await rejection(hb.call(hbOps.getVocabulary, {}, callOptions));
    expect(isConfigurationError(error)).toBe(true);
    expect(fake.handler.requests).toHaveLength(0);
  });

  test("a key and a token the provider echoes in a success are redacted from results; the session still works", async () => {
    // Hatebase echoes its inputs, credentials included, under `query` (and here in the payload and a warning).
    const handler = recordRequests(async (request) => {
      const form = (await readRequestBody(request)) ?? {};
      if (new URL(request.url).pathname.endsWith("/authenticate")) {
        return json(200, {
          query: form,
          result: { token: "echoed-session-token-1", expires_on: gmt(Date.now() + 3_600_000) },
          errors: [],
        });
      }
      // Once with plain text, once with the token spelled in `\u` escapes (same JSON, other bytes).
      const text = JSON.stringify({
        query: form,
        page: "1",
        number_of_pages: "1",
        result: [{ term: `seen ${form.token}` }],
        errors: [],
        warnings: [["7", `token ${form.token} expires soon`]],
      });
      const escaped = form.page === "1" ? text.replaceAll("echoed", "\\u0065choed") : text;
      return new Response(escaped, { headers: { "content-type": "application/json" } });
    });
    const hb = createCoreClient<never>({
      provider: hatebase,
      operations: hbOps,
      options: { apiKey: API_KEY, fetch: handler },
    });
    const authenticated = await hb.call(hbOps.authenticate).withResponse();
    // Asked for explicitly, the token is the payload; the echoed key is gone from the body.
    expect(authenticated.data).toMatchObject({ token: "echoed-session-token-1" });
    expect(JSON.stringify(authenticated.body)).not.toContain(API_KEY);
    for (const page of [undefined, 1]) {
      const result = await hb.call(hbOps.getVocabulary, { body: { page } }).withResponse();
      const view = inspect(result, { depth: 10 }) + JSON.stringify(result.body);
      expect(view).not.toContain("echoed-session-token");
      expect(view).not.toContain(API_KEY);
      expect(result.data).toEqual([{ term: "seen [REDACTED]" }]);
      expect(result.warnings).toEqual([{ code: "7", message: "token [REDACTED] expires soon" }]);
      const listed = await hb.paginate(hbOps.getVocabulary, { body: { page } });
      expect(JSON.stringify([listed.items, listed.body])).not.toContain("echoed-session-token");
    }
    // The session used the (unredacted) token it was given.
    const sent = handler.requests.filter((r) => r.path.endsWith("/get_vocabulary")).map((r) => r.body);
    expect(sent.every((body) => String(body).includes("token=echoed-session-token-1"))).toBe(true);
  });
});

describe("SessionTokenManager", () => {
  test("an authenticate failure reaches every waiter and the next get tries again", async () => {
    let calls = 0;
    const manager = new SessionTokenManager({
      authenticate: async () => {
        calls += 1;
        if (calls === 1) throw new Error("down");
        return { token: "t2", expiresAt: Date.now() + 3_600_000 };
      },
    });
    const results = await Promise.allSettled([manager.get(), manager.get()]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    await expect(manager.get()).resolves.toBe("t2");
    expect(calls).toBe(2);
  });

  test("a waiter with a signal gets the token, or the shared failure", async () => {
    let fail = true;
    const manager = new SessionTokenManager({
      authenticate: async () => {
        if (fail) throw new Error("down");
        return { token: "t", expiresAt: Date.now() + 3_600_000 };
      },
    });
    await expect(manager.get(new AbortController().signal)).rejects.toThrow("down");
    fail = false;
    await expect(manager.get(new AbortController().signal)).resolves.toBe("t");
  });

  test("invalidate forgets only the current token", async () => {
    let n = 0;
    const manager = new SessionTokenManager({
      authenticate: async () => ({ token: `t${++n}`, expiresAt: Date.now() + 3_600_000 }),
      now: Date.now,
    });
    expect(await manager.get()).toBe("t1");
    manager.invalidate("stale");
    expect(await manager.get()).toBe("t1");
    manager.invalidate("t1");
    expect(await manager.get()).toBe("t2");
  });

  test("an already expired token is used for the call that fetched it, then renewed", async () => {
    let n = 0;
    const manager = new SessionTokenManager({
      authenticate: async () => ({ token: `t${++n}`, expiresAt: Date.now() - 1000 }),
    });
    expect(await manager.get()).toBe("t1");
    expect(await manager.get()).toBe("t2");
  });
});

describe("session tokens over loopback HTTP", () => {
  test("single flight, token in the form body, a refresh on an invalid-token code", async () => {
    const { serve } = await import("../src/testing/index.js");
    const expired = new Set<string>();
    const fake = fakeHatebase({ authDelayMs: 5, expired });
    const server = await serve(fake.handler);
    try {
      const hb = createCoreClient<never>({
        provider: hatebase,
        operations: hbOps,
        options: { apiKey: API_KEY, baseUrl: `${server.url}/4-4` },
      });
      await Promise.all(Array.from({ length: 8 }, () => hb.call(hbOps.getVocabulary)));
      expect(fake.authCalls()).toBe(1);
      expired.add("session-token-1");
      const page = await hb.paginate(hbOps.getVocabulary);
      expect(page.items).toEqual([{ term: "t-#2" }]);
      expect(fake.authCalls()).toBe(2);
      expect(fake.handler.requests.every((r) => r.path.startsWith("/4-4/"))).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe("sessionTokens: a pluggable token source (what a fleet shares)", () => {
  /** A source shared by two clients, as a store outside the process would be: one token for both. */
  function sharedSource() {
    let stored: string | undefined;
    let pending: Promise<string> | undefined;
    const invalidated: string[] = [];
    const source: SessionTokens = (authenticate) => ({
      async get() {
        if (stored) return stored;
        pending ??= authenticate().then((t) => {
          stored = t.token;
          pending = undefined;
          return t.token;
        });
        return pending;
      },
      async invalidate(token) {
        // Asynchronous, as a store's delete is: the client must wait for it before authenticating again.
        await new Promise((r) => setTimeout(r, 5));
        invalidated.push(token);
        if (stored === token) stored = undefined;
      },
    });
    return { source, invalidated, peek: () => stored };
  }

  test("two clients on one source authenticate once; the token from the source is redacted like their own", async () => {
    const fake = fakeHatebase();
    const shared = sharedSource();
    const a = client(fake, { sessionTokens: shared.source });
    const b = client(fake, { sessionTokens: shared.source, logger: undefined });
    await Promise.all([a.call(hbOps.getVocabulary), b.call(hbOps.getVocabulary), b.call(hbOps.getVocabulary)]);
    expect(fake.authCalls()).toBe(1);
    // b never authenticated, yet it knows the token as a secret: an error echoing it is redacted.
    const echo = createCoreClient<never>({
      provider: hatebase,
      operations: hbOps,
      options: {
        apiKey: API_KEY,
        sessionTokens: shared.source,
        fetch: async () => json(500, { errors: [["9", `broken with ${shared.peek()}`]] }),
        retry: false,
      },
    });
    const error = await rejection(echo.call(hbOps.getVocabulary));
    expect(inspect(error, { depth: 8 })).not.toContain(shared.peek() as string);
  });

  test("a refused token is invalidated in the source (awaited) before the one retry authenticates again", async () => {
    const expired = new Set<string>();
    const fake = fakeHatebase({ expired });
    const shared = sharedSource();
    const hb = client(fake, { sessionTokens: shared.source });
    await hb.call(hbOps.getVocabulary);
    expired.add("session-token-1");
    expect(await hb.call(hbOps.getVocabulary)).toEqual([{ term: "t-#2" }]);
    expect(shared.invalidated).toEqual(["session-token-1"]);
    expect(fake.authCalls()).toBe(2);
  });

  test("memorySessionTokens takes the manager's options (refreshAheadMs, now)", async () => {
    const fake = fakeHatebase({ lifetimeMs: 600_000 });
    let shift = 0;
    const now = () => Date.now() + shift;
    // Renewed 1 minute ahead of a 10-minute token (the default, 5 minutes ahead, would renew at minute 5).
    const hb = client(fake, { sessionTokens: memorySessionTokens({ refreshAheadMs: 60_000, now }) });
    await hb.call(hbOps.getVocabulary);
    shift = 400_000;
    await hb.call(hbOps.getVocabulary);
    expect(fake.authCalls()).toBe(1);
    shift = 541_000;
    await hb.call(hbOps.getVocabulary);
    expect(fake.authCalls()).toBe(2);
  });
});
