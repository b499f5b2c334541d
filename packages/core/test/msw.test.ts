// `mswResolver` with real msw (`setupServer` from msw/node): a fake answers the requests msw intercepts, and the
// client, given no `fetch`, goes through msw's patched global `fetch`.
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { ConnectionError, createCoreClient } from "../src/index.js";
import { jsonResponse, mswResolver, recordRequests, withFaults } from "../src/testing/index.js";
import { ops, resultProvider } from "./helpers.js";

const api = withFaults(async (request) => {
  const url = new URL(request.url);
  if (url.pathname === "/things/7") return jsonResponse(200, { result: "success", data: { id: 7 } });
  if (url.pathname === "/boom") throw new Error("a bug in the fake");
  return jsonResponse(404, { result: "error", message: "no such thing" });
});
const recorded = recordRequests(api);
const server = setupServer(
  http.all(`${resultProvider.baseUrl}/*`, mswResolver(recorded)),
  http.get("https://other.test/plain", () => HttpResponse.json({ plain: true })),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  api.clear();
  recorded.requests.length = 0;
});
afterAll(() => server.close());

const client = () =>
  createCoreClient<never>({
    provider: resultProvider,
    operations: ops,
    options: { apiKey: "sk_live_SECRET_0001", retry: { baseDelayMs: 1, maxDelayMs: 2 } },
  });

describe("mswResolver", () => {
  test("the fake answers what msw intercepts, with the request as the client sent it", async () => {
    const result = await client().call(ops.getThing, { params: { path: { id: 7 } } });
    expect(result).toEqual({ id: 7 });
    expect(recorded.requests).toHaveLength(1);
    expect(recorded.requests[0]).toMatchObject({ method: "GET", path: "/things/7" });
    expect(recorded.requests[0]?.headers.authorization).toBe("Bearer sk_live_SECRET_0001");
  });

  test("an injected status fault is retried through msw like a real one", async () => {
    api.inject({ status: 503, times: 1 });
    expect(await client().call(ops.getThing, { params: { path: { id: 7 } } })).toEqual({ id: 7 });
    expect(recorded.requests).toHaveLength(2);
  });

  test("a dropped connection becomes a network error (Response.error()), retried for an idempotent call", async () => {
    api.inject({ drop: true, times: 3 });
    const error = await client()
      .call(ops.getThing, { params: { path: { id: 7 } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain("GET https://api.tiny.test/things/7");
    expect(recorded.requests).toHaveLength(3);
  });

  test("the resolver alone: Response.error() for a drop, other errors thrown as they are", async () => {
    const resolve = mswResolver(api);
    api.inject({ drop: true });
    const dropped = await resolve({ request: new Request("https://api.tiny.test/things/7") });
    expect(dropped.type).toBe("error");
    await expect(resolve({ request: new Request("https://api.tiny.test/boom") })).rejects.toThrow("a bug in the fake");
  });

  test("an error answer of the fake is the client's typed error", async () => {
    const error = await client()
      .call(ops.getThing, { params: { path: { id: "x" } } }, { retry: false })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "NotFoundError", status: 404 });
  });

  test("other handlers keep working beside it", async () => {
    expect(await (await fetch("https://other.test/plain")).json()).toEqual({ plain: true });
  });
});
