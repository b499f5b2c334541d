// Secrets, for every provider: run the whole flow with a recognizable fake key (and any token the fake hands
// out) and scan everything a caller can observe — thrown errors (message, stack, String, JSON.stringify,
// util.inspect with the cause chain), logger output at every level, and results. Zero hits. A redirect to
// another origin never carries the credential along.
import { createLogger, isHatcheryError } from "@hatchery/core";
import { type RecordedRequest, recordRequests, serve, withFaults } from "@hatchery/core/testing";
import { afterEach, describe, expect, test } from "vitest";
import type { ProviderAdapter } from "../src/adapter.js";
import { adapters } from "../src/providers/index.js";
import { capturingLogger, fakeKey, type Leak, observeError, observeValue, scan } from "../src/secrets.js";
import { FAULT_KINDS } from "../src/soak.js";
import { settle } from "./helpers.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The recognizable wrong key a second client uses (a typo'd key is still a secret). */
const wrongKey = (adapter: ProviderAdapter) => `${fakeKey(adapter.dir)}-wrong-0b9d2c4e6f8a1357`;

/** A served fake with faults, a client with a capturing logger at debug, and a scanner over both. */
async function flow(adapter: ProviderAdapter, apiKey = fakeKey(adapter.dir), handlerFor?: (fake: any) => any) {
  const fake = adapter.createFake(fakeKey(adapter.dir));
  const faulty = withFaults(handlerFor ? handlerFor(fake) : adapter.handler(fake));
  const server = await serve(faulty);
  closers.push(() => server.close());
  const { lines, logger } = capturingLogger();
  const client = adapter.createClient({
    apiKey,
    baseUrl: server.url,
    logger: createLogger(logger, "debug"),
    retry: { baseDelayMs: 1, maxDelayMs: 5, budget: false },
    timeoutMs: 400,
    rateLimit: false,
  });
  const leaks: Leak[] = [];
  /** Every error text observed, to check the test met what it meant to (redacted credentials). */
  const seen: string[] = [];
  const secrets = () => [fakeKey(adapter.dir), wrongKey(adapter), ...(adapter.issuedSecrets?.(fake) ?? [])];
  const observe = async (where: string, call: () => PromiseLike<unknown>, scanResult = true) => {
    const outcome = await settle(call);
    expect("hung" in outcome, `${where}: hung`).toBe(false);
    if ("ok" in outcome && outcome.ok && scanResult) leaks.push(...scan(observeValue(outcome.value), secrets(), where));
    if ("ok" in outcome && !outcome.ok) {
      expect(isHatcheryError(outcome.error), `${where}: ${String(outcome.error)}`).toBe(true);
      const text = observeError(outcome.error);
      seen.push(text);
      leaks.push(...scan(text, secrets(), `error of ${where}`));
    }
    return outcome;
  };
  const finish = () => {
    for (const line of lines) leaks.push(...scan(line.text, secrets(), `logger.${line.level}`));
    return { leaks, lines, seen };
  };
  return { fake, faulty, client, observe, finish, server };
}

test("the scanner finds a key in every form it could leak in", () => {
  const key = fakeKey("scanner");
  const request = new Request("https://a.test/", { headers: { authorization: `Bearer ${key}` } });
  const forms = [
    key,
    `url?key=${encodeURIComponent(key)}`,
    JSON.stringify({ k: key }),
    Buffer.from(key).toString("base64"),
    `cut in half: ${key.slice(0, key.length - 8)}`,
    observeValue(request.headers),
    observeError(new Error("outer", { cause: new Error(`inner ${key}`) })),
  ];
  for (const text of forms) expect(scan(text, [key], "probe").length, text).toBeGreaterThan(0);
  expect(scan("nothing to see", [key], "probe")).toEqual([]);
});

for (const adapter of adapters) {
  describe(`${adapter.packageName}: secrets`, () => {
    test("every operation, then every fault kind, then a wrong key and refused input: no secret anywhere", async () => {
      const { fake, faulty, client, observe, finish } = await flow(adapter);
      let marker = 0;
      const run = (op: (typeof adapter.operations)[number]) =>
        op.run(client, { fake, marker: `secrets-${marker++}`, options: {} });

      for (const op of adapter.operations) {
        const outcome = await observe(op.name, () => run(op));
        expect("ok" in outcome && outcome.ok, `${op.name} succeeds against the fake`).toBe(true);
      }
      for (const [kind, make] of Object.entries(FAULT_KINDS)) {
        for (const op of adapter.operations) {
          // A short timeout here, so that slow bodies cost little.
          faulty.inject({ ...make(150, () => 0), times: 3 });
          await observe(`${op.name} under ${kind}`, () =>
            op.run(client, { fake, marker: `secrets-${marker++}`, options: { timeoutMs: 150 } }),
          );
          faulty.clear();
        }
      }
      for (const pathCall of adapter.pathCalls) {
        for (const id of ["..", ".", "\ud800", "not-a-guid"]) {
          await observe(`${pathCall.operation}(${JSON.stringify(id)})`, () =>
            pathCall.call(client, id, { fake, options: {} }),
          );
        }
      }
      for (const pageCall of adapter.pageCalls) {
        await observe(`${pageCall.operation} with a negative offset`, () =>
          pageCall.call(client, { [pageCall.offsetParam]: -1 }, {}),
        );
      }
      // Aborted by the caller, mid-call.
      const controller = new AbortController();
      faulty.inject({ delayMs: 200 });
      setTimeout(() => controller.abort(), 20);
      await observe("an aborted call", () =>
        adapter.operations[0]!.run(client, { fake, marker: "abort", options: { signal: controller.signal } }),
      );

      const { leaks, lines } = finish();
      expect(lines.length).toBeGreaterThan(adapter.operations.length);
      expect(leaks).toEqual([]);

      // A second client with a key the fake refuses: the refusal does not repeat the key.
      const wrong = await flow(adapter, wrongKey(adapter));
      for (const op of adapter.operations) {
        const outcome = await wrong.observe(`${op.name} with a wrong key`, () =>
          op.run(wrong.client, { fake: wrong.fake, marker: "wrong", options: {} }),
        );
        expect("ok" in outcome && !outcome.ok, `${op.name} with a wrong key fails`).toBe(true);
      }
      expect(wrong.finish().leaks).toEqual([]);
    });

    test("a server that echoes the credential in bodies, headers, request ids and redirects: errors and logs stay clean", async () => {
      // Reflects whatever credential arrived (the Authorization header, or a form/JSON body field) everywhere.
      const echo = async (request: Request): Promise<Response> => {
        const body = await request.text();
        const credential = `${request.headers.get("authorization") ?? ""} ${body}`;
        const status = [400, 401, 403, 422, 429, 500, 502, 200, 302][echoCount++ % 9]!;
        const headers: Record<string, string> = {
          "content-type": "application/json",
          "x-request-id": `req-${credential.slice(0, 120)}`.replace(/[^\x20-\x7e]/g, "?"),
          "www-authenticate": `Bearer realm="${credential.slice(0, 80)}"`.replace(/[^\x20-\x7e]/g, "?"),
          "x-debug-auth": credential.replace(/[^\x20-\x7e]/g, "?"),
          location: `https://evil.test/cb?token=${encodeURIComponent(credential)}`,
          "retry-after": "0",
        };
        if (adapter.requestIdHeader) headers[adapter.requestIdHeader] = headers["x-request-id"]!;
        const payload = {
          message: `invalid credential: ${credential}`,
          title: credential,
          detail: `you sent ${credential}`,
          errors: [{ detail: credential, title: credential, source: { pointer: credential } }, credential],
          result: "error",
          data: status === 200 ? "not the documented shape" : { echoed: credential },
        };
        return new Response(JSON.stringify(payload), { status, headers });
      };
      let echoCount = 0;
      const { fake, client, observe, finish } = await flow(adapter, fakeKey(adapter.dir), () => echo);
      for (let round = 0; round < 9; round++) {
        for (const op of adapter.operations) {
          // A result here would be the server's own (echoed) data, so only errors and logs are scanned.
          await observe(
            `${op.name} against an echoing server`,
            () => op.run(client, { fake, marker: `echo-${round}`, options: {} }),
            false,
          );
        }
      }
      // The same page as HTML from a "proxy".
      const html = await flow(
        adapter,
        fakeKey(adapter.dir),
        () => async (request: Request) =>
          new Response(`<html><body>Bad gateway for ${request.headers.get("authorization")}</body></html>`, {
            status: 502,
            headers: { "content-type": "text/html", "x-request-id": `${request.headers.get("authorization")}` },
          }),
      );
      for (const op of adapter.operations) {
        await html.observe(`${op.name} against an echoing proxy`, () =>
          op.run(html.client, { fake: html.fake, marker: "html", options: {} }),
        );
      }
      const echoed = finish();
      expect(echoed.leaks).toEqual([]);
      expect(html.finish().leaks).toEqual([]);
      // The credential did come back, and was scrubbed: the errors show where it was.
      expect(echoed.seen.some((text) => text.includes("[REDACTED]"))).toBe(true);
    });

    test("a redirect to another origin is not followed: the other origin never sees the credential", async () => {
      const received: RecordedRequest[] = [];
      const other = recordRequests(async () => new Response("{}", { status: 200 }));
      const otherServer = await serve(other);
      closers.push(() => otherServer.close());
      let hop = 0;
      const statuses = [301, 302, 303, 307, 308];
      const { fake, client, observe, finish, server } = await flow(
        adapter,
        fakeKey(adapter.dir),
        () => async (request: Request) => {
          const url = new URL(request.url);
          // Every other request first hops once on the same origin (followed), then leaves for the other one.
          if (!url.pathname.startsWith("/hop")) {
            return new Response(null, { status: 307, headers: { location: `/hop${url.pathname}${url.search}` } });
          }
          const status = statuses[hop++ % statuses.length]!;
          const targets = [
            `${otherServer.url}/steal`,
            `//127.0.0.1:${otherServer.port}/steal`,
            `http://localhost:${server.port}/steal`, // same port, another host name: another origin
          ];
          return new Response(null, { status, headers: { location: targets[hop % targets.length]! } });
        },
      );
      for (let round = 0; round < statuses.length * 3; round++) {
        for (const op of adapter.operations) {
          const outcome = await observe(`${op.name} redirected away`, () =>
            op.run(client, { fake, marker: `redirect-${round}`, options: {} }),
          );
          expect("ok" in outcome && !outcome.ok, `${op.name}: a redirect away is an error`).toBe(true);
        }
      }
      received.push(...other.requests);
      expect(received).toEqual([]);
      expect(finish().leaks).toEqual([]);
    });
  });
}
