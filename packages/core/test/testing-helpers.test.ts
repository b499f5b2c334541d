import { afterEach, describe, expect, test } from "vitest";
import {
  bearerToken,
  DropConnection,
  jsonResponse,
  readRequestBody,
  recordRequests,
  type ServedHandler,
  serve,
  toFetch,
  withFaults,
} from "../src/testing/index.js";

const servers: ServedHandler[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("handler helpers", () => {
  test("jsonResponse", async () => {
    const r = jsonResponse(201, { a: 1 }, { "x-id": "1" });
    expect([r.status, r.headers.get("content-type"), r.headers.get("x-id"), await r.json()]).toEqual([
      201,
      "application/json",
      "1",
      { a: 1 },
    ]);
    expect(jsonResponse(204, { ignored: true }).body).toBeNull();
    expect(jsonResponse(200, undefined).body).toBeNull();
  });

  const bodies: [string, RequestInit, unknown][] = [
    ["empty", { method: "POST" }, undefined],
    ["json", { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } }, { a: 1 }],
    [
      "form",
      { method: "POST", body: "a=1&b=x+y", headers: { "content-type": "application/x-www-form-urlencoded" } },
      { a: "1", b: "x y" },
    ],
  ];
  for (const [name, init, want] of bodies) {
    test(`readRequestBody: ${name}`, async () =>
      expect(await readRequestBody(new Request("http://x.test/", init))).toEqual(want));
  }
  test("readRequestBody throws SyntaxError on malformed JSON", async () => {
    await expect(readRequestBody(new Request("http://x.test/", { method: "POST", body: "{" }))).rejects.toThrow(
      SyntaxError,
    );
  });

  test("bearerToken", () => {
    expect(bearerToken(new Request("http://x.test/", { headers: { authorization: "Bearer abc" } }))).toBe("abc");
    expect(bearerToken(new Request("http://x.test/", { headers: { authorization: "Basic abc" } }))).toBeUndefined();
    expect(bearerToken(new Request("http://x.test/"))).toBeUndefined();
  });

  test("toFetch turns DropConnection into fetch's TypeError and passes other errors through", async () => {
    const dropped = await toFetch(async () => {
      throw new DropConnection();
    })(new Request("http://x.test/")).catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(TypeError);
    expect(((dropped as TypeError).cause as { code: string }).code).toBe("UND_ERR_SOCKET");
    const boom = new Error("boom");
    await expect(toFetch(async () => Promise.reject(boom))(new Request("http://x.test/"))).rejects.toBe(boom);
    await expect(toFetch(async () => jsonResponse(200, 1))(new Request("http://x.test/"))).resolves.toBeInstanceOf(
      Response,
    );
  });

  test("recordRequests records and can be cleared", async () => {
    const rec = recordRequests(async () => jsonResponse(200, 1));
    await rec(new Request("http://x.test/p?q=1", { method: "POST", body: "hi", headers: { "x-a": "b" } }));
    expect(rec.requests).toEqual([
      {
        method: "POST",
        url: "http://x.test/p?q=1",
        path: "/p",
        headers: { "content-type": "text/plain;charset=UTF-8", "x-a": "b" },
        body: "hi",
      },
    ]);
    rec.clear();
    expect(rec.requests).toEqual([]);
  });
});

describe("withFaults", () => {
  const ok = async () => jsonResponse(200, { ok: true });
  test("applies faults in order, to matching requests only, as many times as asked", async () => {
    const api = withFaults(ok);
    api.inject({ status: 500, times: 2, match: { method: "post", path: "/a" } });
    api.inject({ status: 418, body: "teapot", headers: { "x-f": "1" } });
    const send = (method: string, path: string) => api(new Request(`http://x.test${path}`, { method }));
    expect((await send("GET", "/a")).status).toBe(418);
    const teapotlessGet = await send("GET", "/a");
    expect(teapotlessGet.status).toBe(200);
    const post = await send("POST", "/a");
    expect([post.status, await post.json()]).toEqual([500, { message: "injected 500" }]);
    expect((await send("POST", "/b")).status).toBe(200);
    expect((await send("POST", "/a")).status).toBe(500);
    expect((await send("POST", "/a")).status).toBe(200);
    expect(api.applied).toEqual({ "status-418": 1, "status-500": 2 });
  });

  test("a text body, a regex match, clear()", async () => {
    const api = withFaults(ok);
    api.inject({ status: 503, body: "down", match: { path: /^\/v\d+\// } });
    const r = await api(new Request("http://x.test/v2/things"));
    expect([r.status, r.headers.get("content-type"), await r.text()]).toEqual([503, "text/plain", "down"]);
    api.inject({ status: 500 });
    api.clear();
    expect((await api(new Request("http://x.test/"))).status).toBe(200);
  });

  test("delay only, slow body, drop", async () => {
    const api = withFaults(ok);
    api.inject({ delayMs: 1 });
    expect((await api(new Request("http://x.test/"))).status).toBe(200);
    api.inject({ slowBodyMs: 1 });
    expect(await (await api(new Request("http://x.test/"))).json()).toEqual({ ok: true });
    api.inject({ drop: true });
    await expect(api(new Request("http://x.test/"))).rejects.toBeInstanceOf(DropConnection);
    expect(api.applied).toEqual({ delay: 1, "slow-body": 1, drop: 1 });
  });

  test("a slow body with no body, and a slow body aborted", async () => {
    const api = withFaults(async () => new Response(null, { status: 204 }));
    api.inject({ slowBodyMs: 1 });
    expect(await (await api(new Request("http://x.test/"))).text()).toBe("");
    const slow = withFaults(ok);
    slow.inject({ slowBodyMs: 60_000 });
    const c = new AbortController();
    const response = await slow(new Request("http://x.test/", { signal: c.signal }));
    const reading = response.text();
    c.abort(new Error("cut"));
    await expect(reading).rejects.toThrow("cut");
  });

  test("afterEffect with a status: the handler runs, then the fault answers", async () => {
    let effects = 0;
    const api = withFaults(async () => {
      effects += 1;
      return jsonResponse(201, {});
    });
    api.inject({ status: 500, afterEffect: true });
    expect((await api(new Request("http://x.test/", { method: "POST", body: "x" }))).status).toBe(500);
    expect(effects).toBe(1);
    expect(api.applied).toEqual({ "after-effect-status-500": 1 });
  });
});

describe("serve", () => {
  test("serves on 127.0.0.1, reports connections and closes", async () => {
    const server = await serve(async (request) =>
      jsonResponse(200, { method: request.method, body: await request.text(), path: new URL(request.url).pathname }),
    );
    servers.push(server);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const r = await fetch(`${server.url}/p?q=1`, { method: "POST", body: "hi" });
    expect(await r.json()).toEqual({ method: "POST", body: "hi", path: "/p" });
    expect(server.openConnections()).toBeGreaterThanOrEqual(0);
  });

  test("a handler that throws gives a 500; multi-value headers arrive", async () => {
    const server = await serve(async (request) => {
      if (request.headers.get("x-boom")) throw new Error("kaput");
      return jsonResponse(200, { accept: request.headers.get("accept") });
    });
    servers.push(server);
    const r = await fetch(server.url, { headers: { "x-boom": "1" } });
    expect([r.status, await r.text()]).toEqual([500, "fake handler failed: Error: kaput"]);
    const ok = await fetch(server.url, {
      headers: [
        ["accept", "a"],
        ["accept", "b"],
      ],
    });
    expect(await ok.json()).toEqual({ accept: "a, b" });
  });

  test("cors answers preflights and adds the headers", async () => {
    const server = await serve(async () => jsonResponse(200, 1), { cors: true });
    servers.push(server);
    const pre = await fetch(server.url, { method: "OPTIONS" });
    expect([pre.status, pre.headers.get("access-control-allow-origin")]).toEqual([204, "*"]);
    const r = await fetch(server.url);
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
  });

  test("DropConnection destroys the socket; a body failing midway cuts the stream", async () => {
    const server = await serve(async (request) => {
      if (new URL(request.url).pathname === "/drop") throw new DropConnection();
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("partial"));
          controller.error(new Error("mid-body"));
        },
      });
      return new Response(stream, { status: 200 });
    });
    servers.push(server);
    await expect(fetch(`${server.url}/drop`)).rejects.toThrow();
    // Cut before or after the headers reached the client: either way the client never gets a whole body.
    await expect(fetch(`${server.url}/cut`).then((r) => r.text())).rejects.toThrow();
  });

  test("a large body streams with backpressure", async () => {
    const big = "x".repeat(4 * 1024 * 1024);
    const server = await serve(async () => new Response(big));
    servers.push(server);
    expect((await (await fetch(server.url)).text()).length).toBe(big.length);
  });

  test("refuses a port already in use", async () => {
    const server = await serve(async () => jsonResponse(200, 1));
    servers.push(server);
    await expect(serve(async () => jsonResponse(200, 1), { port: server.port })).rejects.toThrow();
  });
});
