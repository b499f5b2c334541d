// Hostile responses, for every provider and every operation of its adapter: whatever comes back, a call
// yields a value or a typed error carrying the status and the request id — never a crash, a raw SyntaxError
// or a hang.
import { createServer, type Server } from "node:net";
import { isApiError, isHatcheryError } from "@hatchery/core";
import { serve } from "@hatchery/core/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ProviderAdapter } from "../src/adapter.js";
import { adapters } from "../src/providers/index.js";
import { clientOver, type Settled, settle } from "./helpers.js";

const NULL_BODY = new Set([204, 205, 304]);
const encode = (text: string) => new TextEncoder().encode(text);

/** One hostile response, as data (so fast-check can print and shrink it). */
interface Hostile {
  kind: string;
  status: number;
  body: Uint8Array;
  headers: Record<string, string>;
}

const HTML_PAGE =
  "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

const arbStatus = fc.oneof(
  fc.constantFrom(200, 201, 202, 204, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504),
  fc.integer({ min: 200, max: 599 }).filter((s) => s < 300 || s >= 400),
);
const arbContentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "application/problem+json",
  "text/html; charset=iso-8859-1",
  "text/plain",
  "application/octet-stream",
  "image/png",
  "application/json; charset=utf-16",
  "application/x-www-form-urlencoded",
  ";;;",
  "",
);
/** Header values a server (or a proxy) might send, odd ones included. Latin-1 only: `Headers` cannot hold more. */
const arbOddHeaders = fc.record(
  {
    "retry-after": fc.constantFrom(
      "-1",
      "0",
      "1e3",
      "Infinity",
      "NaN",
      "9999999999",
      "Wed, 21 Oct 2015 07:28:00 GMT",
      "soon",
      "",
    ),
    "retry-after-ms": fc.constantFrom("-5", "abc", "1.5", "99999999999999999999"),
    "x-ratelimit-reset": fc.string({ maxLength: 20 }).filter((s) => !/[^\x20-\x7e]/.test(s)),
    "set-cookie": fc.constant("session=abc; HttpOnly"),
    "content-encoding": fc.constantFrom("gzip", "br", "identity", "x-unknown"),
    "content-language": fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, "é")),
    location: fc.constantFrom("https://evil.test/steal", "//evil.test/", "javascript:alert(1)", "http://[bad"),
  },
  { requiredKeys: [] },
);

const arbBody: fc.Arbitrary<{ kind: string; body: Uint8Array; contentType?: string }> = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }).map((body) => ({ kind: "random bytes", body })),
  fc.tuple(fc.jsonValue(), fc.double({ min: 0, max: 1, noNaN: true })).map(([value, cut]) => {
    const text = JSON.stringify({ data: value, pagination: { total: 3 } });
    return { kind: "truncated JSON", body: encode(text.slice(0, Math.floor(text.length * cut))) };
  }),
  fc.jsonValue().map((value) => ({ kind: "JSON of the wrong shape", body: encode(JSON.stringify(value)) })),
  fc
    .oneof(
      fc.jsonValue(),
      fc.constantFrom(null, "", [], {}, "ok", 42, { id: 5 }, { items: "nope" }, [{ data: {} }], { errors: "x" }),
    )
    .map((data) => ({
      kind: "wrong-shaped envelope",
      body: encode(JSON.stringify({ data, result: data, errors: data })),
    })),
  fc.constant({ kind: "HTML page from a proxy", body: encode(HTML_PAGE), contentType: "text/html" }),
  fc.constant({ kind: "HTML page labelled JSON", body: encode(HTML_PAGE), contentType: "application/json" }),
  fc.constant({ kind: "empty body", body: new Uint8Array(0) }),
  fc.string().map((s) => ({ kind: "text", body: encode(s) })),
  fc.constant({ kind: "BOM then JSON", body: encode('\uFEFF{"data":{}}') }),
);

const arbHostile: fc.Arbitrary<Hostile> = fc
  .tuple(arbStatus, arbBody, arbContentType, arbOddHeaders, fc.boolean())
  .map(([status, body, contentType, odd, withType]) => ({
    kind: body.kind,
    status,
    body: NULL_BODY.has(status) ? new Uint8Array(0) : body.body,
    headers: {
      ...(withType ? { "content-type": body.contentType ?? contentType } : {}),
      ...odd,
    },
  }));

/** The request id the hostile server puts on every response, in the provider's header and `x-request-id`. */
const REQUEST_ID = "req-chaos-4711";

function respond(adapter: ProviderAdapter, hostile: Hostile): Response {
  const headers = new Headers(hostile.headers);
  headers.set("x-request-id", REQUEST_ID);
  if (adapter.requestIdHeader) headers.set(adapter.requestIdHeader, REQUEST_ID);
  const body = NULL_BODY.has(hostile.status) ? null : (hostile.body as Uint8Array<ArrayBuffer>);
  return new Response(body, { status: hostile.status, headers });
}

/** The property every outcome must have. Returns a problem, or undefined. */
function judge(outcome: Settled, status: number | undefined): string | undefined {
  if ("hung" in outcome) return "the call did not settle";
  if (outcome.ok) return undefined;
  const error = outcome.error;
  if (!isHatcheryError(error)) return `a raw ${(error as Error)?.name ?? typeof error}: ${String(error)}`;
  if (isApiError(error)) {
    if (status !== undefined && error.status !== status) return `status ${error.status}, expected ${status}`;
    if (error.requestId !== REQUEST_ID) return `request id ${String(error.requestId)}, expected ${REQUEST_ID}`;
  }
  return undefined;
}

for (const adapter of adapters) {
  describe(`${adapter.packageName}: hostile responses`, () => {
    test("fast-check: random bytes, truncated or wrong-shaped JSON, HTML pages, empty bodies, odd headers", async () => {
      const kinds = new Map<string, number>();
      // One client and fake for every case (a fake is costly to build); each case swaps the answer.
      let answer: Hostile | undefined;
      const { client, fake } = clientOver(adapter, async () => respond(adapter, answer!));
      await fc.assert(
        fc.asyncProperty(arbHostile, fc.nat(adapter.operations.length - 1), async (hostile, opIndex) => {
          kinds.set(hostile.kind, (kinds.get(hostile.kind) ?? 0) + 1);
          const operation = adapter.operations[opIndex]!;
          answer = hostile;
          const outcome = await settle(() => operation.run(client, { fake, marker: "hostile", options: {} }));
          const problem = judge(outcome, hostile.status);
          if (problem) throw new Error(`${operation.name}, ${hostile.kind}, status ${hostile.status}: ${problem}`);
        }),
        { numRuns: 300 },
      );
      expect(kinds.size).toBeGreaterThanOrEqual(6);
    });

    test("an HTML error page from a proxy, with 200 and with 502, and an empty body with each status", async () => {
      const cases: Hostile[] = [
        { kind: "html", status: 200, body: encode(HTML_PAGE), headers: { "content-type": "text/html" } },
        { kind: "html", status: 502, body: encode(HTML_PAGE), headers: { "content-type": "text/html" } },
        ...[200, 201, 202, 204, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504].map((status) => ({
          kind: "empty",
          status,
          body: new Uint8Array(0),
          headers: { "content-type": "application/json" },
        })),
      ];
      let answer: Hostile | undefined;
      const { client, fake } = clientOver(adapter, async () => respond(adapter, answer!));
      for (const operation of adapter.operations) {
        for (const hostile of cases) {
          answer = hostile;
          const outcome = await settle(() => operation.run(client, { fake, marker: "hostile", options: {} }));
          expect(judge(outcome, hostile.status), `${operation.name} ${hostile.kind} ${hostile.status}`).toBeUndefined();
          if (hostile.kind === "html" && !("hung" in outcome)) {
            // An HTML page is never a success: the caller gets an error that says what came back.
            expect(outcome.ok, `${operation.name}: HTML with ${hostile.status}`).toBe(false);
            if (!outcome.ok) expect(String(outcome.error)).toMatch(/HTML/);
          }
        }
      }
    });

    test("a huge body (8 MB) of JSON, of garbage and of HTML, over the wire", async () => {
      const size = 8 * 1024 * 1024;
      const bodies: [string, string, () => Uint8Array][] = [
        ["huge JSON", "application/json", () => encode(`{"data":[${'"x",'.repeat(size / 4)}"x"]}`)],
        ["huge garbage", "application/json", () => new Uint8Array(size).fill(0x7b)],
        ["huge HTML", "text/html", () => encode(`<html><body>${"<p>gateway</p>".repeat(size / 14)}</body></html>`)],
      ];
      let answer: Hostile | undefined;
      const server = await serve(async () => respond(adapter, answer!));
      const { client, fake } = clientOver(adapter, (r) => fetch(r), { baseUrl: server.url, timeoutMs: 20_000 });
      try {
        for (const [kind, type, make] of bodies) {
          const body = make();
          for (const status of [200, 502]) {
            answer = { kind, status, body, headers: { "content-type": type } };
            const operation = adapter.operations[0]!;
            const outcome = await settle(() => operation.run(client, { fake, marker: "huge", options: {} }), 30_000);
            expect(judge(outcome, status), `${kind} ${status}`).toBeUndefined();
            if (!("hung" in outcome) && !outcome.ok && isApiError(outcome.error)) {
              const { error } = outcome;
              // Text bodies are cut in errors: an 8 MB page never ends up in a log line.
              if (typeof error.body === "string") expect(error.body.length).toBeLessThanOrEqual(2000);
              expect(error.message.length).toBeLessThan(5000);
            }
          }
        }
      } finally {
        await server.close();
      }
    }, 60_000);
  });
}

/**
 * Raw HTTP a `Response` cannot express: malformed status lines, conflicting lengths, bytes beyond Latin-1 in
 * headers, a body that stops early, a connection held open. Sent over a bare TCP socket.
 */
const RAW: [string, string][] = [
  ["status 999", "HTTP/1.1 999 Weird\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"],
  ["no reason phrase", "HTTP/1.1 502 \r\ncontent-length: 0\r\n\r\n"],
  ["header bytes beyond Latin-1", "HTTP/1.1 500 Oops\r\nx-request-id: r\u00e9q-\u2603\r\ncontent-length: 2\r\n\r\n{}"],
  ["conflicting content-length", 'HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 50\r\n\r\n{"a":1}'],
  [
    "body shorter than content-length, then close",
    'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"data":',
  ],
  ["bad chunk size", "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"],
  [
    "gzip that is not gzip",
    'HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"data":{}}',
  ],
  ["obs-fold header", "HTTP/1.1 503 Busy\r\nretry-after: 1\r\n  continued\r\ncontent-length: 0\r\n\r\n"],
  ["NUL in a header", "HTTP/1.1 429 Slow\r\nretry-after: 1\u0000\r\ncontent-length: 0\r\n\r\n"],
  ["HTTP/0.9-ish garbage", "garbage garbage\r\n\r\n"],
  [
    "headers, then nothing (held open)",
    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n",
  ],
  ["nothing at all (held open)", ""],
  ["close-delimited body", 'HTTP/1.0 200 OK\r\ncontent-type: application/json\r\n\r\n{"data":{"id":1}}'],
];

describe("raw HTTP that a Response cannot express", () => {
  let server: Server;
  let port = 0;
  let current = "";
  const sockets = new Set<import("node:net").Socket>();
  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {});
      socket.once("data", () => {
        socket.write(Buffer.from(current, "latin1"));
        // Most answers end with the connection; the "held open" ones wait for the client's timeout.
        if (
          !current.startsWith("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100") &&
          current !== ""
        )
          socket.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    // Sockets held open on purpose would keep the server alive.
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  for (const adapter of adapters) {
    test(`${adapter.packageName}: each one settles with a value or a typed error`, async () => {
      const problems: string[] = [];
      const { client, fake } = clientOver(adapter, (r) => fetch(r), {
        baseUrl: `http://127.0.0.1:${port}`,
        timeoutMs: 300,
      });
      for (const [name, raw] of RAW) {
        current = raw;
        const operation = adapter.operations[0]!;
        const outcome = await settle(() => operation.run(client, { fake, marker: "raw", options: {} }), 5000);
        if ("hung" in outcome) problems.push(`${name}: hung`);
        else if (!outcome.ok && !isHatcheryError(outcome.error)) problems.push(`${name}: ${String(outcome.error)}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
