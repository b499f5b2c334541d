import { describe, expect, test, vi } from "vitest";
import {
  createCoreClient,
  createLogger,
  dailyQuota,
  isApiError,
  isConfigurationError,
  isFreshEntry,
  isPageLimitError,
  MemoryStore,
  type OperationSpec,
  type ProviderSpec,
  responseCache,
  responseCacheKey,
  stableStringify,
} from "../src/index.js";
import { readRequestBody, recordRequests } from "../src/testing/index.js";
import { json, rejection } from "./helpers.js";

const API_KEY = "hb_cache_key_31";

/** A session-token provider with errors in the body, like Hatebase. */
const provider: ProviderSpec = {
  name: "Lexicon",
  baseUrl: "https://api.lexicon.test/1-0",
  envelope: { kind: "hatebase", payload: "result" },
  auth: {
    kind: "session",
    operation: "authenticate",
    credentialField: "api_key",
    tokenField: "token",
    placement: "body",
    tokenPath: "result.token",
  },
};
const pagination = {
  style: "page",
  items: "result",
  pageParam: "page",
  currentPage: "page",
  lastPage: ["number_of_pages"],
  in: "body",
} as const;
const ops = {
  authenticate: { id: "authenticate", method: "POST", path: "/authenticate", idempotent: true, bodyType: "form" },
  lookup: { id: "lookup", method: "POST", path: "/lookup", idempotent: true, bodyType: "form" },
  submit: { id: "submit", method: "POST", path: "/submit", idempotent: false, bodyType: "form" },
  noCache: { id: "noCache", method: "POST", path: "/lookup", idempotent: true, bodyType: "form", cache: false },
  job: {
    id: "job",
    method: "POST",
    path: "/job",
    idempotent: true,
    bodyType: "form",
    cache: { when: "result.done" },
    coerce: [["result.done", "boolean"]],
  },
  list: { id: "list", method: "POST", path: "/list", idempotent: true, bodyType: "form", pagination },
  limited: {
    id: "limited",
    method: "POST",
    path: "/list",
    idempotent: true,
    bodyType: "form",
    pagination: { ...pagination, pageLimit: { codes: ["77"], message: "trial plans read page 1 only" } },
  },
} as const satisfies Record<string, OperationSpec>;

/** A server; `mode` decides how it answers page 2 and later. */
function server(mode: { later?: "refuse" | "repeat" | "serve"; doneAfter?: number } = {}) {
  let jobPolls = 0;
  const handler = recordRequests(async (request) => {
    const body = (await readRequestBody(request)) ?? {};
    const path = new URL(request.url).pathname;
    if (path.endsWith("/authenticate")) return json(200, { result: { token: "tok-1" } });
    if (body.token !== "tok-1") return json(200, { errors: [["9", "bad token"]] });
    if (path.endsWith("/lookup")) return json(200, { query: { token: body.token }, result: { word: body.word } });
    if (path.endsWith("/submit")) return json(200, { result: { id: "r1" } });
    if (path.endsWith("/job")) {
      jobPolls += 1;
      return json(200, { result: { done: String(jobPolls > (mode.doneAfter ?? 0)) } });
    }
    const page = Number(body.page ?? 1);
    if (page > 1 && mode.later === "refuse")
      return json(200, { errors: [["77", "Trial plans are limited to page 1"]] });
    const served = page > 1 && mode.later === "repeat" ? 1 : page;
    return json(200, { page: String(served), number_of_pages: "3", result: [`item-${served}`] });
  });
  const client = (extra: Record<string, unknown> = {}) =>
    createCoreClient<never>({
      provider,
      operations: ops,
      options: { apiKey: API_KEY, fetch: handler, retry: { baseDelayMs: 1 }, ...extra },
    });
  const calls = (suffix: string) => handler.requests.filter((r) => r.path.endsWith(suffix)).length;
  return { handler, client, calls };
}

describe("response cache", () => {
  test("off by default: the same call is sent twice", async () => {
    const s = server();
    const c = s.client();
    await c.call(ops.lookup, { body: { word: "a" } });
    await c.call(ops.lookup, { body: { word: "a" } });
    expect(s.calls("/lookup")).toBe(2);
  });

  test("serves a repeated call from the cache: no request, no quota unit, marked fromCache", async () => {
    const s = server();
    const c = s.client({ cache: responseCache({ ttlMs: 60_000 }), quota: dailyQuota({ dailyLimit: 3 }) });
    const first = await c.call(ops.lookup, { body: { word: "a", lang: "x" } }).withResponse();
    const second = await c.call(ops.lookup, { body: { lang: "x", word: "a" } }).withResponse();
    expect(second.data).toEqual({ word: "a" });
    expect(second.data).toEqual(first.data);
    expect([first.fromCache, second.fromCache, second.attempts]).toEqual([undefined, true, 0]);
    expect(s.calls("/lookup")).toBe(1);
    // authenticate + one lookup: 2 units; the quota (3) still has room for one more real request.
    await c.call(ops.lookup, { body: { word: "b" } });
    expect(s.calls("/lookup")).toBe(2);
  });

  test("a call with a bad header or timeout is refused even when the cache could answer it", async () => {
    const s = server();
    const c = s.client({ cache: responseCache() });
    await c.call(ops.lookup, { body: { word: "a" } });
    for (const callOptions of [{ headers: { "x-note": "a\r\nb" } }, { timeoutMs: 0 }]) {
      expect(isConfigurationError(await rejection(c.call(ops.lookup, { body: { word: "a" } }, callOptions)))).toBe(
        true,
      );
    }
    expect(s.calls("/lookup")).toBe(1);
  });

  test("keys on the input: another input is asked for", async () => {
    const s = server();
    const c = s.client({ cache: responseCache() });
    await c.call(ops.lookup, { body: { word: "a" } });
    await c.call(ops.lookup, { body: { word: "b" } });
    expect(s.calls("/lookup")).toBe(2);
  });

  test("entries expire after ttlMs", async () => {
    const s = server();
    const now = vi.spyOn(Date, "now");
    try {
      const c = s.client({ cache: responseCache({ ttlMs: 1000 }) });
      const t = Date.now();
      now.mockReturnValue(t);
      await c.call(ops.lookup, { body: { word: "a" } });
      now.mockReturnValue(t + 999);
      await c.call(ops.lookup, { body: { word: "a" } });
      expect(s.calls("/lookup")).toBe(1);
      now.mockReturnValue(t + 1000);
      await c.call(ops.lookup, { body: { word: "a" } });
      expect(s.calls("/lookup")).toBe(2);
    } finally {
      now.mockRestore();
    }
  });

  test("never caches a PUT or a DELETE by default (idempotent writes, not reads); the store gets the ttl", async () => {
    const writes = {
      put: { id: "put", method: "PUT", path: "/lookup", idempotent: true, bodyType: "form" },
      remove: { id: "remove", method: "DELETE", path: "/lookup", idempotent: true },
    } as const satisfies Record<string, OperationSpec>;
    const seen: [string, number | undefined][] = [];
    const store = new MemoryStore();
    const spy = {
      get: (key: string) => store.get(key),
      set: (key: string, value: unknown, ttlMs?: number) => {
        seen.push([key.split(" ")[1] as string, ttlMs]);
        store.set(key, value);
      },
      delete: (key: string) => store.delete(key),
    };
    const s = server();
    const c = createCoreClient<never>({
      provider,
      operations: { ...ops, ...writes },
      options: { apiKey: API_KEY, fetch: s.handler, cache: responseCache({ store: spy, ttlMs: 5000 }) },
    });
    await c.call(writes.put, { body: { word: "a" } });
    await c.call(writes.put, { body: { word: "a" } });
    await c.call(writes.remove);
    await c.call(writes.remove);
    expect(s.calls("/lookup")).toBe(4);
    await c.call(ops.lookup, { body: { word: "a" } });
    expect(seen).toEqual([["lookup", 5000]]);
  });

  test("never caches non-idempotent calls, the authenticate call, or operations marked cache: false", async () => {
    const s = server();
    const store = new MemoryStore();
    const c = s.client({ cache: responseCache({ store }) });
    await c.call(ops.submit, { body: { text: "x" } });
    await c.call(ops.submit, { body: { text: "x" } });
    await c.call(ops.noCache, { body: { word: "a" } });
    await c.call(ops.noCache, { body: { word: "a" } });
    await c.call(ops.authenticate);
    await c.call(ops.authenticate);
    expect([s.calls("/submit"), s.calls("/lookup"), s.calls("/authenticate")]).toEqual([2, 2, 3]);
    expect(store.size).toBe(0);
  });

  test("cache: { when } stores only once the path is true (a finished job)", async () => {
    const s = server({ doneAfter: 2 });
    const c = s.client({ cache: responseCache() });
    const states = [];
    for (let i = 0; i < 4; i++) states.push(await c.call<{ done: unknown }>(ops.job, { body: { id: "j" } }));
    expect(states.map((r) => r.done)).toEqual([false, false, true, true]);
    expect(s.calls("/job")).toBe(3);
  });

  test("a call with cache: false asks again (and stores the fresh answer)", async () => {
    const s = server();
    const c = s.client({ cache: responseCache() });
    await c.call(ops.lookup, { body: { word: "a" } });
    await c.call(ops.lookup, { body: { word: "a" } }, { cache: false });
    await c.call(ops.lookup, { body: { word: "a" } });
    expect(s.calls("/lookup")).toBe(2);
  });

  test("stores no secret: the echoed token is redacted in the stored body", async () => {
    const s = server();
    const store = new MemoryStore();
    const c = s.client({ cache: responseCache({ store }) });
    await c.call(ops.lookup, { body: { word: "a" } });
    const key = responseCacheKey("https://api.lexicon.test/1-0", "lookup", { body: { word: "a" } });
    const entry = store.get(key);
    expect(isFreshEntry(entry, Date.now())).toBe(true);
    expect(JSON.stringify(entry)).not.toContain("tok-1");
    expect(JSON.stringify(entry)).not.toContain(API_KEY);
  });

  test("caches each page of a list; a failing store is bypassed, never fatal", async () => {
    const s = server();
    const c = s.client({ cache: responseCache() });
    expect(await c.paginate(ops.list, {}).toArray()).toEqual(["item-1", "item-2", "item-3"]);
    expect(await c.paginate(ops.list, {}).toArray()).toEqual(["item-1", "item-2", "item-3"]);
    expect(s.calls("/list")).toBe(3);

    const broken = {
      get: () => Promise.reject(new Error("disk gone")),
      set: () => {
        throw new Error("disk gone");
      },
      delete: () => {},
    };
    const warnings: unknown[] = [];
    const log = { debug() {}, info() {}, warn: (m: unknown) => warnings.push(m), error() {} };
    const d = s.client({ cache: responseCache({ store: broken }), logger: createLogger(log) });
    expect(await d.call(ops.lookup, { body: { word: "z" } })).toEqual({ word: "z" });
    expect(warnings.length).toBe(2);
  });

  test("refuses a non-positive ttl", () => {
    expect(() => server().client({ cache: responseCache({ ttlMs: 0 }) })).toThrow(/ttlMs/);
  });

  test("stableStringify sorts keys at every depth; MemoryStore drops the oldest past its size", () => {
    expect(stableStringify({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    const store = new MemoryStore(2);
    store.set("a", 1);
    store.set("b", 2);
    store.set("c", 3);
    expect([store.get("a"), store.get("b"), store.get("c"), store.size]).toEqual([undefined, 2, 3, 2]);
    store.delete("b");
    expect(store.size).toBe(1);
  });
});

describe("page limits", () => {
  test("a later page refused with a limit code ends the list with a PageLimitError after page 1", async () => {
    const s = server({ later: "refuse" });
    const c = s.client();
    const seen: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const item of c.paginate(ops.limited, {})) seen.push(item);
      })(),
    );
    expect(seen).toEqual(["item-1"]);
    expect(isPageLimitError(error)).toBe(true);
    expect(error).toMatchObject({ operation: "limited", page: 2, pagesRead: 1, code: "77" });
    expect(String((error as Error).message)).toContain("trial plans read page 1 only");
    expect(isApiError((error as Error).cause)).toBe(true);
  });

  test("a later page answered with page 1 again ends the list instead of looping", async () => {
    const s = server({ later: "repeat" });
    const c = s.client();
    const error = await rejection(c.paginate(ops.limited, {}).toArray());
    expect(isPageLimitError(error)).toBe(true);
    expect(error).toMatchObject({ page: 2, pagesRead: 1, code: undefined });
    expect(s.calls("/list")).toBe(2);
  });

  test("the first page refused is the provider's error, not a page limit", async () => {
    const s = server({ later: "refuse" });
    const error = await rejection(
      s
        .client()
        .paginate(ops.limited, { body: { page: 2 } })
        .toArray(),
    );
    expect(isPageLimitError(error)).toBe(false);
    expect(error).toMatchObject({ code: "77" });
  });

  test("without pageLimit in the spec, nothing changes: a refusal is the provider's error", async () => {
    const s = server({ later: "refuse" });
    const error = await rejection(s.client().paginate(ops.list, {}).toArray());
    expect(isPageLimitError(error)).toBe(false);
    expect(isApiError(error)).toBe(true);
  });

  test("with every page served, the limit never triggers", async () => {
    const s = server({ later: "serve" });
    expect(await s.client().paginate(ops.limited, {}).toArray()).toEqual(["item-1", "item-2", "item-3"]);
  });
});

describe("a given base URL with server variables", () => {
  const versioned: ProviderSpec = {
    ...provider,
    baseUrl: "https://api.lexicon.test/{version}",
    serverVariables: { version: "1-0" },
  };
  const urlOf = async (options: Record<string, unknown>, serverVariables?: Record<string, string>) => {
    const handler = recordRequests(async () => json(200, { result: { word: "w" } }));
    const c = createCoreClient<never>({
      provider: { ...versioned, auth: { kind: "none" } },
      operations: ops,
      options: { fetch: handler, ...options },
      serverVariables,
    });
    await c.call(ops.lookup, { body: {} });
    return handler.requests[0]?.url;
  };

  test("fills them in (default or given), so a mirror keeps the version option", async () => {
    expect(await urlOf({ baseUrl: "http://127.0.0.1:9/{version}" })).toBe("http://127.0.0.1:9/1-0/lookup");
    expect(await urlOf({ baseUrl: "http://127.0.0.1:9/{version}" }, { version: "1-1" })).toBe(
      "http://127.0.0.1:9/1-1/lookup",
    );
  });

  test("a base URL without the spec's variables is refused (it would drop the version from every path)", async () => {
    for (const baseUrl of ["http://127.0.0.1:9/any", "http://127.0.0.1:9", "http://127.0.0.1:9/1-0"]) {
      const error = await rejection(urlOf({ baseUrl }, { version: "1-1" }));
      expect(isConfigurationError(error)).toBe(true);
      expect((error as Error).message).toContain(
        'Lexicon: baseUrl must contain {version} where the API\'s URL has it (https://api.lexicon.test/{version}), e.g. "https://mirror.example/{version}"; the client fills it in.',
      );
    }
  });
});
